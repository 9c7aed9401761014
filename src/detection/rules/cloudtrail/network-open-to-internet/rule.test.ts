import { apiCall, runRule, types } from "../../../testing/cloudtrail.js";
import { pantherRecord } from "../../../testing/panther.js";
import { readFixture, type PantherCase } from "../../../testing/fixtures.js";
import { isInternetRange } from "./exposure.js";
import { networkOpenToInternetRule as rule } from "./rule.js";

const SG_TYPE = "Policy:EC2/SecurityGroupOpenToInternet";
const ACL_TYPE = "Policy:EC2/NetworkAclOpenToInternet";

function ec2Call(eventName: string, requestParameters: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return apiCall({ eventName, readOnly: false, requestParameters, ...extra });
}

function ingress(permission: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return ec2Call("AuthorizeSecurityGroupIngress", { groupId: "sg-0abc", ipPermissions: { items: [permission] } }, extra);
}

const tcp = (fromPort: number, toPort: number, cidr = "0.0.0.0/0") => ({ ipProtocol: "tcp", fromPort, toPort, ipRanges: { items: [{ cidrIp: cidr }] } });

function modifyRule(rule: Record<string, unknown>) {
  return ec2Call("ModifySecurityGroupRules", {
    ModifySecurityGroupRulesRequest: { GroupId: "sg-0abc", SecurityGroupRule: { tag: 1, SecurityGroupRuleId: "sgr-1", SecurityGroupRule: rule } },
  });
}

function aclEntry(entry: Record<string, unknown>, eventName = "CreateNetworkAclEntry") {
  return ec2Call(eventName, { networkAclId: "acl-0abc", ruleNumber: 10, egress: false, ruleAction: "allow", aclProtocol: "-1", cidrBlock: "0.0.0.0/0", ...entry });
}

describe("the internet, as a range", () => {
  it.each(["0.0.0.0/0", "203.0.113.9/0", "0.0.0.0/1", "128.0.0.0/1", "::/0", "2000::/3"])("%s is the internet", (cidr) => {
    expect(isInternetRange(cidr)).toBe(true);
  });
  it.each(["10.0.0.0/8", "203.0.113.0/24", "198.51.100.7", "fc00::/7", "2001:db8::/32", "0.0.0.0/x"])("%s is not", (cidr) => {
    expect(isInternetRange(cidr)).toBe(false);
  });
});

describe("Policy:EC2/SecurityGroupOpenToInternet", () => {
  it.each([
    ["SSH", tcp(22, 22), 5, "tcp 22 (SSH)"],
    ["RDP over IPv6", { ipProtocol: "tcp", fromPort: 3389, toPort: 3389, ipv6Ranges: { items: [{ cidrIpv6: "::/0" }] } }, 5, "tcp 3389 (RDP)"],
    ["a range spanning database ports", tcp(3000, 6000), 5, "tcp 3000-6000 (MySQL, RDP, PostgreSQL, VNC, WinRM, WinRM (HTTPS))"],
    ["every tcp port", tcp(0, 65535), 7, undefined],
    ["all traffic", { ipProtocol: "-1", ipRanges: { items: [{ cidrIp: "0.0.0.0/0" }] } }, 7, "all traffic"],
  ])("fires on %s open to the internet", (_case, permission, severity, opened) => {
    const [candidate] = runRule(rule, ingress(permission));
    expect([candidate.meta.type, candidate.severity]).toEqual([SG_TYPE, severity]);
    if (opened) expect(candidate.templateValues.opened).toBe(opened);
    expect(candidate.action).toMatchObject({ affectedResources: { "AWS::EC2::SecurityGroup": "sg-0abc" } });
  });

  it("fires on the single-rule form of the call, whatever the range's address bits", () => {
    const record = ec2Call("AuthorizeSecurityGroupIngress", { groupId: "sg-0abc", cidrIp: "198.51.100.4/0", ipProtocol: "tcp", fromPort: 22, toPort: 22, ipPermissions: {} });
    expect(types(runRule(rule, record))).toEqual([SG_TYPE]);
  });

  it("fires on ModifySecurityGroupRules widening a rule to the internet", () => {
    const [candidate] = runRule(rule, modifyRule({ IpProtocol: "tcp", FromPort: 5432, ToPort: 5432, CidrIpv4: "0.0.0.0/0" }));
    expect([candidate.meta.type, candidate.templateValues.group, candidate.templateValues.opened]).toEqual([SG_TYPE, "sg-0abc", "tcp 5432 (PostgreSQL)"]);
  });

  it.each([
    ["HTTPS to the internet", ingress(tcp(443, 443))],
    ["SSH from one network", ingress(tcp(22, 22, "203.0.113.0/24"))],
    ["SSH from another security group", ingress({ ipProtocol: "tcp", fromPort: 22, toPort: 22, groups: { items: [{ groupId: "sg-0def" }] } })],
    ["ICMP from the internet", ingress({ ipProtocol: "icmp", fromPort: -1, toPort: -1, ipRanges: { items: [{ cidrIp: "0.0.0.0/0" }] } })],
    ["a modified rule narrowed to one address", modifyRule({ IpProtocol: "tcp", FromPort: 22, ToPort: 22, CidrIpv4: "198.51.100.7/32" })],
    ["egress to the internet", ec2Call("AuthorizeSecurityGroupEgress", { groupId: "sg-0abc", ipPermissions: { items: [{ ipProtocol: "-1", ipRanges: { items: [{ cidrIp: "0.0.0.0/0" }] } }] } })],
    ["a failed call", ingress(tcp(22, 22), { errorCode: "Client.UnauthorizedOperation" })],
  ])("does not fire on %s", (_case, record) => {
    expect(runRule(rule, record)).toEqual([]);
  });
});

describe("Policy:EC2/NetworkAclOpenToInternet", () => {
  it("fires on an inbound entry allowing all traffic from the internet", () => {
    for (const record of [aclEntry({}), aclEntry({ cidrBlock: undefined, ipv6CidrBlock: "::/0", ruleNumber: 5 }, "ReplaceNetworkAclEntry")]) {
      const [candidate] = runRule(rule, record);
      expect([candidate.meta.type, candidate.templateValues.acl]).toEqual([ACL_TYPE, "acl-0abc"]);
    }
  });

  it.each([
    ["an egress entry", aclEntry({ egress: true })],
    ["a deny entry", aclEntry({ ruleAction: "deny" })],
    ["ephemeral ports back in", aclEntry({ aclProtocol: "6", portRange: { from: 1024, to: 65535 } })],
    ["a private range", aclEntry({ cidrBlock: "10.0.0.0/16" })],
    ["the default ACL's rule 100 restated", aclEntry({ ruleNumber: 100 })],
    ["the default ACL's IPv6 rule 101 restated", aclEntry({ ruleNumber: 101, cidrBlock: undefined, ipv6CidrBlock: "::/0" })],
    ["a failed call", ec2Call("CreateNetworkAclEntry", { networkAclId: "acl-1", ruleNumber: 1, egress: false, ruleAction: "allow", aclProtocol: "-1", cidrBlock: "0.0.0.0/0" }, { errorCode: "InvalidCharacter" })],
  ])("does not fire on %s", (_case, record) => {
    expect(runRule(rule, record)).toEqual([]);
  });
});

describe("on real records", () => {
  it("fires on the Stratus Red Team detonation of ec2-security-group-open-port-22-ingress", () => {
    const stratus = readFixture<Record<string, Array<Record<string, unknown>>>>("stratus-exposure-detonations.json");
    expect(stratus["aws.exfiltration.ec2-security-group-open-port-22-ingress"].flatMap((record) => types(runRule(rule, record)))).toEqual([SG_TYPE]);
  });

  // Panther's ManualSecurityGroupChange fires on any manual ingress change and NetworkACLModified on any
  // ACL change (web ports, egress included); only internet-facing administrative access is a finding here.
  const expected: Record<string, string[]> = { "Go Script Authorize Ingress": [SG_TYPE] };
  const cases = readFixture<PantherCase[]>("panther-exposure.json").filter((c) => ["AWS.EC2.ManualSecurityGroupChange", "AWS.EC2.NetworkACLModified"].includes(c.rule_id));
  it.each(cases.map((c) => [c.rule_id, c.test_name, c.log] as const))("%s / %s", (_rule, test, log) => {
    expect(types(runRule(rule, pantherRecord(log)))).toEqual(expected[test] ?? []);
  });
});
