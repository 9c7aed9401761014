import { apiCall, runRule } from "../../../testing/cloudtrail.js";
import { renderedText } from "../../../testing/rendered.js";
import { SEVERITY } from "../../../engine/types.js";
import { stsFederationTokenRule as rule } from "./rule.js";

const TYPE = "Persistence:IAMUser/FederationTokenCreated";
const EVERYTHING = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] });
const READ_ONE_BUCKET = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::reports/*" }] });

function federationToken(requestParameters: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return apiCall({ eventSource: "sts.amazonaws.com", eventName: "GetFederationToken", awsRegion: "us-east-1", requestParameters, ...extra });
}

function severityOf(record: Record<string, unknown>): number | undefined {
  const found = runRule(rule, record);
  expect(found.map((candidate) => candidate.meta.type)).toEqual(found.length > 0 ? [TYPE] : []);
  return found[0]?.severity;
}

describe("Persistence:IAMUser/FederationTokenCreated", () => {
  it.each([
    ["a narrow, short token", { name: "report", durationSeconds: 3600, policy: READ_ONE_BUCKET }, SEVERITY.LOW],
    ["a token passing on everything", { name: "x", durationSeconds: 3600, policy: EVERYTHING }, SEVERITY.MEDIUM],
    ["a token passing on everything through AdministratorAccess", { name: "x", durationSeconds: 900, policyArns: [{ arn: "arn:aws:iam::aws:policy/AdministratorAccess" }] }, SEVERITY.MEDIUM],
    ["a 36-hour narrow token", { name: "x", durationSeconds: 129600, policy: READ_ONE_BUCKET }, SEVERITY.MEDIUM],
    ["a 36-hour token passing on everything", { name: "x", durationSeconds: 129600, policy: EVERYTHING }, SEVERITY.HIGH],
    ["a token of the default 12 hours passing on everything", { name: "x", policy: EVERYTHING }, SEVERITY.MEDIUM],
  ])("raises %s", (_name, parameters, severity) => {
    expect(severityOf(federationToken(parameters))).toBe(severity);
  });

  it("names the federated user, the scope and the duration", () => {
    const [finding] = runRule(rule, federationToken({ name: "backup", durationSeconds: 129600, policy: EVERYTHING }));
    expect(finding.templateValues).toMatchObject({ federatedUser: "backup", scope: 'a session policy allowing "*" on "*"', duration: "36 hours" });
  });

  it.each([
    ["a failed call", federationToken({ name: "x", policy: EVERYTHING }, { errorCode: "AccessDenied" })],
    ["GetSessionToken, which this rule does not judge", apiCall({ eventSource: "sts.amazonaws.com", eventName: "GetSessionToken", requestParameters: { durationSeconds: 3600 } })],
  ])("does not fire on %s", (_name, record) => {
    expect(runRule(rule, record)).toEqual([]);
  });
  it("renders every placeholder of the title and description", () => {
    for (const record of [federationToken({ name: "x" }), federationToken({ name: "x", durationSeconds: 129600, policy: EVERYTHING })]) {
      const found = runRule(rule, record);
      expect(found).toHaveLength(1);
      expect(renderedText(found[0])).not.toContain("unknown");
    }
  });
});
