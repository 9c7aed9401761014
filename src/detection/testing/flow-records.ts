/**
 * Test support for flow and DNS rules: flow records written in the documented log formats and read by
 * the real parser, a detection context with real threat-list indexes, and runners that take batches
 * through the engine (and, for windowed rules, the in-process window store) as the pipeline does.
 */
import { loadAwsRanges } from "../../reference-data/aws-ranges.js";
import { loadNameReference } from "../../reference-data/domain-names.js";
import { createEngine } from "../engine/engine.js";
import { DEFAULT_SETTINGS, type DetectionContext, type EventRule, type FindingCandidate, type WindowedRule } from "../engine/types.js";
import type { DnsEvent, FlowEvent } from "../events.js";
import type { GeoLookup } from "../geo/geo-lookup.js";
import { readFixture } from "./fixtures.js";
import { GUARDDUTY_LIST_LIMITS, buildThreatIndex, parseList, type IntelList, type ListEntry, type ThreatCategory } from "../intel/index.js";
import { LocalWindowStore } from "../state/local-window-store.js";
import { detectWindows } from "../state/window-detection.js";
import { contributionId } from "../state/window-store.js";
import { FlowRecordLayout } from "../../ingest/parsers/flow-event.js";
import { DEFAULT_FIELDS, parseFormatString } from "../../ingest/parsers/flow-log-format.js";

export const ACCOUNT = "111122223333";
export const V5_FORMAT =
  "version account-id interface-id instance-id vpc-id subnet-id srcaddr dstaddr srcport dstport protocol packets bytes start end action tcp-flags flow-direction log-status";

export type FlowFields = {
  account?: string;
  eni?: string;
  instance?: string;
  src: string;
  dst: string;
  srcPort?: number;
  dstPort?: number;
  protocol?: number;
  packets?: number;
  bytes?: number;
  /** Seconds. */
  start?: number;
  end?: number;
  action?: "ACCEPT" | "REJECT";
  tcpFlags?: number;
  direction?: "ingress" | "egress";
};

export const T0 = 1_767_225_600; // 2026-01-01T00:00:00Z, seconds

/** A default-format (v2) record line. */
export function v2(f: FlowFields): string {
  const start = f.start ?? T0;
  return [2, f.account ?? ACCOUNT, f.eni ?? "eni-0a1b2c3d4e5f60718", f.src, f.dst, f.srcPort ?? 0, f.dstPort ?? 0, f.protocol ?? 6, f.packets ?? 1, f.bytes ?? 60, start, f.end ?? start + 1, f.action ?? "ACCEPT", "OK"].join(" ");
}

/** A record line in V5_FORMAT: instance id, VPC, TCP flags and flow direction. */
export function v5(f: FlowFields): string {
  const start = f.start ?? T0;
  const dash = (value: unknown) => (value === undefined ? "-" : String(value));
  return [
    5, f.account ?? ACCOUNT, f.eni ?? "eni-0a1b2c3d4e5f60718", f.instance ?? "i-0123456789abcdef0", "vpc-0a1b2c3d", "subnet-0a1b2c3d",
    f.src, f.dst, f.srcPort ?? 0, f.dstPort ?? 0, f.protocol ?? 6, f.packets ?? 1, f.bytes ?? 60, start, f.end ?? start + 1,
    f.action ?? "ACCEPT", dash(f.tcpFlags), dash(f.direction), "OK",
  ].join(" ");
}

/** Record lines read by the parser's own layout code; throws on a line the parser refuses. */
export function flowEvents(lines: readonly string[], format?: string, object = "flow-test.log"): FlowEvent[] {
  const layout = new FlowRecordLayout(format ? parseFormatString(format) : DEFAULT_FIELDS);
  return lines.map((line, index) => {
    const event = layout.toEvent(line.trim().split(/\s+/), { object, line: index + 1 }, {});
    if (typeof event === "string") throw new Error(`not a flow record (${event}): ${line}`);
    return event;
  });
}

/** A few real entries of the shared threat lists (test/fixtures/detection/README.md gives their origin). */
export type ThreatIndicators = {
  c2Endpoints: string[];
  c2Domains: string[];
  dgaDomains: string[];
  miningEndpoints: string[];
  miningDomains: string[];
  torExits: string[];
  scannerIps: string[];
  scannerCidrs: string[];
  maliciousIps: string[];
};

export const INDICATORS = readFixture<ThreatIndicators>("threat-indicators.json");

/** "address:port" list entries as their parts. */
export function endpoint(entry: string): { address: string; port: number } {
  const [address, port] = entry.split(":");
  return { address, port: Number(port) };
}

export type TestFeed = { category: ThreatCategory; entries: string[]; name?: string; threatNames?: string[] };

export type TestLists = { feeds?: TestFeed[]; custom?: string[]; trusted?: string[] };

function entriesOf(values: string[], threatNames?: string[]): ListEntry[] {
  const parsed = parseList("TXT", values.join("\n"), GUARDDUTY_LIST_LIMITS);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.list.entries.map((entry) => (threatNames ? { ...entry, threatNames } : entry));
}

const noGeo: GeoLookup = { lookup: () => undefined };

/** A context whose intel is a real ThreatIndex built from the given feeds and the account's lists. */
export function listContext(lists: TestLists = {}): DetectionContext {
  const list = (id: string, values: string[]): IntelList => ({ id, name: id, entries: entriesOf(values) });
  const intel = buildThreatIndex({
    accounts: new Map([[ACCOUNT, { trusted: lists.trusted ? [list("trusted", lists.trusted)] : [], threat: lists.custom ? [list("incident-42", lists.custom)] : [] }]]),
    feeds: (lists.feeds ?? []).map((feed, i) => ({ id: `feed-${i}`, name: feed.name ?? `${feed.category} feed`, category: feed.category, entries: entriesOf(feed.entries, feed.threatNames) })),
  });
  return { intel, awsRanges: loadAwsRanges(), names: loadNameReference(), geo: noGeo, settings: DEFAULT_SETTINGS };
}

/** Event rules over one batch, through the engine (trusted-list filter included). */
export function runEvents(rule: EventRule, events: Array<FlowEvent | DnsEvent>, context: DetectionContext = listContext()): FindingCandidate[] {
  return createEngine([rule]).detect(events, context);
}

/** Windowed rules over batches, each batch its own contribution, as the pipeline runs them. */
export async function runWindows(rules: WindowedRule[], batches: FlowEvent[][], context: DetectionContext = listContext()): Promise<FindingCandidate[]> {
  const engine = createEngine([], rules);
  const store = new LocalWindowStore(engine.windowedRules);
  const found: FindingCandidate[] = [];
  for (const [index, batch] of batches.entries()) {
    const { windowPartials } = engine.detectBatch(batch, context);
    found.push(...(await detectWindows(engine, store, windowPartials, contributionId("test", "flow-test.log", index), context)));
  }
  return found;
}

export function typesOf(candidates: FindingCandidate[]): string[] {
  return candidates.map((candidate) => candidate.meta.type);
}
