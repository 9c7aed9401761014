import { apiCall } from "../../../testing/cloudtrail.js";
import { runInBatches, callSeries } from "../../../testing/cloudtrail-batches.js";
import { deniedCallsBurstRule } from "./rule.js";

const TYPE = "Discovery:IAMUser/DeniedCallsBurst";
const rule = deniedCallsBurstRule();
const SERVICES = ["iam", "s3", "ec2", "secretsmanager", "lambda"];

function denied(count: number, extra: (i: number) => Record<string, unknown> = () => ({})) {
  return callSeries(count, (i) =>
    apiCall({ eventSource: `${SERVICES[i % SERVICES.length]}.amazonaws.com`, eventName: `ListThings${i}`, errorCode: i % 2 ? "AccessDenied" : "Client.UnauthorizedOperation", ...extra(i) }),
  );
}

describe(TYPE, () => {
  it("fires when one identity is refused many distinct APIs", () => {
    const found = runInBatches(rule, denied(8));
    expect(found.map((c) => c.meta.type)).toEqual([TYPE]);
    expect(found[0].severity).toBe(5);
    expect(found[0].templateValues.apis).toBe("8");
  });

  it.each(["AccessDeniedException", "UnauthorizedOperation", "AuthorizationError", "NotAuthorizedException"])("reads %s as a refusal", (errorCode) => {
    expect(runInBatches(rule, denied(8, () => ({ errorCode })))).not.toEqual([]);
  });

  it("stays quiet on fewer distinct APIs, however often they are retried", () => {
    expect(runInBatches(rule, denied(7))).toEqual([]);
    const retries = callSeries(50, () => apiCall({ eventName: "DescribeInstances", errorCode: "Client.UnauthorizedOperation" }));
    expect(runInBatches(rule, retries)).toEqual([]);
  });

  it("ignores failures that are not refusals", () => {
    expect(runInBatches(rule, denied(12, () => ({ errorCode: "ThrottlingException" })))).toEqual([]);
    expect(runInBatches(rule, denied(12, () => ({ errorCode: "NoSuchEntity" })))).toEqual([]);
  });

  it("leaves calls AWS services made for the principal alone", () => {
    expect(runInBatches(rule, denied(12, () => ({ sourceIPAddress: "sqs.amazonaws.com", userAgent: "sqs.amazonaws.com" })))).toEqual([]);
    const invoked = denied(12).map((record) => ({ ...record, userIdentity: { ...(record.userIdentity as object), invokedBy: "cloudformation.amazonaws.com" } }));
    expect(runInBatches(rule, invoked)).toEqual([]);
  });

  it("needs twice as many refusals through the console, and raises Low there", () => {
    const agent = () => ({ userAgent: "aws-internal/3 aws-sdk-java/1.12.124" });
    expect(runInBatches(rule, denied(12, agent))).toEqual([]);
    expect(runInBatches(rule, denied(16, agent)).at(-1)!.severity).toBe(2);
  });
});
