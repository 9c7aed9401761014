import { createBaselineEngine, runBaselineBatch } from "../../src/detection/baselines/engine";
import type { BaselineContext } from "../../src/detection/baselines/model";
import { baselineSettings } from "../../src/detection/baselines/state/settings";
import { MemoryBaselineStore } from "../../src/detection/baselines/state/store";
import { buildFinding } from "../../src/detection/findings/build-finding";
import { apiCall, cloudTrailEvent, testContext } from "../../src/detection/testing/cloudtrail";
import { accountWithDetector, type TestAccount } from "../support/accounts";
import { startTestApp, type TestApp } from "../support/app";
import { storeFindings } from "../findings/support/findings";

const ACCOUNT = "310000000071";
const USER = `arn:aws:iam::${ACCOUNT}:user/alice`;
const DAY = 86_400_000;
const T0 = Date.UTC(2026, 2, 1, 9);

/** Alice's ten days of routine, then a new API from a new tool: the finding the baselines raise. */
async function anomalyFinding(detectorId: string) {
  const identity = { type: "IAMUser", principalId: "AIDAEXAMPLEALICE0001", arn: USER, accountId: ACCOUNT, userName: "alice" };
  const call = (day: number, overrides: Record<string, unknown> = {}) =>
    cloudTrailEvent(apiCall({ eventTime: new Date(T0 + day * DAY).toISOString(), eventID: `e-${day}`, recipientAccountId: ACCOUNT, userIdentity: identity, ...overrides }));
  const context: BaselineContext = { ...testContext(), baseline: baselineSettings() };
  const engine = createBaselineEngine();
  const store = new MemoryBaselineStore(context.baseline);
  for (let day = 0; day < 10; day++) await runBaselineBatch(engine, store, [call(day)], context, `day-${day}`);
  const [candidate] = await runBaselineBatch(engine, store, [call(11, { eventSource: "ec2.amazonaws.com", eventName: "DeleteFlowLogs", userAgent: "python-requests/2.31.0" })], context, "attack");
  return buildFinding(candidate, { detectorId, geo: context.geo });
}

describe("an anomaly finding through the findings API", () => {
  let app: TestApp;
  let account: TestAccount;

  beforeAll(async () => {
    app = await startTestApp();
    account = await accountWithDetector(app, ACCOUNT);
  });
  afterAll(() => app.close());

  it("shows the baseline that was broken: service.detection.anomaly and the sentence in the description", async () => {
    const finding = await anomalyFinding(account.detectorId);
    await storeFindings(app.database.db, [finding]);
    const result = await app.gql(`query($d: ID!, $ids: [String!]!) { getFindings(detectorId: $d, findingIds: $ids) { type description service } }`, { d: account.detectorId, ids: [finding.id] }, account.key);
    expect(result.errors).toBeUndefined();
    const [read] = result.data?.getFindings;
    expect(read.type).toBe("DefenseEvasion:IAMUser/AnomalousBehavior");
    expect(read.description).toMatch(/baseline of arn:aws:iam::310000000071:user\/alice: API "ec2:DeleteFlowLogs" was never seen .*user agent "python-requests" was never seen \(usual: aws-cli\)/);
    const anomaly = read.service.detection.anomaly;
    expect(anomaly.unusual.behavior[USER].api).toEqual({ profileType: "FREQUENCY", profileSubtype: "UNSEEN", observations: { text: ["ec2:DeleteFlowLogs"] } });
    expect(anomaly.profiles[USER].userAgent).toEqual([{ profileType: "FREQUENCY", profileSubtype: "FREQUENT", observations: { text: ["aws-cli"] } }]);
  });
});
