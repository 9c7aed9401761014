import { SEVERITY, type FindingCandidate } from "../engine/types.js";
import type { GeoLookup } from "../geo/geo-lookup.js";
import type { ThreatMatch } from "../intel/lookup.js";
import { apiCall, runRule, testContext } from "../testing/cloudtrail.js";
import { cloudTrailLoggingDisabledRule } from "../rules/cloudtrail/cloudtrail-logging-disabled/rule.js";
import { threatIntelCallerRule } from "../rules/cloudtrail/threat-intel-caller/rule.js";
import { buildFinding } from "./build-finding.js";
import { findingId } from "./finding-id.js";

const geo: GeoLookup = {
  lookup: (address) =>
    /^\d/.test(address)
      ? { ipAddressV4: address, country: { countryCode: "GB", countryName: "United Kingdom" }, organization: { asn: "64500", asnOrg: "Example", isp: "Example", org: "Example" } }
      : undefined,
};
const NOW = Date.parse("2026-03-02T00:00:00Z");

function stopLogging(overrides: Record<string, unknown> = {}): FindingCandidate {
  const record = apiCall({ eventSource: "cloudtrail.amazonaws.com", eventName: "StopLogging", requestParameters: { name: "main" }, sourceIPAddress: "81.2.69.142", ...overrides });
  return runRule(cloudTrailLoggingDisabledRule, record)[0];
}

describe("buildFinding", () => {
  it("writes GuardDuty's finding JSON for an API-call candidate", () => {
    const finding = buildFinding(stopLogging(), { detectorId: "det1", geo, now: NOW });
    expect(finding).toMatchObject({
      schemaVersion: "2.0",
      accountId: "111122223333",
      region: "eu-west-1",
      partition: "aws",
      type: "Stealth:IAMUser/CloudTrailLoggingDisabled",
      severity: SEVERITY.LOW,
      createdAt: "2026-03-02T00:00:00.000Z",
      updatedAt: "2026-03-02T00:00:00.000Z",
      resource: { resourceType: "AccessKey", accessKeyDetails: { accessKeyId: "AKIAEXAMPLEKEY000001", userName: "alice", userType: "IAMUser" } },
      service: {
        serviceName: "guardduty",
        detectorId: "det1",
        count: 1,
        eventFirstSeen: "2026-03-01T10:00:00.000Z",
        eventLastSeen: "2026-03-01T10:00:00.000Z",
        archived: false,
        resourceRole: "TARGET",
        action: {
          actionType: "AWS_API_CALL",
          awsApiCallAction: {
            api: "StopLogging",
            serviceName: "cloudtrail.amazonaws.com",
            callerType: "Remote IP",
            remoteIpDetails: { ipAddressV4: "81.2.69.142", country: { countryCode: "GB" }, organization: { asn: "64500" } },
            affectedResources: { "AWS::CloudTrail::Trail": "main" },
          },
        },
        additionalInfo: { type: "default" },
      },
      vigil: { sourceEvents: [{ eventId: "00000000-0000-4000-8000-000000000001", object: "test-object.json", line: 1 }] },
    });
    expect(finding.id).toMatch(/^[0-9a-f]{32}$/);
    expect(finding.arn).toBe(`arn:aws:guardduty:eu-west-1:111122223333:detector/det1/finding/${finding.id}`);
    expect(finding.title).toBe("CloudTrail logging was disabled by arn:aws:iam::111122223333:user/alice.");
    expect(finding.description).not.toMatch(/[{}]/);
    expect(JSON.parse(finding.service.additionalInfo.value)).toEqual({ effect: "stops the trail from recording" });
  });

  it("derives the id from detector, type and aggregation key only", () => {
    const a = buildFinding(stopLogging(), { detectorId: "det1", geo });
    const b = buildFinding(stopLogging({ eventID: "another", eventTime: "2026-03-05T00:00:00Z", sourceIPAddress: "81.2.69.160" }), { detectorId: "det1", geo });
    const otherTrail = buildFinding(stopLogging({ requestParameters: { name: "audit" } }), { detectorId: "det1", geo });
    const otherDetector = buildFinding(stopLogging(), { detectorId: "det2", geo });
    expect(a.id).toBe(b.id);
    expect(a.id).toBe(findingId("det1", a.type, "111122223333|main"));
    expect(otherTrail.id).not.toBe(a.id);
    expect(otherDetector.id).not.toBe(a.id);
  });

  it("uses the partition of the region", () => {
    const finding = buildFinding(stopLogging({ awsRegion: "cn-north-1" }), { detectorId: "det1", geo });
    expect(finding.partition).toBe("aws-cn");
    expect(finding.arn.startsWith("arn:aws-cn:guardduty:cn-north-1:")).toBe(true);
  });

  it("shows an AWS service caller as a domain", () => {
    const finding = buildFinding(stopLogging({ sourceIPAddress: "cloudformation.amazonaws.com" }), { detectorId: "det1", geo });
    expect(finding.service.action).toMatchObject({ awsApiCallAction: { callerType: "Domain", domainDetails: { domain: "cloudformation.amazonaws.com" } } });
  });

  it("puts threat-list matches in evidence and additionalInfo", () => {
    const match: Omit<ThreatMatch, "entry"> = { listName: "IPsum", source: "MANAGED", category: "MALICIOUS_IP", threatNames: ["scanner"] };
    const [candidate] = runRule(threatIntelCallerRule, apiCall({ sourceIPAddress: "81.2.69.142" }), testContext({ threats: { "81.2.69.142": [match] } }));
    const finding = buildFinding(candidate, { detectorId: "det1", geo });
    expect(finding.service.evidence).toEqual({ threatIntelligenceDetails: [{ threatListName: "IPsum", threatNames: ["scanner"] }] });
    expect(JSON.parse(finding.service.additionalInfo.value)).toMatchObject({ threatListName: "IPsum" });
  });

  it("writes the network shapes flow and DNS rules will use", () => {
    const base = stopLogging();
    const connection = buildFinding(
      { ...base, action: { actionType: "NETWORK_CONNECTION", connectionDirection: "INBOUND", protocol: "TCP", blocked: false, localPort: 22, remotePort: 51234, localIp: "10.0.0.5", remoteIp: "81.2.69.142" } },
      { detectorId: "det1", geo },
    );
    expect(connection.service.action).toEqual({
      actionType: "NETWORK_CONNECTION",
      networkConnectionAction: expect.objectContaining({
        localPortDetails: { port: 22, portName: "SSH" },
        remotePortDetails: { port: 51234, portName: "Unknown" },
        localIpDetails: { ipAddressV4: "10.0.0.5" },
        remoteIpDetails: expect.objectContaining({ ipAddressV4: "81.2.69.142" }),
      }),
    });
    const probe = buildFinding({ ...base, action: { actionType: "PORT_PROBE", blocked: false, probes: [{ localPort: 9200, remoteIp: "81.2.69.142" }] } }, { detectorId: "det1", geo });
    expect(probe.service.action).toMatchObject({ portProbeAction: { portProbeDetails: [{ localPortDetails: { port: 9200, portName: "Elasticsearch" } }] } });
    const dns = buildFinding({ ...base, action: { actionType: "DNS_REQUEST", domain: "guarddutyc2activityb.com", protocol: "UDP", blocked: false } }, { detectorId: "det1", geo });
    expect(dns.service.action).toMatchObject({ actionType: "DNS_REQUEST", dnsRequestAction: { domain: "guarddutyc2activityb.com" } });
  });
});
