import type { CloudTrailEvent, FlowEvent, VigilEvent } from "../events.js";
import { apiCall, cloudTrailEvent, testContext } from "../testing/cloudtrail.js";
import { createEngine } from "./engine.js";
import { SEVERITY, type CloudTrailRule, type FindingCandidate, type FindingTypeMeta, type FlowRule, type WindowedRule } from "./types.js";
import { MemoryWindowStore, windowStart } from "./windows.js";

const META: FindingTypeMeta = {
  type: "Test:IAMUser/Example",
  severity: SEVERITY.LOW,
  dataSource: "CLOUD_TRAIL",
  method: "RULE",
  resourceType: "AccessKey",
  resourceRole: "TARGET",
  title: "t",
  description: "d",
  mitre: { tactic: "x", technique: "y" },
  aggregation: "account",
};

function candidateFor(caller: string, key = "k"): FindingCandidate {
  return {
    meta: META,
    severity: META.severity,
    accountId: "111122223333",
    region: "eu-west-1",
    aggregationKey: key,
    time: 0,
    resource: { resourceType: "AccessKey" },
    action: { actionType: "AWS_API_CALL", api: "a", serviceName: "s", caller, affectedResources: {} },
    templateValues: {},
    source: { object: "o" },
  };
}

function countingRule(id: string, triggers?: CloudTrailRule["triggers"]): CloudTrailRule & { seen: string[] } {
  const seen: string[] = [];
  return {
    id,
    kind: "cloudtrail",
    findingTypes: [META],
    triggers,
    seen,
    evaluate(event, _context, emit) {
      seen.push(event.eventName);
      emit(candidateFor(event.sourceIp, id));
    },
  };
}

function flow(overrides: Partial<FlowEvent>): FlowEvent {
  return { kind: "flow", time: 0, end: 60_000, accountId: "111122223333", version: 2, extra: {}, origin: { object: "flow.log", line: 1 }, ...overrides };
}

describe("createEngine", () => {
  const events: VigilEvent[] = [
    cloudTrailEvent(apiCall({ eventSource: "cloudtrail.amazonaws.com", eventName: "StopLogging" })),
    cloudTrailEvent(apiCall({ eventSource: "ec2.amazonaws.com", eventName: "StopLogging" })),
    cloudTrailEvent(apiCall({ eventSource: "ec2.amazonaws.com", eventName: "DescribeInstances" })),
  ];

  it("routes CloudTrail events only to rules whose triggers name their source and API, and every event to rules without triggers", () => {
    const specific = countingRule("specific", [{ eventSource: "cloudtrail.amazonaws.com", eventNames: ["StopLogging", "DeleteTrail"] }]);
    const every = countingRule("every");
    const engine = createEngine([specific, every]);
    const candidates = engine.detect(events, testContext());
    expect(specific.seen).toEqual(["StopLogging"]);
    expect(every.seen).toEqual(["StopLogging", "StopLogging", "DescribeInstances"]);
    expect(candidates).toHaveLength(4);
  });

  it("routes flow and DNS events to the rules of their kind", () => {
    const seen: number[] = [];
    const flowRule: FlowRule = { id: "flow", kind: "flow", findingTypes: [META], evaluate: (event) => void seen.push(event.dstPort ?? -1) };
    const engine = createEngine([countingRule("ct"), flowRule]);
    engine.detect([flow({ dstPort: 22 }), ...events, flow({ dstPort: 3389 })], testContext());
    expect(seen).toEqual([22, 3389]);
  });

  it("drops candidates whose caller is on the account's trusted list", () => {
    const every = countingRule("every");
    const trustedCaller = cloudTrailEvent(apiCall({ sourceIPAddress: "203.0.113.9" }));
    const engine = createEngine([every]);
    const candidates = engine.detect([...events, trustedCaller], testContext({ trusted: ["203.0.113.9"] }));
    expect(every.seen).toHaveLength(4);
    expect(candidates.map((c) => c.action.actionType === "AWS_API_CALL" && c.action.caller)).not.toContain("203.0.113.9");
    expect(candidates).toHaveLength(3);
  });

  it("refuses two rules with the same id", () => {
    expect(() => createEngine([countingRule("same"), countingRule("same")])).toThrow(/same/);
  });
});

describe("windowed rules", () => {
  // A port-scan-like rule: distinct destination ports per source and minute; decides at 3 ports.
  type Ports = { ports: number[] };
  const scan: WindowedRule<FlowEvent, Ports> = {
    id: "distinct-ports",
    kind: "flow",
    findingTypes: [META],
    windowMs: 60_000,
    accumulate(event, _context, partials) {
      if (event.srcAddr === undefined || event.dstPort === undefined) return;
      const key = `${windowStart(event.time, this.windowMs)}|${event.srcAddr}`;
      const partial = partials.get(key) ?? { ports: [] };
      if (!partial.ports.includes(event.dstPort)) partial.ports.push(event.dstPort);
      partials.set(key, partial);
    },
    merge: (a, b) => ({ ports: [...new Set([...a.ports, ...b.ports])] }),
    decide(key, merged, _context, emit) {
      if (merged.ports.length >= 3) emit(candidateFor(key.split("|")[1], key));
    },
  };

  it("folds each batch into partials, merges them across batches in a store, and decides on the merged counts", () => {
    const engine = createEngine([], [scan]);
    const store = new MemoryWindowStore(engine.windowedRules);
    const context = testContext();
    const first = engine.detectBatch([flow({ srcAddr: "81.2.69.142", dstPort: 22 }), flow({ srcAddr: "81.2.69.142", dstPort: 23 })], context);
    expect(first.candidates).toEqual([]);
    expect(engine.decideWindows(store.merge(first.windowPartials), context)).toEqual([]);
    const second = engine.detectBatch([flow({ srcAddr: "81.2.69.142", dstPort: 22 }), flow({ srcAddr: "81.2.69.142", dstPort: 80, time: 5_000 })], context);
    const decided = engine.decideWindows(store.merge(second.windowPartials), context);
    expect(decided.map((c) => c.aggregationKey)).toEqual(["0|81.2.69.142"]);
  });

  it("hands a CloudTrail windowed rule with triggers only the calls they name, and every CloudTrail event to one without", () => {
    const callsOf = (id: string, triggers?: WindowedRule["triggers"]): WindowedRule<CloudTrailEvent, string[]> => ({
      id,
      kind: "cloudtrail",
      findingTypes: [META],
      windowMs: 60_000,
      triggers,
      accumulate(event, _context, partials) {
        partials.set("calls", [...(partials.get("calls") ?? []), `${event.eventSource}:${event.eventName}`]);
      },
      merge: (a, b) => [...a, ...b],
      decide() {},
    });
    const specific = callsOf("specific", [{ eventSource: "cloudtrail.amazonaws.com", eventNames: ["StopLogging", "DeleteTrail"] }]);
    const every = callsOf("every");
    const events = ["cloudtrail.amazonaws.com:StopLogging", "ec2.amazonaws.com:StopLogging", "ec2.amazonaws.com:DescribeInstances"].map((call) => {
      const [eventSource, eventName] = call.split(":");
      return cloudTrailEvent(apiCall({ eventSource, eventName }));
    });
    const { windowPartials } = createEngine([], [specific, every]).detectBatch(events, testContext());
    expect(windowPartials.get("specific")?.get("calls")).toEqual(["cloudtrail.amazonaws.com:StopLogging"]);
    expect(windowPartials.get("every")?.get("calls")).toEqual(["cloudtrail.amazonaws.com:StopLogging", "ec2.amazonaws.com:StopLogging", "ec2.amazonaws.com:DescribeInstances"]);
  });

  it("keeps windows apart", () => {
    const engine = createEngine([], [scan]);
    const store = new MemoryWindowStore(engine.windowedRules);
    const batch = engine.detectBatch(
      [flow({ srcAddr: "81.2.69.142", dstPort: 22 }), flow({ srcAddr: "81.2.69.142", dstPort: 23 }), flow({ srcAddr: "81.2.69.142", dstPort: 80, time: 61_000 })],
      testContext(),
    );
    expect(engine.decideWindows(store.merge(batch.windowPartials), testContext())).toEqual([]);
  });

  it("forgets a window once the logs have moved its length plus the late-arrival margin past its end", () => {
    const engine = createEngine([], [scan]);
    const store = new MemoryWindowStore(engine.windowedRules, { lateArrivalMs: 60_000 });
    const context = testContext();
    const decide = (events: FlowEvent[]) => engine.decideWindows(store.merge(engine.detectBatch(events, context).windowPartials), context).map((c) => c.aggregationKey);
    const probe = (dstPort: number, time: number) => flow({ srcAddr: "81.2.69.142", dstPort, time });
    expect(decide([probe(22, 0), probe(23, 1_000)])).toEqual([]);
    // A window starting within the margin after the first one's end keeps it open for late records.
    expect(decide([probe(22, 119_000)])).toEqual([]);
    expect(decide([probe(80, 2_000)])).toEqual(["0|81.2.69.142"]);
    // One starting at its end plus the margin closes it: a record that late starts the window afresh.
    expect(decide([probe(22, 120_000)])).toEqual([]);
    expect(decide([probe(443, 3_000)])).toEqual([]);
  });
});
