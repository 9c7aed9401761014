/**
 * Every windowed rule that merges in place (for the in-memory store) must decide exactly as its
 * `merge` does. Batches of attack-like traffic are folded both ways and decided after each batch.
 */
import type { DetectionContext, FindingCandidate, WindowedRule } from "../engine/types.js";
import { createEngine } from "../engine/engine.js";
import type { DnsEvent, FlowEvent } from "../events.js";
import { WINDOWED_RULES } from "./index.js";
import { ACCOUNT, INDICATORS, T0, V5_FORMAT, flowEvents, listContext, v5, type FlowFields } from "../testing/flow-records.js";

const EXITS = INDICATORS.torExits.filter((address) => !address.includes(":"));
const context = listContext({ feeds: [{ category: "TOR_EXIT", entries: EXITS, name: "Tor exit nodes" }] });

function random(seed: number): (n: number) => number {
  let state = seed;
  return (n) => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return Math.floor((state / 2 ** 32) * n);
  };
}

/** Scans, sweeps, logins, floods and Tor traffic of a few instances over two windows, a little out of order. */
function flowRecords(seed: number): FlowEvent[] {
  const pick = random(seed);
  const instances = ["10.0.1.5", "10.0.1.6", "10.0.2.7"];
  const lines: string[] = [];
  for (let i = 0; i < 3000; i++) {
    const local = instances[pick(3)];
    const start = T0 + Math.floor(i / 3) - pick(30);
    const base: FlowFields = { src: local, dst: `198.51.100.${pick(3)}`, srcPort: 40000 + pick(20000), dstPort: 1 + pick(1500), start, tcpFlags: 2, direction: "egress", packets: 1, bytes: 44 };
    const kind = pick(6);
    if (kind === 0) lines.push(v5(base));
    else if (kind === 1) lines.push(v5({ ...base, dst: `203.0.113.${pick(250)}`, dstPort: 445 }));
    else if (kind === 2) lines.push(v5({ ...base, src: `192.0.2.${pick(2)}`, dst: local, dstPort: 22, direction: "ingress", packets: 12, bytes: 2400 }));
    else if (kind === 3) lines.push(v5({ ...base, protocol: 17, dstPort: 123, tcpFlags: undefined, packets: 200_000 + pick(100_000), bytes: 60_000_000 }));
    else if (kind === 4) lines.push(v5({ ...base, dst: EXITS[pick(3)], dstPort: 9001, packets: 20, bytes: 9000 }));
    else lines.push(v5({ ...base, src: EXITS[3 + pick(3)], dst: local, srcPort: 50000, dstPort: 9001, direction: "ingress", packets: 20, bytes: 9000 }));
  }
  return flowEvents(lines, V5_FORMAT);
}

/** Tunnel-like and ordinary queries of two instances. */
function dnsQueries(seed: number): DnsEvent[] {
  const pick = random(seed);
  const letters = (n: number) => Array.from({ length: n }, () => "abcdefghijklmnopqrstuvwxyz234567"[pick(32)]).join("");
  return Array.from({ length: 1500 }, (_, i) => ({
    kind: "dns",
    time: T0 * 1000 + i * 1000 - pick(20_000),
    accountId: ACCOUNT,
    queryName: pick(3) === 0 ? `www.example-site.com` : `${letters(30 + pick(30))}.${pick(2) ? "tunnel.example.net" : "t.example.org"}`,
    answers: [],
    instanceId: `i-0${pick(2)}`,
    raw: {},
    origin: { object: "dns.log", line: i + 1 },
  }));
}

function decisions(rule: WindowedRule, values: Map<string, unknown>, context: DetectionContext): FindingCandidate[] {
  const found: FindingCandidate[] = [];
  for (const [key, value] of values) rule.decide(key, value, context, (candidate) => found.push(candidate));
  return found;
}

describe.each(WINDOWED_RULES.filter((rule) => rule.mergeInto).map((rule) => [rule.id, rule] as const))("%s: mergeInto", (_id, rule) => {
  it("decides after every batch as merge does", () => {
    const events: Array<FlowEvent | DnsEvent> = rule.kind === "dns" ? dnsQueries(7) : flowRecords(7);
    const engine = createEngine([], [rule]);
    const copied = new Map<string, unknown>();
    const running = new Map<string, unknown>();
    let raised = 0;
    for (let from = 0; from < events.length; from += 97) {
      const partials = engine.detectBatch(events.slice(from, from + 97), context).windowPartials.get(rule.id)!;
      const touchedCopied = new Map<string, unknown>();
      const touchedRunning = new Map<string, unknown>();
      for (const [key, partial] of partials) {
        // Each way gets its own copy: mergeInto takes the batch's objects into the running value.
        const mine = structuredClone(partial);
        const before = copied.get(key);
        copied.set(key, before === undefined ? partial : rule.merge(before, partial));
        const value = running.get(key);
        running.set(key, value === undefined ? mine : rule.mergeInto!(value, mine));
        touchedCopied.set(key, copied.get(key));
        touchedRunning.set(key, running.get(key));
      }
      const expected = decisions(rule, touchedCopied, context);
      expect(decisions(rule, touchedRunning, context)).toEqual(expected);
      raised += expected.length;
    }
    expect(raised).toBeGreaterThan(0);
  });
});
