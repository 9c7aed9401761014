/**
 * DefenseEvasion:IAMUser/SecurityServiceDisabled — a security service other than GuardDuty and
 * CloudTrail switched off or muted: Security Hub, Macie, Inspector, IAM Access Analyzer, Detective,
 * WAF, and security services' organization-wide access. Only calls that unambiguously reduce what
 * the service sees or reports are listed; each service's table says what it leaves out and why.
 *
 * Teardown versus impairment: these services are account-level and rarely destroyed by IaC; WAF
 * associations are (a Terraform association resource is destroyed with DisassociateWebACL), which the
 * single event cannot tell from an attacker's, so it fires at Medium, and Low when an AWS service
 * acts for the account.
 */
import { impairmentRule } from "../shared/impairment-rule.js";
import { MACIE } from "./macie.js";
import { SECURITY_SERVICE_DISABLED } from "./meta.js";
import { ORGANIZATIONS } from "./organizations.js";
import { ACCESS_ANALYZER, DETECTIVE, INSPECTOR_CHECKS, WAF_CLASSIC_GLOBAL, WAF_CLASSIC_REGIONAL, WAF_V2 } from "./other-services.js";
import { SECURITY_HUB } from "./security-hub.js";

export const securityServiceDisabledRule = impairmentRule({
  id: "security-service-disabled",
  meta: SECURITY_SERVICE_DISABLED,
  table: {
    "securityhub.amazonaws.com": SECURITY_HUB,
    "macie2.amazonaws.com": MACIE,
    // Macie's first API logged the same session call under its own source.
    "macie.amazonaws.com": MACIE,
    "inspector2.amazonaws.com": INSPECTOR_CHECKS,
    "access-analyzer.amazonaws.com": ACCESS_ANALYZER,
    "detective.amazonaws.com": DETECTIVE,
    "wafv2.amazonaws.com": WAF_V2,
    "waf-regional.amazonaws.com": WAF_CLASSIC_REGIONAL,
    "waf.amazonaws.com": WAF_CLASSIC_GLOBAL,
    "organizations.amazonaws.com": ORGANIZATIONS,
  },
  serviceNames: {
    "securityhub.amazonaws.com": "AWS Security Hub",
    "macie2.amazonaws.com": "Amazon Macie",
    "macie.amazonaws.com": "Amazon Macie",
    "inspector2.amazonaws.com": "Amazon Inspector",
    "access-analyzer.amazonaws.com": "IAM Access Analyzer",
    "detective.amazonaws.com": "Amazon Detective",
    "wafv2.amazonaws.com": "AWS WAF",
    "waf-regional.amazonaws.com": "AWS WAF Classic",
    "waf.amazonaws.com": "AWS WAF Classic",
    "organizations.amazonaws.com": "AWS Organizations",
  },
});
