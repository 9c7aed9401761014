import { readFileSync } from "node:fs";
import path from "node:path";
import type { FindingCandidate } from "../../src/detection/engine/types";
import { buildFinding } from "../../src/detection/findings/build-finding";
import type { Finding } from "../../src/detection/findings/types";
import type { GeoLookup } from "../../src/detection/geo/geo-lookup";
import { portProbeRule } from "../../src/detection/rules/flow/port-probe/rule";
import { threatIntelConnectionRule } from "../../src/detection/rules/flow/threat-intel-connection/rule";
import { rootCredentialUsageRule } from "../../src/detection/rules/cloudtrail/root-credential-usage/rule";
import { threatIntelDomainRule } from "../../src/detection/rules/dns/threat-intel-domain/rule";
import { apiCall, cloudTrailEvent, runRule } from "../../src/detection/testing/cloudtrail";
import { dnsEvent } from "../../src/detection/testing/dns-records";
import { ACCOUNT, INDICATORS, V5_FORMAT, flowEvents, listContext, runEvents, v5 } from "../../src/detection/testing/flow-records";
import { accountWithDetector, type TestAccount } from "../support/accounts";
import { startTestApp, type TestApp } from "../support/app";
import { storeFindings } from "./support/findings";

const TRAIL_OBJECT = `AWSLogs/${ACCOUNT}/CloudTrail/eu-west-1/2026/03/01/${ACCOUNT}_CloudTrail_eu-west-1_20260301T1000Z_a1b2c3.json.gz`;
const FLOW_OBJECT = `AWSLogs/${ACCOUNT}/vpcflowlogs/eu-west-1/2026/01/01/${ACCOUNT}_vpcflowlogs_eu-west-1_fl-0a1b2c3d_20260101T0000Z_d4e5f6.log.gz`;
const DNS_OBJECT = `AWSLogs/${ACCOUNT}/vpcdnsquerylogs/vpc-0a1b2c3d/2026/01/01/vpc-0a1b2c3d_vpcdnsquerylogs_${ACCOUNT}_20260101T0000Z_0f1e2d.log.gz`;
// Lists apply to public addresses only: real entries of the shared lists (test/fixtures/detection/README.md).
const SCANNER = INDICATORS.scannerIps[0];
const LISTED = INDICATORS.maliciousIps[0];
const SCANNER_NETWORK = `${SCANNER.split(".").slice(0, 3).join(".")}.0/24`;

/** Enough enrichment to see the typed remote address: every address in one German network. */
const GEO: GeoLookup = {
  lookup: (address) => ({
    ipAddressV4: address,
    country: { countryCode: "DE", countryName: "Germany" },
    city: { cityName: "Berlin" },
    geoLocation: { lat: 52.52, lon: 13.4 },
    organization: { asn: "64500", asnOrg: "Example Hosting", isp: "Example Hosting", org: "Example" },
  }),
};

const FINDING_FIELDS = `id type confidence confidenceReason resource
  sourceEvents { object line eventId key }
  resourceDetails {
    resourceType
    accessKeyDetails { accessKeyId principalId userName userType }
    instanceDetails { instanceId instanceType instanceState launchTime availabilityZone imageId tags { key value }
      iamInstanceProfile { arn id }
      networkInterfaces { networkInterfaceId privateIpAddress publicIp publicDnsName privateDnsName subnetId vpcId securityGroups { groupId groupName } } }
    s3BucketDetails { name }
  }
  serviceDetails {
    serviceName detectorId featureName count archived resourceRole eventFirstSeen eventLastSeen
    evidence { threatIntelligenceDetails { threatListName threatNames } }
    additionalInfo { value type threatListName threatName sample details }
    action {
      actionType
      awsApiCallAction { api serviceName callerType userAgent remoteIpDetails { ipAddressV4 country { countryName } organization { asn asnOrg } } affectedResources { type value } }
      networkConnectionAction { connectionDirection protocol blocked localNetworkInterface localPortDetails { port portName } remotePortDetails { port portName }
        localIpDetails { ipAddressV4 } remoteIpDetails { ipAddressV4 city { cityName } geoLocation { lat lon } } }
      portProbeAction { blocked portProbeDetails { localPortDetails { port portName } localIpDetails { ipAddressV4 } remoteIpDetails { ipAddressV4 country { countryCode } } } }
      dnsRequestAction { domain domainWithSuffix protocol blocked vpcOwnerAccountId }
    }
  }`;

function only(candidates: FindingCandidate[]): FindingCandidate {
  expect(candidates).toHaveLength(1);
  return candidates[0];
}

describe("typed findings: resource, service, confidence and source events through GraphQL", () => {
  let app: TestApp;
  let account: TestAccount;

  beforeAll(async () => {
    app = await startTestApp();
    account = await accountWithDetector(app, ACCOUNT);
  });
  afterAll(() => app.close());

  const build = (candidate: FindingCandidate) => buildFinding(candidate, { detectorId: account.detectorId, geo: GEO });

  async function read(finding: Finding) {
    await storeFindings(app.database.db, [finding]);
    const result = await app.gql(`query($d: ID!, $ids: [String!]!) { getFindings(detectorId: $d, findingIds: $ids) { ${FINDING_FIELDS} } }`, { d: account.detectorId, ids: [finding.id] }, account.key);
    expect(result.errors).toBeUndefined();
    expect(result.data?.getFindings).toHaveLength(1);
    return result.data!.getFindings[0];
  }

  it("a CloudTrail finding: the access key typed, the API call, its CloudTrail eventID and object, and a rule's confidence", async () => {
    const record = apiCall({
      eventID: "3f2c1b0a-9d8e-4f7a-8b6c-5d4e3f2a1b0c",
      eventSource: "s3.amazonaws.com",
      eventName: "ListBuckets",
      userIdentity: { type: "Root", principalId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:root`, accountId: ACCOUNT, accessKeyId: "AKIAEXAMPLEROOTKEY01" },
    });
    const candidate = only(runRule(rootCredentialUsageRule, record).map((c) => ({ ...c, source: { ...c.source, object: TRAIL_OBJECT, line: 4 } })));
    // Through the parser as the pipeline reads it: the eventID is the record's own.
    expect(cloudTrailEvent(record, TRAIL_OBJECT, 4).eventId).toBe(candidate.source.eventId);
    const finding = await read(build(candidate));

    expect(finding.type).toBe("Policy:IAMUser/RootCredentialUsage");
    expect(finding.resourceDetails).toEqual({
      resourceType: "AccessKey",
      accessKeyDetails: { accessKeyId: "AKIAEXAMPLEROOTKEY01", principalId: ACCOUNT, userName: "Root", userType: "Root" },
      instanceDetails: null,
      s3BucketDetails: null,
    });
    const { serviceDetails } = finding;
    expect(serviceDetails).toMatchObject({ serviceName: "guardduty", detectorId: account.detectorId, featureName: "CloudTrail", count: 1, archived: false, evidence: null });
    expect(serviceDetails.action.actionType).toBe("AWS_API_CALL");
    expect(serviceDetails.action.networkConnectionAction).toBeNull();
    expect(serviceDetails.action.awsApiCallAction).toMatchObject({
      api: "ListBuckets",
      serviceName: "s3.amazonaws.com",
      callerType: "Remote IP",
      remoteIpDetails: { ipAddressV4: "198.51.100.20", country: { countryName: "Germany" }, organization: { asn: "64500", asnOrg: "Example Hosting" } },
    });
    expect(finding.sourceEvents).toEqual([{ object: TRAIL_OBJECT, line: 4, eventId: "3f2c1b0a-9d8e-4f7a-8b6c-5d4e3f2a1b0c", key: null }]);
    expect(finding.confidence).toBe(7);
    expect(finding.confidenceReason).toMatch(/deterministic rule/);
    // The JSON stays as it was, for export.
    expect(finding.resource.accessKeyDetails.accessKeyId).toBe("AKIAEXAMPLEROOTKEY01");
  });

  it("a flow finding: the instance and its interface, the network connection, the record's key, and a custom list named in additionalInfo", async () => {
    const [event] = flowEvents(
      [v5({ src: "10.0.1.5", dst: LISTED, srcPort: 49152, dstPort: 443, tcpFlags: 2, direction: "egress", eni: "eni-0feedbeef0000001", instance: "i-0aaaabbbbccccdddd" })],
      V5_FORMAT,
      FLOW_OBJECT,
    );
    const candidate = only(runEvents(threatIntelConnectionRule, [event], listContext({ custom: [LISTED] })));
    const finding = await read(build(candidate));

    expect(finding.type).toBe("UnauthorizedAccess:EC2/MaliciousIPCaller.Custom");
    expect(finding.resourceDetails.resourceType).toBe("Instance");
    expect(finding.resourceDetails.instanceDetails).toMatchObject({
      instanceId: "i-0aaaabbbbccccdddd",
      networkInterfaces: [{ networkInterfaceId: "eni-0feedbeef0000001", privateIpAddress: "10.0.1.5", vpcId: "vpc-0a1b2c3d", subnetId: "subnet-0a1b2c3d" }],
    });
    const { action, additionalInfo, evidence, featureName } = finding.serviceDetails;
    expect(featureName).toBe("FlowLogs");
    expect(action.actionType).toBe("NETWORK_CONNECTION");
    expect(action.networkConnectionAction).toEqual({
      connectionDirection: "OUTBOUND",
      protocol: "TCP",
      blocked: false,
      localNetworkInterface: "eni-0feedbeef0000001",
      localPortDetails: { port: 49152, portName: "Unknown" },
      remotePortDetails: { port: 443, portName: "HTTPS" },
      localIpDetails: { ipAddressV4: "10.0.1.5" },
      remoteIpDetails: { ipAddressV4: LISTED, city: { cityName: "Berlin" }, geoLocation: { lat: 52.52, lon: 13.4 } },
    });
    expect(additionalInfo).toMatchObject({ type: "default", threatListName: "incident-42", threatName: null, sample: false });
    expect(JSON.parse(additionalInfo.value)).toEqual(additionalInfo.details);
    expect(evidence.threatIntelligenceDetails).toEqual([{ threatListName: "incident-42", threatNames: [] }]);
    expect(finding.sourceEvents).toEqual([{ object: FLOW_OBJECT, line: 1, eventId: null, key: `eni-0feedbeef0000001 10.0.1.5:49152 > ${LISTED}:443 proto 6 start ${event.time / 1000}` }]);
    expect(finding.confidence).toBe(9);
    expect(finding.confidenceReason).toContain(`Matched: incident-42 (entry ${LISTED})`);
  });

  it("a threat-list port probe: the probe typed, and the feed and the threat named in additionalInfo as GuardDuty's own finding does", async () => {
    const [event] = flowEvents([v5({ src: SCANNER, dst: "10.0.1.9", srcPort: 51515, dstPort: 22, tcpFlags: 2, direction: "ingress" })], V5_FORMAT, FLOW_OBJECT);
    const context = listContext({ feeds: [{ category: "SCANNER", name: "ProofPoint", entries: [SCANNER_NETWORK], threatNames: ["Scanner"] }] });
    const finding = await read(build(only(runEvents(portProbeRule, [event], context))));

    expect(finding.type).toBe("Recon:EC2/PortProbeUnprotectedPort");
    expect(finding.serviceDetails.action).toMatchObject({
      actionType: "PORT_PROBE",
      portProbeAction: { blocked: false, portProbeDetails: [{ localPortDetails: { port: 22, portName: "SSH" }, localIpDetails: { ipAddressV4: "10.0.1.9" }, remoteIpDetails: { ipAddressV4: SCANNER, country: { countryCode: "DE" } } }] },
    });
    expect(finding.serviceDetails.additionalInfo).toMatchObject({ threatListName: "ProofPoint", threatName: "Scanner" });
    expect(finding.serviceDetails.evidence.threatIntelligenceDetails).toEqual([{ threatListName: "ProofPoint", threatNames: ["Scanner"] }]);
    expect(finding.confidence).toBe(8);
    expect(finding.confidenceReason).toContain(`Matched: ProofPoint (entry ${SCANNER_NETWORK})`);
    expect(finding.sourceEvents[0]).toMatchObject({ object: FLOW_OBJECT, line: 1, eventId: null, key: expect.stringContaining(`${SCANNER}:51515 > 10.0.1.9:22 proto 6`) });
  });

  it("a DNS finding: the querying instance, the DNS request, and the query's key", async () => {
    const event = { ...dnsEvent({ name: "guarddutyc2activityb.com", instance: "i-0dddd1111eeee2222", srcaddr: "10.0.2.7", time: "2026-01-01T00:05:00Z" }), origin: { object: DNS_OBJECT, line: 12 } };
    const finding = await read(build(only(runEvents(threatIntelDomainRule, [event]))));

    expect(finding.type).toBe("Backdoor:EC2/C&CActivity.B!DNS");
    expect(finding.resourceDetails.instanceDetails).toMatchObject({ instanceId: "i-0dddd1111eeee2222", networkInterfaces: [{ privateIpAddress: "10.0.2.7", vpcId: "vpc-0a1b2c3d" }] });
    expect(finding.serviceDetails.featureName).toBe("DnsLogs");
    expect(finding.serviceDetails.action).toMatchObject({
      actionType: "DNS_REQUEST",
      dnsRequestAction: { domain: "guarddutyc2activityb.com", domainWithSuffix: "guarddutyc2activityb.com", protocol: "UDP", blocked: false, vpcOwnerAccountId: ACCOUNT },
      awsApiCallAction: null,
    });
    expect(finding.serviceDetails.additionalInfo.threatListName).toBe("GuardDuty test domains");
    expect(finding.sourceEvents).toEqual([{ object: DNS_OBJECT, line: 12, eventId: null, key: "guarddutyc2activityb.com A from 10.0.2.7:53155 at 2026-01-01T00:05:00.000Z" }]);
  });

  it("serviceDetails follows archive, feedback and a repeat occurrence; the reason is the latest occurrence's", async () => {
    // An account of its own: the root finding of the first test is this account's one root finding otherwise.
    const drill = await accountWithDetector(app, "111122224444");
    const record = (eventID: string, eventTime: string) =>
      apiCall({ eventID, eventTime, eventSource: "s3.amazonaws.com", eventName: "ListBuckets", recipientAccountId: drill.accountId, userIdentity: { type: "Root", principalId: drill.accountId, arn: `arn:aws:iam::${drill.accountId}:root`, accountId: drill.accountId } });
    const occurrence = (candidate: FindingCandidate) => buildFinding(candidate, { detectorId: drill.detectorId, geo: GEO });
    const first = occurrence(only(runRule(rootCredentialUsageRule, record("e-1", "2026-03-02T10:00:00Z"))));
    const later = occurrence({ ...only(runRule(rootCredentialUsageRule, record("e-2", "2026-03-02T11:00:00Z"))), confidence: { score: 4, reason: "A drill account." } });
    await storeFindings(app.database.db, [first]);
    await storeFindings(app.database.db, [later]);
    await app.gql(`mutation($d: ID!, $ids: [String!]!) { archiveFindings(detectorId: $d, findingIds: $ids) }`, { d: drill.detectorId, ids: [first.id] }, drill.key);
    await app.gql(`mutation($d: ID!, $ids: [String!]!) { updateFindingsFeedback(detectorId: $d, findingIds: $ids, feedback: NOT_USEFUL) }`, { d: drill.detectorId, ids: [first.id] }, drill.key);
    const result = await app.gql(
      `query($d: ID!, $ids: [String!]!) { getFindings(detectorId: $d, findingIds: $ids) { confidence confidenceReason sourceEvents { eventId } serviceDetails { count archived userFeedback eventFirstSeen eventLastSeen } } }`,
      { d: drill.detectorId, ids: [first.id] },
      drill.key,
    );
    expect(later.id).toBe(first.id);
    expect(result.data?.getFindings).toEqual([
      {
        confidence: 4,
        confidenceReason: "A drill account.",
        sourceEvents: [{ eventId: "e-1" }, { eventId: "e-2" }],
        serviceDetails: { count: 2, archived: true, userFeedback: "NOT_USEFUL", eventFirstSeen: "2026-03-02T10:00:00.000Z", eventLastSeen: "2026-03-02T11:00:00.000Z" },
      },
    ]);
  });

  it("GuardDuty's own EC2 finding reads field by field: type, image, state, launch time (epoch ms then, ISO here), tags, groups, DNS names", async () => {
    // test/fixtures/publishing/README.md gives the origin of this real finding.
    const envelope = JSON.parse(readFileSync(path.join(__dirname, "../fixtures/publishing/portprobe-unprotected-port.eventbridge.json"), "utf8"));
    const detail = envelope.detail;
    const id = "c0b069a09b9f39764cf3d9e44251e079";
    const stored: Finding = {
      ...detail,
      accountId: ACCOUNT,
      service: { ...detail.service, detectorId: account.detectorId },
      vigil: { sourceEvents: [], confidenceReason: "GuardDuty's" },
    };
    const finding = await read(stored);

    expect(finding.id).toBe(id);
    expect(finding.resourceDetails.instanceDetails).toEqual({
      instanceId: "i-036cb01d26bb09166",
      instanceType: "t2.micro",
      instanceState: "running",
      launchTime: "2017-06-10T01:31:14.000Z",
      availabilityZone: "us-east-1b",
      imageId: "ami-3181d827",
      tags: [{ key: "Name", value: "stackarmor Tools" }],
      iamInstanceProfile: { arn: "arn:aws:iam::726064622671:instance-profile/SimpleCloudBuilderRole", id: "AIPAIB2MSH55V2UVVRQGS" },
      networkInterfaces: [
        {
          networkInterfaceId: null,
          privateIpAddress: "10.0.0.128",
          publicIp: "54.91.89.220",
          publicDnsName: "ec2-54-91-89-220.compute-1.amazonaws.com",
          privateDnsName: "ip-10-0-0-128.ec2.internal",
          subnetId: "subnet-1b900f30",
          vpcId: "vpc-76181913",
          securityGroups: [
            { groupId: "sg-a534fcd9", groupName: "wellarchitected-framework-security-group" },
            { groupId: "sg-f736fe8b", groupName: "stackarmor-access-group" },
          ],
        },
      ],
    });
    // Its additionalInfo is the fields themselves (EventBridge, 2018), not a JSON text: the same typed fields.
    expect(finding.serviceDetails.additionalInfo).toMatchObject({ threatListName: "ProofPoint", threatName: "Scanner" });
    expect(finding.serviceDetails.action.portProbeAction.portProbeDetails[0].remoteIpDetails.ipAddressV4).toBe("221.132.75.236");
    // Neither a confidence nor a reason in GuardDuty's finding: nothing is made up.
    expect(finding.confidence).toBeNull();
  });
});
