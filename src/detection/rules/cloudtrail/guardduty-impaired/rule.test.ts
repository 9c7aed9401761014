import { apiCall, runRule } from "../../../testing/cloudtrail.js";
import { renderedText } from "../../../testing/rendered.js";
import { SEVERITY } from "../../../engine/types.js";
import { guardDutyImpairedRule as rule } from "./rule.js";

const TYPE = "DefenseEvasion:IAMUser/GuardDutyImpaired";
const DETECTOR = "12abc34d567e8fa901bc2d34e56789f0";

function guardDuty(eventName: string, parameters: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return apiCall({ eventSource: "guardduty.amazonaws.com", eventName, readOnly: false, requestParameters: { detectorId: DETECTOR, ...parameters }, ...extra });
}

describe(TYPE, () => {
  it.each([
    ["DeleteDetector", {}, SEVERITY.HIGH],
    ["UpdateDetector", { enable: false }, SEVERITY.HIGH],
    ["UpdateDetector", { features: [{ name: "S3_DATA_EVENTS", status: "DISABLED" }, { name: "EKS_AUDIT_LOGS", status: "ENABLED" }] }, SEVERITY.LOW],
    ["UpdateDetector", { dataSources: { s3Logs: { enable: false } } }, SEVERITY.LOW],
    ["UpdateDetector", { dataSources: { malwareProtection: { scanEc2InstanceWithFindings: { ebsVolumes: false } } } }, SEVERITY.LOW],
    ["DisassociateFromAdministratorAccount", {}, SEVERITY.MEDIUM],
    ["DisassociateFromMasterAccount", {}, SEVERITY.MEDIUM],
    ["DisassociateMembers", { accountIds: ["444455556666"] }, SEVERITY.MEDIUM],
    ["DeleteMembers", { accountIds: ["444455556666"] }, SEVERITY.MEDIUM],
    ["StopMonitoringMembers", { accountIds: ["444455556666"] }, SEVERITY.MEDIUM],
    ["DisableOrganizationAdminAccount", { adminAccountId: "444455556666" }, SEVERITY.MEDIUM],
    ["DeletePublishingDestination", { destinationId: "dest-1" }, SEVERITY.MEDIUM],
    ["CreateFilter", { name: "quiet", action: "ARCHIVE", findingCriteria: { criterion: { severity: { gte: 1 } } } }, SEVERITY.MEDIUM],
    ["UpdateFilter", { filterName: "quiet", action: "ARCHIVE" }, SEVERITY.MEDIUM],
    ["CreateIPSet", { name: "office", format: "TXT", location: "https://s3.amazonaws.com/bucket/ips.txt", activate: true }, SEVERITY.MEDIUM],
    ["UpdateIPSet", { ipSetId: "ipset-1", location: "https://s3.amazonaws.com/bucket/more-ips.txt" }, SEVERITY.MEDIUM],
    ["UpdateIPSet", { ipSetId: "ipset-1", activate: true }, SEVERITY.MEDIUM],
    ["DeleteThreatIntelSet", { threatIntelSetId: "tis-1" }, SEVERITY.MEDIUM],
    ["UpdateThreatIntelSet", { threatIntelSetId: "tis-1", activate: false }, SEVERITY.MEDIUM],
  ])("fires on %s %j at severity %d", (eventName, parameters, severity) => {
    const [candidate] = runRule(rule, guardDuty(eventName, parameters));
    expect([candidate.meta.type, candidate.severity]).toEqual([TYPE, severity]);
    expect(renderedText(candidate)).not.toContain("unknown");
  });

  it.each([
    ["CreateDetector", { enable: true }],
    ["UpdateDetector", { enable: true, findingPublishingFrequency: "FIFTEEN_MINUTES" }],
    ["UpdateDetector", { features: [{ name: "S3_DATA_EVENTS", status: "ENABLED" }] }],
    ["CreateFilter", { name: "triage", action: "NOOP" }],
    ["UpdateFilter", { filterName: "triage", rank: 2 }],
    ["CreateIPSet", { name: "office", location: "https://s3.amazonaws.com/bucket/ips.txt", activate: false }],
    ["UpdateIPSet", { ipSetId: "ipset-1", activate: false }],
    ["UpdateIPSet", { ipSetId: "ipset-1", name: "renamed" }],
    ["UpdateThreatIntelSet", { threatIntelSetId: "tis-1", activate: true }],
    ["CreateThreatIntelSet", { name: "feed", activate: true }],
    ["DeleteIPSet", { ipSetId: "ipset-1" }],
  ])("does not fire on %s %j", (eventName, parameters) => {
    expect(runRule(rule, guardDuty(eventName, parameters))).toEqual([]);
  });

  it("does not fire when the call was refused", () => {
    expect(runRule(rule, guardDuty("DeleteDetector", {}, { errorCode: "AccessDeniedException" }))).toEqual([]);
  });

  it("keeps the detector and the filter it names apart in the aggregation key", () => {
    const [deleted] = runRule(rule, guardDuty("DeleteDetector", {}));
    const [filtered] = runRule(rule, guardDuty("CreateFilter", { name: "quiet", action: "ARCHIVE" }));
    expect(deleted.aggregationKey).toBe(`111122223333|eu-west-1|guardduty.amazonaws.com|${DETECTOR}`);
    expect(filtered.aggregationKey).toBe(`111122223333|eu-west-1|guardduty.amazonaws.com|${DETECTOR}/quiet`);
    expect(filtered.templateValues.effect).toContain("archive");
  });

  it("lowers to Low when an AWS service acts for the account", () => {
    const identity = { ...(apiCall().userIdentity as object), invokedBy: "cloudformation.amazonaws.com" };
    expect(runRule(rule, guardDuty("DeleteDetector", {}, { userIdentity: identity }))[0].severity).toBe(SEVERITY.LOW);
  });
});
