import type { GeoLookup } from "../geo/geo-lookup.js";
import { apiCall, runRule } from "../testing/cloudtrail.js";
import { cloudTrailLoggingDisabledRule } from "../rules/cloudtrail/cloudtrail-logging-disabled/rule.js";
import { FindingAggregator } from "./aggregator.js";
import { buildFinding } from "./build-finding.js";
import { MAX_SOURCE_EVENTS, mergeFinding } from "./merge-finding.js";

const geo: GeoLookup = { lookup: (address) => ({ ipAddressV4: address }) };

function occurrence(time: string, eventId: string, caller: string, now = Date.parse(time)) {
  const record = apiCall({ eventSource: "cloudtrail.amazonaws.com", eventName: "StopLogging", requestParameters: { name: "main" }, eventTime: time, eventID: eventId, sourceIPAddress: caller });
  return buildFinding(runRule(cloudTrailLoggingDisabledRule, record)[0], { detectorId: "det1", geo, now });
}

const callerOf = (finding: ReturnType<typeof occurrence>) =>
  finding.service.action.actionType === "AWS_API_CALL" ? finding.service.action.awsApiCallAction.remoteIpDetails?.ipAddressV4 : undefined;

describe("mergeFinding", () => {
  const first = occurrence("2026-03-01T10:00:00Z", "e1", "81.2.69.1");
  const second = occurrence("2026-03-01T12:00:00Z", "e2", "81.2.69.2");

  it("counts up, widens the time range, and takes the latest occurrence's details", () => {
    const merged = mergeFinding(first, second);
    expect(merged.id).toBe(first.id);
    expect(merged.service.count).toBe(2);
    expect(merged.service.eventFirstSeen).toBe("2026-03-01T10:00:00.000Z");
    expect(merged.service.eventLastSeen).toBe("2026-03-01T12:00:00.000Z");
    expect(merged.createdAt).toBe(first.createdAt);
    expect(merged.updatedAt).toBe(second.updatedAt);
    expect(callerOf(merged)).toBe("81.2.69.2");
    expect(merged.vigil.sourceEvents.map((ref) => ref.eventId)).toEqual(["e1", "e2"]);
  });

  it("takes an attack sequence's later decision whole, in either order, keeping creation and archive state", () => {
    const decided = (finding: typeof first, order: string, count: number) => ({ ...finding, service: { ...finding.service, count }, vigil: { ...finding.vigil, sequenceDecision: order } });
    const earlier = decided({ ...second, service: { ...second.service, archived: true } }, "t1/000000000001", 3);
    const later = decided(first, "t1/000000000002", 5);
    for (const merged of [mergeFinding(earlier, later), mergeFinding(later, earlier)]) {
      expect(merged.service).toMatchObject({ count: 5, eventFirstSeen: "2026-03-01T10:00:00.000Z", eventLastSeen: "2026-03-01T10:00:00.000Z" });
      expect(merged.vigil.sequenceDecision).toBe("t1/000000000002");
    }
    expect(mergeFinding(earlier, later).service.archived).toBe(true);
  });

  it("keeps the stored details when a late, older occurrence arrives, and keeps the archive state", () => {
    const archived = { ...second, service: { ...second.service, archived: true } };
    const merged = mergeFinding(archived, first);
    expect(callerOf(merged)).toBe("81.2.69.2");
    expect(merged.service.count).toBe(2);
    expect(merged.service.eventFirstSeen).toBe("2026-03-01T10:00:00.000Z");
    expect(merged.service.archived).toBe(true);
    expect(merged.vigil.sourceEvents.map((ref) => ref.eventId)).toEqual(["e1", "e2"]);
  });

  it("keeps only the newest source events, without repeats", () => {
    let merged = first;
    for (let i = 0; i < MAX_SOURCE_EVENTS + 5; i++) merged = mergeFinding(merged, occurrence(`2026-03-02T00:00:${String(i).padStart(2, "0")}Z`, `n${i}`, "81.2.69.3"));
    merged = mergeFinding(merged, occurrence("2026-03-03T00:00:00Z", `n${MAX_SOURCE_EVENTS + 4}`, "81.2.69.3"));
    const ids = merged.vigil.sourceEvents.map((ref) => ref.eventId);
    expect(ids).toHaveLength(MAX_SOURCE_EVENTS);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.at(-1)).toBe(`n${MAX_SOURCE_EVENTS + 4}`);
    expect(merged.service.count).toBe(MAX_SOURCE_EVENTS + 7);
  });

  it("refuses to merge different findings", () => {
    const other = { ...second, id: "0".repeat(32) };
    expect(() => mergeFinding(first, other)).toThrow();
  });
});

describe("FindingAggregator", () => {
  it("aggregates candidates of the same finding and lists the most severe first", () => {
    const aggregator = new FindingAggregator({ detectorId: "det1", geo });
    const stop = (id: string, trail: string) =>
      runRule(cloudTrailLoggingDisabledRule, apiCall({ eventSource: "cloudtrail.amazonaws.com", eventName: "StopLogging", requestParameters: { name: trail }, eventID: id }))[0];
    aggregator.add([stop("a", "main"), stop("b", "main"), stop("c", "audit")]);
    expect(aggregator.list().map((finding) => finding.service.count).sort()).toEqual([1, 2]);
  });
});
