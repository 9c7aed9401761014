import { Readable } from "node:stream";
import type { Database } from "../../db/prisma.js";
import { compileSigmaRule, type CompiledSigmaRule } from "../../detection/custom/sigma/compile.js";
import { dryRunSigmaRule } from "../../detection/custom/sigma/dry-run.js";
import { SigmaRuleError } from "../../detection/custom/sigma/errors.js";
import { DEFAULT_SETTINGS, type DetectionContext } from "../../detection/engine/types.js";
import type { VigilEvent } from "../../detection/events.js";
import { buildThreatIndex } from "../../detection/intel/index.js";
import { LogObjectError, parseLogObject } from "../../ingest/parsers/index.js";
import { loadAwsRanges } from "../../reference-data/aws-ranges.js";
import { loadNameReference } from "../../reference-data/domain-names.js";
import type { Actor } from "../actor.js";
import { InvalidInputError } from "../errors.js";
import { authorizeDetector } from "../policies/detector.js";

/** A dry run reads what it is given in the request: bounded so one call cannot hold a server. */
export const MAX_TEST_EVENTS_BYTES = 1_048_576;
export const MAX_TEST_EVENTS = 10_000;

export type CustomRuleMatch = { eventId?: string; object: string; line?: number };

export type CustomRuleTestResult = {
  rule: CompiledSigmaRule["info"];
  findingType: string;
  severity: number;
  eventsRead: number;
  brokenRecords: number;
  /** Findings the rule would raise (one per event, or per window that reached the count). */
  findings: number;
  /** The events the rule matched, by eventID (CloudTrail) or object and line. */
  matchedEvents: string[];
};

/**
 * Custom detection rules (issue 20). For now the dry run: a Sigma rule tested against events given
 * inline, in any format `vigil scan` reads (CloudTrail JSON or lines, VPC Flow, Route 53 Resolver).
 * Nothing is stored, raised or audited: the caller sees what the rule would do on its own detector.
 */
export class CustomRuleService {
  constructor(private readonly db: Database) {}

  async test(actor: Actor | null, detectorId: string, ruleText: string, eventsText: string): Promise<CustomRuleTestResult> {
    await authorizeDetector(this.db, actor, "use", detectorId);
    let rule: CompiledSigmaRule;
    try {
      rule = compileSigmaRule(ruleText);
    } catch (error) {
      if (error instanceof SigmaRuleError) throw new InvalidInputError(`rule: ${error.message}`);
      throw error;
    }
    if (Buffer.byteLength(eventsText, "utf8") > MAX_TEST_EVENTS_BYTES) throw new InvalidInputError(`events: at most ${MAX_TEST_EVENTS_BYTES} bytes in a dry run.`);
    const { events, broken } = await readEvents(eventsText);
    const context: DetectionContext = {
      intel: buildThreatIndex({ accounts: new Map() }),
      awsRanges: loadAwsRanges(),
      names: loadNameReference(),
      geo: { lookup: () => undefined },
      settings: DEFAULT_SETTINGS,
    };
    const candidates = dryRunSigmaRule(rule, events, context);
    const matched = [...new Set(candidates.flatMap((candidate) => ((candidate.additionalInfo?.sigma ?? {}) as { matchedEvents?: string[] }).matchedEvents ?? []))];
    return {
      rule: rule.info,
      findingType: rule.findingType.type,
      severity: rule.findingType.severity,
      eventsRead: events.length,
      brokenRecords: broken,
      findings: candidates.length,
      matchedEvents: matched,
    };
  }
}

async function readEvents(text: string): Promise<{ events: VigilEvent[]; broken: number }> {
  const { batches, stats } = parseLogObject(Readable.from([text]), { objectKey: "testCustomRule" });
  const events: VigilEvent[] = [];
  try {
    for await (const batch of batches) {
      events.push(...batch);
      if (events.length > MAX_TEST_EVENTS) throw new InvalidInputError(`events: at most ${MAX_TEST_EVENTS} events in a dry run.`);
    }
  } catch (error) {
    if (error instanceof LogObjectError) throw new InvalidInputError(`events: ${error.reason}`);
    throw error;
  }
  return { events, broken: stats.broken };
}
