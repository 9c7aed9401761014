import { apiCall } from "../../../testing/cloudtrail.js";
import { runBatches, callSeries } from "../../../testing/cloudtrail-batches.js";
import { HIDDEN_USER } from "../shared/console-login.js";
import { consolePasswordSprayingRule } from "./rule.js";

const TYPE = "CredentialAccess:IAMUser/ConsolePasswordSpraying";
const rule = consolePasswordSprayingRule();

function login(user: string, outcome: string, eventTime: string, sourceIPAddress = "203.0.113.7") {
  return apiCall({
    eventSource: "signin.amazonaws.com",
    eventName: "ConsoleLogin",
    eventType: "AwsConsoleSignIn",
    eventTime,
    sourceIPAddress,
    userIdentity: { type: "IAMUser", accountId: "111122223333", userName: user, principalId: user === HIDDEN_USER ? undefined : `AIDA${user}` },
    responseElements: { ConsoleLogin: outcome },
    errorMessage: outcome === "Failure" ? "Failed authentication" : undefined,
  });
}

describe("CredentialAccess:IAMUser/ConsolePasswordSpraying", () => {
  it("fires on failures for five distinct users from one address, keyed on the address", () => {
    const found = runBatches(rule, [callSeries(5, (i, t) => login(`user${i}`, "Failure", t))]);
    expect(found.map((c) => [c.meta.type, c.severity])).toEqual([[TYPE, 5]]);
    expect(found[0].aggregationKey).toBe("111122223333|203.0.113.7");
    expect(found[0].additionalInfo).toMatchObject({ failures: 5, userCount: 5 });
  });

  it("fires on twenty failures of guessed names CloudTrail hides", () => {
    expect(runBatches(rule, [callSeries(20, (_i, t) => login(HIDDEN_USER, "Failure", t))]).map((c) => c.meta.type)).toEqual([TYPE]);
    expect(runBatches(rule, [callSeries(19, (_i, t) => login(HIDDEN_USER, "Failure", t))])).toEqual([]);
  });

  it("stays quiet on a few people mistyping from one office address, on successes, and on addresses apart", () => {
    const office = callSeries(8, (i, t) => login(`user${i % 4}`, "Failure", t));
    expect(runBatches(rule, [office])).toEqual([]);
    expect(runBatches(rule, [callSeries(10, (i, t) => login(`user${i}`, "Success", t))])).toEqual([]);
    expect(runBatches(rule, [callSeries(8, (i, t) => login(`user${i}`, "Failure", t, `198.51.100.${i}`))])).toEqual([]);
  });
});
