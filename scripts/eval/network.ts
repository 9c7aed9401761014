/**
 * The flow-log and DNS evaluation: every case (flow-cases.ts, dns-cases.ts) read by the parser from
 * its log objects, run through the engine batch by batch with the windowed rules' in-process store,
 * as `vigil scan` and the workers do. Per type: cases expecting it, found, missed; benign cases of its
 * data source (labelled negatives); and false findings — the type raised where the case neither
 * expects nor tolerates it. Only the types of the flow and DNS rule families are tallied.
 */
import { Readable } from "node:stream";
import type { DetectionEngine } from "../../src/detection/engine/engine.js";
import type { DetectionContext, EventRule, WindowedRule } from "../../src/detection/engine/types.js";
import type { VigilEvent } from "../../src/detection/events.js";
import { LocalWindowStore } from "../../src/detection/state/local-window-store.js";
import { detectWindows } from "../../src/detection/state/window-detection.js";
import { contributionId } from "../../src/detection/state/window-store.js";
import { parseLogObject } from "../../src/ingest/parsers/index.js";
import { DnsCases } from "./dns-cases.js";
import { FlowCases, type NetworkCase } from "./flow-cases.js";
import { readNetworkLists } from "./network-lists.js";
import { SeededRandom } from "./seeded-random.js";
import { Tallies } from "./tally.js";
import { readBenignDomains } from "./dga.js";
import { readTunnellingQueries, TUNNEL_TOOLS } from "./tunnelling.js";

/** Flow and DNS rules deciding by list or rule; the model-based ones (DGA names, tunnelling) have sections of their own. */
function isNetworkRule(rule: EventRule | WindowedRule): boolean {
  return (rule.kind === "flow" || rule.kind === "dns") && rule.findingTypes.every((meta) => !meta.method.includes("ML"));
}

export type NetworkEvaluation = {
  tallies: Tallies;
  cases: number;
  events: number;
  /** Per case family: cases, and cases that raised exactly what they should (expected all found, nothing false). */
  families: Map<string, { cases: number; right: number }>;
};

const BATCH = 250;

/** The finding types a case's objects raise, batch by batch. */
export async function typesRaisedBy(testCase: NetworkCase, engine: DetectionEngine, context: DetectionContext): Promise<{ types: Set<string>; events: number }> {
  const store = new LocalWindowStore(engine.windowedRules);
  const types = new Set<string>();
  let events = 0;
  for (const [o, text] of testCase.objects.entries()) {
    const object = `eval/${testCase.kind}/${o}`;
    const { batches } = parseLogObject(Readable.from([text]), { objectKey: object, kind: testCase.kind, batchSize: BATCH });
    let index = 0;
    for await (const batch of batches) {
      events += batch.length;
      const { candidates, windowPartials } = engine.detectBatch(batch, context);
      candidates.push(...(await detectWindows(engine, store, windowPartials, contributionId("eval", object, index++), context)));
      for (const candidate of candidates) types.add(candidate.meta.type);
    }
  }
  return { types, events };
}

function networkTypes(engine: DetectionEngine): Map<string, "VPC_FLOW_LOGS" | "DNS_QUERY_LOGS"> {
  const types = new Map<string, "VPC_FLOW_LOGS" | "DNS_QUERY_LOGS">();
  for (const rule of [...engine.eventRules, ...engine.windowedRules]) {
    if (!isNetworkRule(rule)) continue;
    for (const meta of rule.findingTypes) if (meta.dataSource === "VPC_FLOW_LOGS" || meta.dataSource === "DNS_QUERY_LOGS") types.set(meta.type, meta.dataSource);
  }
  return types;
}

function buildNetworkCases(dataDir: string, seed = 6): { cases: NetworkCase[]; context: (base: DetectionContext) => DetectionContext } {
  const random = new SeededRandom(seed);
  const lists = readNetworkLists(dataDir, random);
  const flows = new FlowCases(random, lists);
  const dns = new DnsCases(random, lists);
  const benignDomains = readBenignDomains(dataDir);
  const byTool = readTunnellingQueries(dataDir);
  const tunnelling = TUNNEL_TOOLS.flatMap((tool) => byTool.get(tool) ?? []);
  const cases = [
    ...flows.threatListConnections(),
    ...flows.portProbes(),
    ...flows.portScans(30),
    ...flows.portSweeps(24),
    ...flows.bruteForce(15),
    ...flows.floods(8),
    ...flows.torRelays(10),
    ...flows.benign(6),
    ...dns.listedDomains(),
    ...dns.testDomains(),
    ...dns.rebinding(benignDomains, 60),
    ...dns.benign(benignDomains, tunnelling),
  ];
  return { cases, context: (base) => ({ ...base, intel: lists.index }) };
}

export async function evaluateNetwork(dataDir: string, engine: DetectionEngine, base: DetectionContext): Promise<NetworkEvaluation> {
  const { cases, context: withLists } = buildNetworkCases(dataDir);
  const context = withLists(base);
  const types = networkTypes(engine);
  const result: NetworkEvaluation = { tallies: new Tallies(), cases: cases.length, events: 0, families: new Map() };
  for (const testCase of cases) {
    const { types: raised, events } = await typesRaisedBy(testCase, engine, context);
    result.events += events;
    let right = true;
    for (const type of testCase.expected) {
      result.tallies.positive(type, raised.has(type));
      right &&= raised.has(type);
    }
    for (const type of raised) {
      if (!types.has(type) || testCase.expected.includes(type) || testCase.tolerated.includes(type)) continue;
      result.tallies.falseFinding(type);
      right = false;
    }
    if (testCase.expected.length === 0) for (const [type, source] of types) if (source === testCase.kind) result.tallies.negative(type, false);
    const family = result.families.get(testCase.family) ?? { cases: 0, right: 0 };
    family.cases++;
    if (right) family.right++;
    result.families.set(testCase.family, family);
  }
  return result;
}

export type FlowThroughput = { events: number; eventsPerSecond: number; detectOnlyPerSecond: number };

/**
 * A rough, by-hand figure (never asserted): the flow cases' events, parsed once, timed through the
 * engine with every rule in batches of 1,000 — event rules and window folding alone, then with the
 * in-process window store and crossing decisions as well (the Redis round trip is not included).
 */
export async function measureFlowThroughput(dataDir: string, engine: DetectionEngine, base: DetectionContext): Promise<FlowThroughput> {
  const { cases, context: withLists } = buildNetworkCases(dataDir);
  const context = withLists(base);
  const events: VigilEvent[] = [];
  for (const testCase of cases.filter((c) => c.kind === "VPC_FLOW_LOGS")) {
    for (const text of testCase.objects) for await (const batch of parseLogObject(Readable.from([text]), { objectKey: "throughput", kind: testCase.kind }).batches) events.push(...batch);
  }
  const time = async (withWindows: boolean): Promise<number> => {
    let best = Infinity;
    for (let run = 0; run < 3; run++) {
      const store = new LocalWindowStore(engine.windowedRules);
      const start = process.hrtime.bigint();
      for (let at = 0; at < events.length; at += 1000) {
        const { windowPartials } = engine.detectBatch(events.slice(at, at + 1000), context);
        if (withWindows) await detectWindows(engine, store, windowPartials, `throughput#${at}`, context);
      }
      best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e9);
    }
    return best;
  };
  const detectOnly = await time(false);
  const full = await time(true);
  return { events: events.length, eventsPerSecond: Math.round(events.length / full), detectOnlyPerSecond: Math.round(events.length / detectOnly) };
}
