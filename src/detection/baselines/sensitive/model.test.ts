import { defaultEngine } from "../../engine/default-engine.js";
import type { VigilEvent } from "../../events.js";
import { buildFinding } from "../../findings/build-finding.js";
import { apiCall, cloudTrailEvent, testContext } from "../../testing/cloudtrail.js";
import { createBaselineEngine, runBaselineBatch } from "../engine.js";
import type { BaselineContext } from "../model.js";
import { baselineSettings, DAY_MS } from "../state/settings.js";
import { MemoryBaselineStore } from "../state/store.js";

const T0 = Date.UTC(2026, 2, 1, 9);
const ALICE = "arn:aws:iam::111122223333:user/alice";
const SHARED = "Exfiltration:IAMUser/SnapshotSharedOutside";
const context: BaselineContext = { ...testContext(), baseline: baselineSettings() };

function at(day: number, overrides: Record<string, unknown>, minute = 0): VigilEvent {
  const eventTime = new Date(T0 + day * DAY_MS + minute * 60_000).toISOString().replace(".000", "");
  return cloudTrailEvent(apiCall({ eventTime, eventID: `e-${day}-${minute}-${String(overrides.eventName ?? "")}`, ...overrides }));
}

const read = (day: number) => at(day, { eventName: "DescribeInstances" });
const share = (day: number, minute = 30) =>
  at(
    day,
    {
      eventName: "ModifySnapshotAttribute",
      readOnly: false,
      requestParameters: { snapshotId: `snap-${day}`, attributeType: "CREATE_VOLUME_PERMISSION", createVolumePermission: { add: { items: [{ userId: "999988887777" }] } } },
    },
    minute,
  );

/** Learns `history` (one batch per day), then runs the rules and the baselines on `events` as the pipeline does. */
async function scanAfter(history: VigilEvent[][]) {
  const baselines = createBaselineEngine();
  const store = new MemoryBaselineStore(context.baseline);
  for (const [day, batch] of history.entries()) await runBaselineBatch(baselines, store, batch, context, `history-${day}`);
  return (events: VigilEvent[], learnId = "now") => runBaselineBatch(baselines, store, events, context, learnId, defaultEngine().detect(events, context));
}

const days = (count: number, of: (day: number) => VigilEvent[]) => Array.from({ length: count }, (_, day) => of(day));
const shared = (candidates: Awaited<ReturnType<Awaited<ReturnType<typeof scanAfter>>>>) => candidates.filter((c) => c.meta.type === SHARED);

describe("sensitive-action findings qualified by the identity baseline", () => {
  it("leaves a finding as the rule raised it when the identity has no history", async () => {
    const [candidate] = shared(await (await scanAfter([]))([share(0)]));
    expect(candidate.severity).toBe(7);
    expect(candidate.additionalInfo?.identityBaseline).toBeUndefined();
  });

  it("leaves it as raised while the identity is in its learning period, even for a call it makes every day", async () => {
    const [candidate] = shared(await (await scanAfter(days(5, (day) => [share(day)])))([share(5)]));
    expect(candidate.severity).toBe(7);
    expect(candidate.additionalInfo?.identityBaseline).toBeUndefined();
  });

  it("raises a learned identity's first such call one step, saying so", async () => {
    const run = await scanAfter(days(10, (day) => [read(day)]));
    const [candidate] = shared(await run([share(11)]));
    expect(candidate.severity).toBe(8);
    expect(candidate.additionalInfo?.identityBaseline).toEqual({
      api: "ec2:ModifySnapshotAttribute",
      usualness: "FIRST_TIME",
      daysSeen: 0,
      windowDays: 11,
      explanation: `First time ${ALICE} called ec2:ModifySnapshotAttribute in 11 days.`,
      ruleSeverity: 7,
    });
    const finding = buildFinding(candidate, { detectorId: "d", geo: context.geo, now: T0 });
    expect(finding.severity).toBe(8);
    expect(JSON.parse(finding.service.additionalInfo.value).identityBaseline.usualness).toBe("FIRST_TIME");
  });

  it("lowers a routine call one step, and keeps it", async () => {
    const run = await scanAfter(days(12, (day) => [read(day), share(day)]));
    const [candidate] = shared(await run([share(12, 45)]));
    expect(candidate.severity).toBe(5);
    expect(candidate.additionalInfo?.identityBaseline).toMatchObject({ usualness: "ROUTINE", daysSeen: 12, windowDays: 12, ruleSeverity: 7 });
    expect(candidate.additionalInfo?.identityBaseline).toHaveProperty("explanation", `${ALICE} called ec2:ModifySnapshotAttribute on 12 of the last 12 days: routine for it.`);
  });

  it("keeps the severity of an occasional call, with how often it happened", async () => {
    const run = await scanAfter(days(20, (day) => (day === 3 ? [read(day), share(day)] : [read(day)])));
    const [candidate] = shared(await run([share(20)]));
    expect(candidate.severity).toBe(7);
    expect(candidate.additionalInfo?.identityBaseline).toMatchObject({ usualness: "OCCASIONAL", daysSeen: 1, windowDays: 20 });
    expect(candidate.additionalInfo?.identityBaseline).not.toHaveProperty("ruleSeverity");
  });

  it("judges a retried batch the same, after it was learned", async () => {
    const run = await scanAfter(days(10, (day) => [read(day)]));
    const first = shared(await run([share(11)], "object#0"));
    const retried = shared(await run([share(11)], "object#0"));
    const later = shared(await run([share(11, 50)], "object#1"));
    expect(retried).toEqual(first);
    expect(later[0].additionalInfo?.identityBaseline).toMatchObject({ usualness: "OCCASIONAL", daysSeen: 1 });
  });
});
