/**
 * Amazon Inspector, IAM Access Analyzer, Amazon Detective and AWS WAF: each switched off, cut from
 * its administrator, or (WAF) taken off the resource it protects or its request log deleted.
 * Inspector's Disable without resource types switches every scan type off (High).
 */
import type { CloudTrailEvent } from "../../../events.js";
import { SEVERITY } from "../../../engine/types.js";
import type { Impairment, ImpairmentCheck } from "../shared/impairment-rule.js";
import { hidingFilter, onNamed, parameter } from "./checks.js";

const INSPECTOR = "AWS::Inspector::Configuration";

function inspectorDisabled(event: CloudTrailEvent): Impairment {
  const scans = parameter(event, "resourceTypes");
  const accounts = parameter(event, "accountIds") ?? "the account";
  if (!scans) return { effect: `disabled every Inspector scan for ${accounts}`, target: accounts, resourceType: INSPECTOR, severity: SEVERITY.HIGH };
  return { effect: `disabled Inspector scanning of ${scans} for ${accounts}`, target: accounts, resourceType: INSPECTOR };
}

export const INSPECTOR_CHECKS: Readonly<Record<string, ImpairmentCheck>> = {
  Disable: inspectorDisabled,
  DisassociateMember: onNamed(["accountId"], (member) => `disassociated the member account ${member}`, INSPECTOR),
  DisableDelegatedAdminAccount: onNamed(["delegatedAdminAccountId"], (admin) => `removed ${admin} as the organization's Inspector administrator`, INSPECTOR),
  CreateFilter: hidingFilter("SUPPRESS", ["name"], "AWS::InspectorV2::Filter"),
  UpdateFilter: hidingFilter("SUPPRESS", ["name", "filterArn"], "AWS::InspectorV2::Filter"),
};

export const ACCESS_ANALYZER: Readonly<Record<string, ImpairmentCheck>> = {
  DeleteAnalyzer: onNamed(["analyzerName"], (analyzer) => `deleted the analyzer ${analyzer}`, "AWS::AccessAnalyzer::Analyzer"),
};

const GRAPH = "AWS::Detective::Graph";

export const DETECTIVE: Readonly<Record<string, ImpairmentCheck>> = {
  DeleteGraph: onNamed(["graphArn"], (graph) => `deleted the behaviour graph ${graph}`, GRAPH),
  DisassociateMembership: onNamed(["graphArn"], (graph) => `took the account out of the behaviour graph ${graph}`, GRAPH),
  DeleteMembers: onNamed(["accountIds"], (members) => `removed the member accounts ${members} from the behaviour graph`, GRAPH),
};

const WEB_ACL = "AWS::WAFv2::WebACL";

export const WAF_V2: Readonly<Record<string, ImpairmentCheck>> = {
  DisassociateWebACL: onNamed(["resourceArn", "ResourceArn"], (resource) => `removed the web ACL protecting ${resource}`, WEB_ACL),
  DeleteLoggingConfiguration: onNamed(["resourceArn", "ResourceArn"], (acl) => `deleted the request logging of web ACL ${acl}`, WEB_ACL),
};

export const WAF_CLASSIC_REGIONAL: Readonly<Record<string, ImpairmentCheck>> = {
  DisassociateWebACL: onNamed(["resourceArn", "ResourceArn"], (resource) => `removed the web ACL protecting ${resource}`, "AWS::WAFRegional::WebACL"),
  DeleteLoggingConfiguration: onNamed(["resourceArn", "ResourceArn"], (acl) => `deleted the request logging of web ACL ${acl}`, "AWS::WAFRegional::WebACL"),
};

/** Global (CloudFront) WAF Classic is attached through the distribution, so only its logging is here. */
export const WAF_CLASSIC_GLOBAL: Readonly<Record<string, ImpairmentCheck>> = {
  DeleteLoggingConfiguration: onNamed(["resourceArn", "ResourceArn"], (acl) => `deleted the request logging of web ACL ${acl}`, "AWS::WAF::WebACL"),
};
