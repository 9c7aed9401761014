/**
 * A rule over past events, object after object: what it matches (the condition on each record, before
 * any aggregation) and the findings it would raise, windows merged in memory across objects. Findings
 * are told apart by aggregation key, as the pipeline would aggregate them. Nothing is raised.
 */
import { createEngine, type DetectionEngine } from "../../engine/engine.js";
import type { DetectionContext } from "../../engine/types.js";
import { MemoryWindowStore } from "../../engine/windows.js";
import type { VigilEvent } from "../../events.js";
import type { CompiledSigmaRule } from "./compile.js";
import { eventReference, recordOf } from "./records.js";
import { sigmaRuleSet } from "./rule-set.js";

export const MAX_BACKTEST_SAMPLES = 10;
export const MAX_BACKTEST_REFERENCES = 100;

export type BacktestTally = {
  eventsRead: number;
  matchedEvents: number;
  findings: number;
  /** The first matched records, as logged (JSON). */
  samples: string[];
  /** The first matched events' references: CloudTrail eventIDs, else log object and line. */
  matchedEventIds: string[];
};

export class SigmaBacktest {
  private readonly engine: DetectionEngine;
  private readonly windows: MemoryWindowStore;
  private readonly findingKeys = new Set<string>();
  readonly tally: BacktestTally = { eventsRead: 0, matchedEvents: 0, findings: 0, samples: [], matchedEventIds: [] };

  constructor(
    private readonly rule: CompiledSigmaRule,
    private readonly context: DetectionContext,
  ) {
    const set = sigmaRuleSet([rule]);
    this.engine = createEngine(set.eventRules, set.windowedRules);
    this.windows = new MemoryWindowStore(this.engine.windowedRules);
  }

  add(events: readonly VigilEvent[]): void {
    this.tally.eventsRead += events.length;
    for (const event of events) {
      const record = recordOf(event);
      if (!this.rule.matches(record)) continue;
      this.tally.matchedEvents++;
      if (this.tally.samples.length < MAX_BACKTEST_SAMPLES) this.tally.samples.push(JSON.stringify(record));
      if (this.tally.matchedEventIds.length < MAX_BACKTEST_REFERENCES) this.tally.matchedEventIds.push(eventReference(event));
    }
    const { candidates, windowPartials } = this.engine.detectBatch(events, this.context);
    candidates.push(...this.engine.decideWindows(this.windows.merge(windowPartials), this.context));
    for (const candidate of candidates) this.findingKeys.add(`${candidate.meta.type}|${candidate.aggregationKey}`);
    this.tally.findings = this.findingKeys.size;
  }
}
