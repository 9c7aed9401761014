import { apiCall, runRule, types } from "../../../testing/cloudtrail.js";
import { renderedText } from "../../../testing/rendered.js";
import { readFixture } from "../../../testing/fixtures.js";
import { SEVERITY } from "../../../engine/types.js";
import { organizationLeaveRule as rule } from "./rule.js";

const TYPE = "DefenseEvasion:IAMUser/LeaveOrganization";

function leave(extra: Record<string, unknown> = {}) {
  return apiCall({ eventSource: "organizations.amazonaws.com", eventName: "LeaveOrganization", awsRegion: "us-east-1", readOnly: false, ...extra });
}

describe(TYPE, () => {
  it("fires at High when the account left its organization", () => {
    const [candidate] = runRule(rule, leave());
    expect([candidate.meta.type, candidate.severity, candidate.templateValues.outcome]).toEqual([TYPE, SEVERITY.HIGH, "took"]);
    expect(candidate.aggregationKey).toBe("111122223333|organization");
    expect(renderedText(candidate)).not.toContain("unknown");
  });

  it("fires at Medium on a refused attempt, naming the error", () => {
    const [candidate] = runRule(rule, leave({ errorCode: "AccessDenied", errorMessage: "denied by an explicit deny in a service control policy" }));
    expect(candidate.severity).toBe(SEVERITY.MEDIUM);
    expect(candidate.templateValues.result).toContain("AccessDenied");
    expect(renderedText(candidate)).not.toContain("unknown");
  });

  it("does not fire on other Organizations calls", () => {
    expect(runRule(rule, apiCall({ eventSource: "organizations.amazonaws.com", eventName: "DescribeOrganization" }))).toEqual([]);
    expect(runRule(rule, apiCall({ eventSource: "organizations.amazonaws.com", eventName: "AcceptHandshake", readOnly: false }))).toEqual([]);
  });

  it("fires on the Stratus Red Team detonation of organizations-leave, whose call was refused", () => {
    const records = readFixture<Record<string, Array<Record<string, unknown>>>>("stratus-evasion-detonations.json")["aws.defense-evasion.organizations-leave"];
    expect(records.flatMap((record) => types(runRule(rule, record)))).toEqual([TYPE]);
  });
});
