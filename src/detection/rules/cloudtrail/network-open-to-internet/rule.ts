/**
 * Policy:EC2/SecurityGroupOpenToInternet — a successful AuthorizeSecurityGroupIngress or
 * ModifySecurityGroupRules letting the internet (exposure.ts) reach an administrative port, every
 * port, or all traffic. Web ports (80, 443) open to everyone are ordinary and stay quiet; so do
 * egress rules. ModifySecurityGroupRules does not say whether the rule it edits is inbound or
 * outbound: it is read as inbound, accepting a rare finding on an egress rule widened to all traffic.
 * Policy:EC2/NetworkAclOpenToInternet — CreateNetworkAclEntry / ReplaceNetworkAclEntry allowing
 * all inbound traffic from the internet. Narrower entries stay quiet: stateless ACLs must allow the
 * ephemeral ports (1024-65535) back in, which span database ports. Rule 100 (IPv4) / 101 (IPv6)
 * allowing everything is the entry AWS puts in every default ACL, which Terraform and CloudFormation
 * restate when they manage one; it stays quiet too, at the cost of an attacker choosing that number.
 */
import type { CloudTrailEvent } from "../../../events.js";
import type { CloudTrailRule, Emit } from "../../../engine/types.js";
import { apiCallCandidate } from "../shared/candidate.js";
import { asArray, field, flag, succeeded, text, type Json } from "../shared/request.js";
import { exposedServices, isAllTraffic, isInternetRange, permissionRanges, type PortRule } from "./exposure.js";
import { NETWORK_ACL_OPEN_TO_INTERNET, SECURITY_GROUP_OPEN_TO_INTERNET } from "./meta.js";

type Opening = { cidr: string; allTraffic: boolean; opened: string };

function opening(cidr: string, rule: PortRule): Opening | undefined {
  if (!isInternetRange(cidr)) return undefined;
  const exposure = exposedServices(rule);
  return exposure && { cidr, ...exposure };
}

function ingressOpenings(parameters: Json | null): Opening[] {
  const openings: Opening[] = [];
  const add = (cidrs: string[], rule: PortRule) => {
    for (const cidr of cidrs) {
      const found = opening(cidr, rule);
      if (found) openings.push(found);
    }
  };
  const legacy = [text(field(parameters, "cidrIp")), text(field(parameters, "cidrIpv6"))].filter((cidr): cidr is string => !!cidr);
  add(legacy, { protocol: field(parameters, "ipProtocol"), fromPort: field(parameters, "fromPort"), toPort: field(parameters, "toPort") });
  const permissions = field(parameters, "ipPermissions");
  for (const permission of asArray(field(permissions, "items") ?? permissions)) {
    add(permissionRanges(permission), { protocol: field(permission, "ipProtocol"), fromPort: field(permission, "fromPort"), toPort: field(permission, "toPort") });
  }
  return openings;
}

/** CloudTrail wraps this call's parameters as ModifySecurityGroupRulesRequest.SecurityGroupRule[].SecurityGroupRule. */
function modifiedRuleOpenings(parameters: Json | null): Opening[] {
  const request = field(parameters, "ModifySecurityGroupRulesRequest") ?? parameters;
  const rules = field(request, "SecurityGroupRule") ?? field(request, "SecurityGroupRules");
  const openings: Opening[] = [];
  for (const entry of asArray(field(rules, "items") ?? rules)) {
    const rule = field(entry, "SecurityGroupRule") ?? entry;
    const portRule = { protocol: field(rule, "IpProtocol"), fromPort: field(rule, "FromPort"), toPort: field(rule, "ToPort") };
    for (const cidr of [text(field(rule, "CidrIpv4")), text(field(rule, "CidrIpv6"))]) {
      const found = cidr && opening(cidr.trim(), portRule);
      if (found) openings.push(found);
    }
  }
  return openings;
}

function groupId(event: CloudTrailEvent): string {
  const parameters = event.requestParameters;
  const request = field(parameters, "ModifySecurityGroupRulesRequest") ?? parameters;
  return text(field(request, "groupId")) ?? text(field(request, "groupName")) ?? "an unnamed security group";
}

function evaluateSecurityGroup(event: CloudTrailEvent, emit: Emit): void {
  const openings = event.eventName === "ModifySecurityGroupRules" ? modifiedRuleOpenings(event.requestParameters) : ingressOpenings(event.requestParameters);
  if (openings.length === 0) return;
  const group = groupId(event);
  const described = openings.map((o) => `${o.opened} from ${o.cidr}`);
  emit(
    apiCallCandidate(SECURITY_GROUP_OPEN_TO_INTERNET, event, {
      key: [group],
      severity: openings.some((o) => o.allTraffic) ? 7 : SECURITY_GROUP_OPEN_TO_INTERNET.severity,
      affectedResources: { "AWS::EC2::SecurityGroup": group },
      templateValues: { group, opened: [...new Set(openings.map((o) => o.opened))].join(", "), openings: described.join("; ") },
      additionalInfo: { openings: described },
    }),
  );
}

function isDefaultEntry(ruleNumber: number | undefined, cidr: string): boolean {
  return (ruleNumber === 100 && cidr === "0.0.0.0/0") || (ruleNumber === 101 && cidr === "::/0");
}

function evaluateNetworkAcl(event: CloudTrailEvent, emit: Emit): void {
  const parameters = event.requestParameters;
  if (flag(field(parameters, "egress")) !== false || text(field(parameters, "ruleAction"))?.toLowerCase() !== "allow") return;
  const cidr = (text(field(parameters, "cidrBlock")) ?? text(field(parameters, "ipv6CidrBlock")))?.trim();
  if (!cidr || !isInternetRange(cidr)) return;
  const protocol = field(parameters, "aclProtocol") ?? field(parameters, "protocol");
  if (!isAllTraffic(protocol)) return;
  const rawNumber = field(parameters, "ruleNumber");
  const ruleNumber = typeof rawNumber === "number" ? rawNumber : Number(text(rawNumber));
  if (isDefaultEntry(ruleNumber, cidr)) return;
  const acl = text(field(parameters, "networkAclId")) ?? "an unnamed network ACL";
  emit(
    apiCallCandidate(NETWORK_ACL_OPEN_TO_INTERNET, event, {
      key: [acl],
      affectedResources: { "AWS::EC2::NetworkAcl": acl },
      templateValues: { acl, cidr, ruleNumber: String(rawNumber ?? "?") },
    }),
  );
}

export const networkOpenToInternetRule: CloudTrailRule = {
  id: "network-open-to-internet",
  kind: "cloudtrail",
  findingTypes: [SECURITY_GROUP_OPEN_TO_INTERNET, NETWORK_ACL_OPEN_TO_INTERNET],
  triggers: [
    {
      eventSource: "ec2.amazonaws.com",
      eventNames: ["AuthorizeSecurityGroupIngress", "ModifySecurityGroupRules", "CreateNetworkAclEntry", "ReplaceNetworkAclEntry"],
    },
  ],
  evaluate(event, _context, emit) {
    if (!succeeded(event)) return;
    if (event.eventName.endsWith("NetworkAclEntry")) evaluateNetworkAcl(event, emit);
    else evaluateSecurityGroup(event, emit);
  },
};
