import { apiCall } from "../../../testing/cloudtrail.js";
import { callSeries, runBatches, seriesEventId } from "../../../testing/cloudtrail-batches.js";
import { consoleBruteForceSuccessRule } from "./rule.js";

const TYPE = "CredentialAccess:IAMUser/ConsoleBruteForceSuccess";
const rule = consoleBruteForceSuccessRule();

function login(outcome: string, eventTime: string, extra: Record<string, unknown> = {}) {
  return apiCall({
    eventSource: "signin.amazonaws.com",
    eventName: "ConsoleLogin",
    eventType: "AwsConsoleSignIn",
    eventTime,
    responseElements: { ConsoleLogin: outcome },
    errorMessage: outcome === "Failure" ? "Failed authentication" : undefined,
    eventID: `${outcome}-${eventTime}`,
    ...extra,
  });
}

const attempts = (failures: number, thenSuccess: boolean) =>
  callSeries(failures + (thenSuccess ? 1 : 0), (i, t) => login(i < failures ? "Failure" : "Success", t, { sourceIPAddress: `203.0.113.${i % 3}` }));

describe("CredentialAccess:IAMUser/ConsoleBruteForceSuccess", () => {
  it("fires High on a success after five failures of the same user, from the success", () => {
    const found = runBatches(rule, [attempts(5, true)]);
    expect(found.map((c) => [c.meta.type, c.severity])).toEqual([[TYPE, 8]]);
    expect(found[0].aggregationKey).toBe("111122223333|alice");
    expect(found[0].source.eventId).toBe(seriesEventId(5));
    expect(found[0].additionalInfo).toMatchObject({ failures: 5, failureAddresses: ["203.0.113.0", "203.0.113.1", "203.0.113.2"] });
  });

  it("finds the success in a later batch than the failures", () => {
    const events = attempts(6, true);
    expect(runBatches(rule, [events.slice(0, 6), events.slice(6)]).map((c) => c.meta.type)).toEqual([TYPE]);
  });

  it("stays quiet on failures alone, on a few mistypes, and on failures after the success", () => {
    expect(runBatches(rule, [attempts(10, false)])).toEqual([]);
    expect(runBatches(rule, [attempts(3, true)])).toEqual([]);
    const later = callSeries(6, (i, t) => login(i === 0 ? "Success" : "Failure", t));
    expect(runBatches(rule, [later])).toEqual([]);
  });

  it("keeps users apart", () => {
    const bob = { type: "IAMUser", principalId: "AIDABOB", arn: "arn:aws:iam::111122223333:user/bob", accountId: "111122223333", userName: "bob" };
    const events = [...callSeries(5, (_i, t) => login("Failure", t)), login("Success", "2026-03-01T10:01:00Z", { userIdentity: bob })];
    expect(runBatches(rule, [events])).toEqual([]);
  });
});
