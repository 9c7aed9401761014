import { apiCall, runRule } from "../../../testing/cloudtrail.js";
import { renderedText } from "../../../testing/rendered.js";
import { SEVERITY } from "../../../engine/types.js";
import { dnsQueryLoggingDeletedRule as rule } from "./rule.js";

const TYPE = "DefenseEvasion:IAMUser/DnsQueryLoggingDisabled";
const RESOLVER = "route53resolver.amazonaws.com";

function call(eventSource: string, eventName: string, requestParameters: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return apiCall({ eventSource, eventName, readOnly: false, requestParameters, ...extra });
}

describe(TYPE, () => {
  it("fires on deleting a Resolver query logging configuration", () => {
    const [candidate] = runRule(rule, call(RESOLVER, "DeleteResolverQueryLogConfig", { resolverQueryLogConfigId: "rqlc-1111" }));
    expect(candidate.meta.type).toBe(TYPE);
    expect(renderedText(candidate)).not.toContain("unknown");
    expect(candidate.severity).toBe(SEVERITY.MEDIUM);
    expect(candidate.templateValues.serviceName).toBe("Route 53 Resolver");
  });

  it("fires on disassociating it from a VPC, as the same finding as deleting it", () => {
    const [disassociated] = runRule(rule, call(RESOLVER, "DisassociateResolverQueryLogConfig", { resolverQueryLogConfigId: "rqlc-1111", resourceId: "vpc-2222" }));
    const [deleted] = runRule(rule, call(RESOLVER, "DeleteResolverQueryLogConfig", { resolverQueryLogConfigId: "rqlc-1111" }));
    expect(disassociated.templateValues.effect).toContain("vpc-2222");
    expect(disassociated.aggregationKey).toBe(deleted.aggregationKey);
  });

  it("fires on deleting a public hosted zone's query logging", () => {
    const [candidate] = runRule(rule, call("route53.amazonaws.com", "DeleteQueryLoggingConfig", { id: "87654321-dcba-4321-aaaa-000000000000" }, { awsRegion: "us-east-1" }));
    expect(candidate.action).toMatchObject({ affectedResources: { "AWS::Route53::QueryLoggingConfig": "87654321-dcba-4321-aaaa-000000000000" } });
  });

  it("lowers to Low when CloudFormation tears the configuration down", () => {
    const identity = { ...(apiCall().userIdentity as object), invokedBy: "cloudformation.amazonaws.com" };
    const viaStack = call(RESOLVER, "DeleteResolverQueryLogConfig", { resolverQueryLogConfigId: "rqlc-1111" }, { userIdentity: identity });
    expect(runRule(rule, viaStack)[0].severity).toBe(SEVERITY.LOW);
  });

  it("does not fire on failed calls, on setting logging up, or without a configuration id", () => {
    expect(runRule(rule, call(RESOLVER, "DeleteResolverQueryLogConfig", { resolverQueryLogConfigId: "rqlc-1111" }, { errorCode: "AccessDeniedException" }))).toEqual([]);
    expect(runRule(rule, call(RESOLVER, "AssociateResolverQueryLogConfig", { resolverQueryLogConfigId: "rqlc-1111", resourceId: "vpc-2222" }))).toEqual([]);
    expect(runRule(rule, call(RESOLVER, "CreateResolverQueryLogConfig", { name: "dns", destinationArn: "arn:aws:s3:::logs" }))).toEqual([]);
    expect(runRule(rule, call(RESOLVER, "DeleteResolverQueryLogConfig", {}))).toEqual([]);
  });
});
