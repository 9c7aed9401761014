/**
 * The detection engine: routes each event only to the rules that can fire on it and collects their
 * candidates. Routing is prebuilt once per rule set (kind → rules; for CloudTrail, eventSource →
 * eventName → rules, event and windowed rules alike), so the per-event cost is a few map lookups plus
 * the rules that really apply.
 */
import type { CloudTrailEvent, VigilEvent } from "../events.js";
import type { CloudTrailRule, CloudTrailTrigger, DetectionContext, DnsRule, EventRule, FindingCandidate, FlowRule, WindowedRule } from "./types.js";
import { isTrustedCounterpart } from "./trusted.js";

/** Partial aggregates of one batch: rule id → window key → partial. */
export type WindowPartials = Map<string, Map<string, unknown>>;

export type BatchResult = { candidates: FindingCandidate[]; windowPartials: WindowPartials };

export type DetectionEngine = {
  readonly eventRules: readonly EventRule[];
  readonly windowedRules: readonly WindowedRule[];
  /** Candidates of the event rules for one batch, trusted-list matches removed. */
  detect(events: readonly VigilEvent[], context: DetectionContext): FindingCandidate[];
  /** The same, plus this batch's partial aggregates of the windowed rules, in one pass. */
  detectBatch(events: readonly VigilEvent[], context: DetectionContext): BatchResult;
  /** Candidates of the windowed rules from partials merged across batches by a window store. */
  decideWindows(merged: WindowPartials, context: DetectionContext): FindingCandidate[];
};

/**
 * What the CloudTrail router hands an event to: an event rule, or the position of a windowed rule in
 * the kind's list (the batch's partials sit at the same position).
 */
type Routed = { rule: CloudTrailRule; windowed?: undefined } | { rule?: undefined; windowed: number };

/** Event and windowed rules in one table, so an event costs one lookup of its call for both. */
class CloudTrailRouter {
  private readonly everyEvent: Routed[] = [];
  private readonly byCall = new Map<string, Map<string, Routed[]>>();

  constructor(
    rules: readonly CloudTrailRule[],
    private readonly windowed: readonly WindowedRule[],
  ) {
    for (const rule of rules) this.add({ rule }, rule.triggers);
    windowed.forEach((rule, position) => this.add({ windowed: position }, rule.triggers));
  }

  private add(routed: Routed, triggers: readonly CloudTrailTrigger[] | undefined): void {
    if (!triggers) {
      this.everyEvent.push(routed);
      return;
    }
    for (const trigger of triggers) {
      let byName = this.byCall.get(trigger.eventSource);
      if (!byName) this.byCall.set(trigger.eventSource, (byName = new Map()));
      for (const name of trigger.eventNames) {
        const list = byName.get(name);
        if (!list) byName.set(name, [routed]);
        else if (!list.includes(routed)) list.push(routed);
      }
    }
  }

  run(event: CloudTrailEvent, context: DetectionContext, emit: (c: FindingCandidate) => void, partials: readonly Map<string, unknown>[]): void {
    this.hand(this.everyEvent, event, context, emit, partials);
    const specific = this.byCall.get(event.eventSource)?.get(event.eventName);
    if (specific) this.hand(specific, event, context, emit, partials);
  }

  private hand(routes: readonly Routed[], event: CloudTrailEvent, context: DetectionContext, emit: (c: FindingCandidate) => void, partials: readonly Map<string, unknown>[]): void {
    for (const routed of routes) {
      if (routed.rule) routed.rule.evaluate(event, context, emit);
      else this.windowed[routed.windowed].accumulate(event, context, partials[routed.windowed]);
    }
  }
}

export function createEngine(eventRules: readonly EventRule[], windowedRules: readonly WindowedRule[] = []): DetectionEngine {
  const ruleIds = new Set<string>();
  for (const rule of [...eventRules, ...windowedRules]) {
    if (ruleIds.has(rule.id)) throw new Error(`two rules share the id "${rule.id}"`);
    ruleIds.add(rule.id);
  }
  const flowRules = eventRules.filter((r): r is FlowRule => r.kind === "flow");
  const dnsRules = eventRules.filter((r): r is DnsRule => r.kind === "dns");
  const windowedByKind = {
    cloudtrail: windowedRules.filter((r) => r.kind === "cloudtrail"),
    flow: windowedRules.filter((r) => r.kind === "flow"),
    dns: windowedRules.filter((r) => r.kind === "dns"),
  };
  const cloudTrail = new CloudTrailRouter(
    eventRules.filter((r): r is CloudTrailRule => r.kind === "cloudtrail"),
    windowedByKind.cloudtrail,
  );

  function detectBatch(events: readonly VigilEvent[], context: DetectionContext): BatchResult {
    const candidates: FindingCandidate[] = [];
    const emit = (candidate: FindingCandidate) => {
      if (!isTrustedCounterpart(candidate, context.intel)) candidates.push(candidate);
    };
    const windowPartials: WindowPartials = new Map();
    for (const rule of windowedRules) windowPartials.set(rule.id, new Map());
    // Each kind's windowed rules beside their partials, so an event reaches them without a lookup per rule.
    const partialsOf = (rules: readonly WindowedRule[]) => rules.map((rule) => windowPartials.get(rule.id)!);
    const windowedPartials = { cloudtrail: partialsOf(windowedByKind.cloudtrail), flow: partialsOf(windowedByKind.flow), dns: partialsOf(windowedByKind.dns) };
    for (const event of events) {
      if (event.kind === "cloudtrail") {
        cloudTrail.run(event, context, emit, windowedPartials.cloudtrail);
        continue;
      }
      if (event.kind === "flow") for (const rule of flowRules) rule.evaluate(event, context, emit);
      else for (const rule of dnsRules) rule.evaluate(event, context, emit);
      const windowed = windowedByKind[event.kind];
      const partials = windowedPartials[event.kind];
      for (let i = 0; i < windowed.length; i++) windowed[i].accumulate(event, context, partials[i]);
    }
    return { candidates, windowPartials };
  }

  return {
    eventRules,
    windowedRules,
    detectBatch,
    detect: (events, context) => detectBatch(events, context).candidates,
    decideWindows(merged, context) {
      const candidates: FindingCandidate[] = [];
      const emit = (candidate: FindingCandidate) => {
        if (!isTrustedCounterpart(candidate, context.intel)) candidates.push(candidate);
      };
      for (const rule of windowedRules) {
        const partials = merged.get(rule.id);
        // forEach: iterating the entries would allocate a pair per window key, thousands per batch.
        partials?.forEach((value, key) => rule.decide(key, value, context, emit));
      }
      return candidates;
    },
  };
}
