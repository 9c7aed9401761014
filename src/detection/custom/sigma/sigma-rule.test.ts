/** What a compiled rule raises through the engine: its finding type, severity, licence fields and matched events; windows. */
import { createEngine } from "../../engine/engine.js";
import type { CloudTrailRule, WindowedRule } from "../../engine/types.js";
import type { CloudTrailEvent } from "../../events.js";
import { apiCall, cloudTrailEvent, testContext } from "../../testing/cloudtrail.js";
import { callSeries, runInBatches } from "../../testing/cloudtrail-batches.js";
import { compileSigmaRule } from "./compile.js";
import { compileDetection, sigmaRule } from "../../testing/sigma-rules.js";

describe("a compiled Sigma event rule", () => {
  const compiled = compileDetection("selection:\n    eventName: DescribeInstances\ncondition: selection");

  it("raises Custom:IAMUser/<title> with the level's severity, the rule's title, id and author and the eventID", () => {
    const engine = createEngine([compiled.rule.value as CloudTrailRule]);
    const [candidate, ...rest] = engine.detect([cloudTrailEvent(apiCall({ eventID: "ev-1" }))], testContext());
    expect(rest).toEqual([]);
    expect(candidate!.meta.type).toBe("Custom:IAMUser/TestRule");
    expect(candidate!.severity).toBe(8);
    expect(candidate!.additionalInfo).toEqual({
      sigma: { title: "Test Rule", id: "11111111-2222-4333-8444-555555555555", author: "Test Author", level: "high", matchedEvents: ["ev-1"] },
    });
    expect(candidate!.templateValues).toMatchObject({ ruleTitle: "Test Rule", ruleAuthor: "Test Author" });
    expect(engine.detect([cloudTrailEvent(apiCall({ eventName: "RunInstances" }))], testContext())).toEqual([]);
  });

  it("gives each matched event its own finding, so every eventID is named; the same event again lands on it", () => {
    const engine = createEngine([compiled.rule.value as CloudTrailRule]);
    const events = ["ev-1", "ev-2", "ev-1"].map((eventID) => cloudTrailEvent(apiCall({ eventID })));
    const keys = engine.detect(events, testContext()).map((candidate) => candidate.aggregationKey);
    expect(keys).toEqual([0, 1, 0].map((i) => `111122223333|11111111-2222-4333-8444-555555555555|ev-${i + 1}`));
  });

  it("may raise an existing type instead, and refuses a type outside GuardDuty's grammar", () => {
    const source = sigmaRule("selection:\n    eventName: DescribeInstances\ncondition: selection");
    expect(compileSigmaRule(source, { findingType: "Discovery:IAMUser/AnomalousBehavior" }).findingType.type).toBe("Discovery:IAMUser/AnomalousBehavior");
    expect(() => compileSigmaRule(source, { findingType: "not a type" })).toThrow("field 'findingType'");
  });

  it("for S3 data events, fires only on S3 object-level calls and only with S3 Protection on", () => {
    const s3 = compileSigmaRule(sigmaRule("selection:\n    eventName: GetObject\ncondition: selection").replace("service: cloudtrail", "service: s3dataevents"));
    const rule = s3.rule.value as CloudTrailRule;
    const getObject = cloudTrailEvent(apiCall({ eventSource: "s3.amazonaws.com", eventName: "GetObject", eventCategory: "Data", requestParameters: { bucketName: "b1", key: "k" } }));
    expect(createEngine([rule]).detect([getObject], testContext())[0]!.meta.type).toBe("Custom:S3/TestRule");
    expect(createEngine([rule]).detect([getObject], testContext({}, { s3DataEvents: false }))).toEqual([]);
  });
});

describe("a compiled Sigma aggregation", () => {
  const withTimeframe = compileSigmaRule(sigmaRule("selection:\n    eventName: ListBuckets\ntimeframe: 10m\ncondition: selection | count() by sourceIPAddress > 5"));
  const rule = withTimeframe.rule.value as WindowedRule<CloudTrailEvent>;

  it("needs a timeframe", () => {
    expect(() => compileDetection("selection:\n    eventName: ListBuckets\ncondition: selection | count() > 5")).toThrow("field 'detection.timeframe': an aggregation needs a timeframe");
    expect(() => compileDetection("selection:\n    eventName: ListBuckets\ntimeframe: 10m\ncondition: selection | count() < 5")).toThrow("use '>' or '>='");
  });

  it("fires once the count of a group passes the threshold inside the window, naming the matched events", () => {
    const calls = callSeries(6, () => apiCall({ eventName: "ListBuckets" }));
    const found = runInBatches(rule, calls, testContext(), 2);
    expect(found).toHaveLength(1);
    expect(found[0]!.additionalInfo).toMatchObject({ sigma: { count: 6, matchedEvents: calls.map((call) => call.eventID).sort() } });
    expect(found[0]!.aggregationKey).toBe(`111122223333|${withTimeframe.info.id}|198.51.100.20`);
  });

  const spaced = (count: number, everyMs: number, from: string) =>
    callSeries(count, () => apiCall({ eventName: "ListBuckets" })).map((call, i) => ({ ...call, eventTime: new Date(Date.parse(from) + i * everyMs).toISOString() }));

  it("stays silent at the threshold, across groups and when the calls spread over more than the timeframe", () => {
    expect(runInBatches(rule, callSeries(5, () => apiCall({ eventName: "ListBuckets" })))).toEqual([]);
    expect(runInBatches(rule, callSeries(6, (i) => apiCall({ eventName: "ListBuckets", sourceIPAddress: i % 2 ? "198.51.100.1" : "198.51.100.2" })))).toEqual([]);
    expect(runInBatches(rule, spaced(6, 150_000, "2026-03-01T10:00:00Z"))).toEqual([]); // 12.5 minutes
  });

  it("windows slide: a burst straddling two slots of the timeframe fires, once", () => {
    const straddling = spaced(6, 60_000, "2026-03-01T10:07:00Z"); // 10:07 to 10:12, slots start at 10:00 and 10:10
    const found = runInBatches(rule, straddling);
    expect(found).toHaveLength(1);
    expect(found[0]!.additionalInfo).toMatchObject({ sigma: { count: 6 } });
  });

  it("a batch delivered twice counts once", () => {
    const calls = callSeries(3, () => apiCall({ eventName: "ListBuckets" }));
    expect(runInBatches(rule, [...calls, ...calls], testContext(), 3)).toEqual([]);
  });

  it("count(field) counts distinct values", () => {
    const distinct = compileSigmaRule(sigmaRule("selection:\n    eventName: GetObject\ntimeframe: 1h\ncondition: selection | count(requestParameters.key) > 2")).rule.value as WindowedRule<CloudTrailEvent>;
    const sameKey = callSeries(5, () => apiCall({ eventName: "GetObject", requestParameters: { key: "a" } }));
    expect(runInBatches(distinct, sameKey)).toEqual([]);
    const keys = callSeries(3, (i) => apiCall({ eventName: "GetObject", requestParameters: { key: `k${i}` } }));
    expect(runInBatches(distinct, keys)).toHaveLength(1);
  });
});
