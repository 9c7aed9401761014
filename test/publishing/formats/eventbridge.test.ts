import { eventBridgeEvent } from "../../../src/services/publishing/formats/eventbridge";
import { formatFinding } from "../../../src/services/publishing/formats";
import { realGuardDutyEvent, vigilFinding } from "../support/sample-findings";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe("EventBridge envelope, field by field against a real GuardDuty event", () => {
  const real = realGuardDutyEvent();
  const finding = vigilFinding();
  const event = eventBridgeEvent(finding, new Date("2026-03-02T00:00:00Z"));

  it("carries exactly the envelope fields of the real event, each of the same JSON type", () => {
    expect(Object.keys(event).sort()).toEqual(Object.keys(real).sort());
    for (const [field, value] of Object.entries(real)) expect([field, Array.isArray(event[field as keyof typeof event]), typeof event[field as keyof typeof event]]).toEqual([field, Array.isArray(value), typeof value]);
  });

  it("has GuardDuty's constant fields, so EventBridge rules matching them match Vigil's events", () => {
    for (const field of ["version", "detail-type", "source", "resources"] as const) expect(event[field]).toEqual(real[field]);
  });

  it("takes account and region from the finding, as GuardDuty's do, and a fresh id per event", () => {
    expect(event.account).toBe(finding.accountId);
    expect(event.region).toBe(finding.region);
    expect(real.region).toBe(real.detail.region);
    expect(event.id).toMatch(UUID);
    expect(eventBridgeEvent(finding).id).not.toBe(event.id);
    expect(event.time).toBe("2026-03-02T00:00:00.000Z");
  });

  it("puts in detail the finding fields GuardDuty's detail has (what Lambda code reads)", () => {
    const missing = Object.keys(real.detail).filter((field) => !(field in event.detail));
    expect(missing).toEqual([]);
    for (const field of ["type", "severity", "id", "accountId"] as const) expect(typeof event.detail[field]).toBe(typeof real.detail[field]);
  });

  it("is the EVENTBRIDGE format, while GUARDDUTY is the bare finding", () => {
    expect(formatFinding("EVENTBRIDGE", finding)).toMatchObject({ source: "aws.guardduty", detail: finding });
    expect(formatFinding("GUARDDUTY", finding)).toBe(finding);
  });
});
