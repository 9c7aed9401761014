/**
 * DefenseEvasion:IAMUser/DnsQueryLoggingDisabled — Route 53 Resolver query logging deleted or taken
 * off a VPC (DeleteResolverQueryLogConfig, DisassociateResolverQueryLogConfig), or public hosted
 * zone query logging deleted (route53 DeleteQueryLoggingConfig).
 *
 * Teardown versus impairment: Terraform destroys a query-log configuration the same way (disassociate,
 * then delete, then the VPC), and no parameter says which is which. The calls are rare outside
 * teardown, so they fire; AWS services acting for the account are lowered to Low by the table.
 */
import type { CloudTrailEvent } from "../../../events.js";
import { impairmentRule } from "../shared/impairment-rule.js";
import { field, text } from "../shared/request.js";
import { DNS_QUERY_LOGGING_DISABLED } from "./meta.js";

const RESOLVER_CONFIG = "AWS::Route53Resolver::ResolverQueryLoggingConfig";

function configId(event: CloudTrailEvent): string | undefined {
  return text(field(event.requestParameters, "resolverQueryLogConfigId"));
}

function resolverConfigDeleted(event: CloudTrailEvent) {
  const target = configId(event);
  return target ? { effect: `deleted the Resolver query logging configuration ${target}`, target, resourceType: RESOLVER_CONFIG } : undefined;
}

function resolverConfigDisassociated(event: CloudTrailEvent) {
  const target = configId(event);
  if (!target) return undefined;
  const resource = text(field(event.requestParameters, "resourceId")) ?? "a VPC";
  return { effect: `stopped Resolver query logging configuration ${target} from logging the DNS queries of ${resource}`, target, resourceType: RESOLVER_CONFIG };
}

function hostedZoneLoggingDeleted(event: CloudTrailEvent) {
  const target = text(field(event.requestParameters, "id"));
  if (!target) return undefined;
  return { effect: `deleted the public hosted zone query logging configuration ${target}`, target, resourceType: "AWS::Route53::QueryLoggingConfig" };
}

export const dnsQueryLoggingDeletedRule = impairmentRule({
  id: "dns-query-logging-deleted",
  meta: DNS_QUERY_LOGGING_DISABLED,
  table: {
    "route53resolver.amazonaws.com": {
      DeleteResolverQueryLogConfig: resolverConfigDeleted,
      DisassociateResolverQueryLogConfig: resolverConfigDisassociated,
    },
    "route53.amazonaws.com": { DeleteQueryLoggingConfig: hostedZoneLoggingDeleted },
  },
  serviceNames: { "route53resolver.amazonaws.com": "Route 53 Resolver", "route53.amazonaws.com": "Route 53" },
});
