import type { ThreatMatch } from "../../../intel/lookup.js";
import { apiCall, runRule, testContext, types } from "../../../testing/cloudtrail.js";
import { threatIntelCallerRule as rule } from "./rule.js";

const BAD = "203.0.113.66";
const TOR = "198.51.100.77";
const CUSTOM = "192.0.2.99";

const malicious: Omit<ThreatMatch, "entry"> = { listName: "IPsum level 5", source: "MANAGED", category: "MALICIOUS_IP", threatNames: ["bruteforce"] };
const tor: Omit<ThreatMatch, "entry"> = { listName: "Tor exit nodes", source: "MANAGED", category: "TOR_EXIT", threatNames: [] };
const custom: Omit<ThreatMatch, "entry"> = { listName: "incident-42", source: "CUSTOM", threatNames: [] };

const context = testContext({ threats: { [BAD]: [malicious], [TOR]: [tor], [CUSTOM]: [custom], "203.0.113.1": [malicious, tor] } });

function s3Data(eventName: string, ip: string) {
  return apiCall({ sourceIPAddress: ip, eventSource: "s3.amazonaws.com", eventName, eventCategory: "Data", requestParameters: { bucketName: "vault", key: "a.txt" } });
}

describe("threat-intelligence caller types", () => {
  it("splits management calls into reconnaissance and other calls", () => {
    expect(types(runRule(rule, apiCall({ sourceIPAddress: BAD, eventName: "DescribeInstances" }), context))).toEqual(["Recon:IAMUser/MaliciousIPCaller"]);
    expect(types(runRule(rule, apiCall({ sourceIPAddress: BAD, eventName: "RunInstances" }), context))).toEqual(["UnauthorizedAccess:IAMUser/MaliciousIPCaller"]);
    expect(types(runRule(rule, apiCall({ sourceIPAddress: TOR, eventName: "ListBuckets", eventSource: "s3.amazonaws.com" }), context))).toEqual(["Recon:IAMUser/TorIPCaller"]);
    expect(types(runRule(rule, apiCall({ sourceIPAddress: TOR, eventName: "CreateUser" }), context))).toEqual(["UnauthorizedAccess:IAMUser/TorIPCaller"]);
    expect(types(runRule(rule, apiCall({ sourceIPAddress: CUSTOM, eventName: "GetCallerIdentity" }), context))).toEqual(["Recon:IAMUser/MaliciousIPCaller.Custom"]);
    expect(types(runRule(rule, apiCall({ sourceIPAddress: CUSTOM, eventName: "AttachUserPolicy" }), context))).toEqual(["UnauthorizedAccess:IAMUser/MaliciousIPCaller.Custom"]);
  });

  it("splits S3 data events into discovery, reads and writes", () => {
    expect(types(runRule(rule, s3Data("ListObjects", BAD), context))).toEqual(["Discovery:S3/MaliciousIPCaller"]);
    expect(types(runRule(rule, s3Data("GetObject", BAD), context))).toEqual(["Exfiltration:S3/MaliciousIPCaller"]);
    expect(types(runRule(rule, s3Data("PutObject", BAD), context))).toEqual(["Impact:S3/MaliciousIPCaller"]);
    expect(types(runRule(rule, s3Data("GetObjectAcl", TOR), context))).toEqual(["Discovery:S3/TorIPCaller"]);
    expect(types(runRule(rule, s3Data("DeleteObject", TOR), context))).toEqual(["UnauthorizedAccess:S3/TorIPCaller"]);
    expect(types(runRule(rule, s3Data("ListObjects", CUSTOM), context))).toEqual(["Discovery:S3/MaliciousIPCaller.Custom"]);
    expect(types(runRule(rule, s3Data("GetObject", CUSTOM), context))).toEqual(["UnauthorizedAccess:S3/MaliciousIPCaller.Custom"]);
  });

  it("raises one finding per kind of list an address is on, with the lists as evidence", () => {
    const candidates = runRule(rule, apiCall({ sourceIPAddress: "203.0.113.1", eventName: "RunInstances" }), context);
    expect(types(candidates).sort()).toEqual(["UnauthorizedAccess:IAMUser/MaliciousIPCaller", "UnauthorizedAccess:IAMUser/TorIPCaller"]);
    expect(candidates[0].threatIntel?.map((match) => match.listName)).toHaveLength(1);
    expect(candidates.find((c) => c.meta.type.includes("Malicious"))?.additionalInfo).toEqual({ threatListName: "IPsum level 5", threatName: "bruteforce" });
  });

  it("counts failed calls, skips S3 data events without S3 Protection, and needs an address", () => {
    expect(types(runRule(rule, apiCall({ sourceIPAddress: BAD, eventName: "RunInstances", errorCode: "UnauthorizedOperation" }), context))).toHaveLength(1);
    expect(runRule(rule, s3Data("GetObject", BAD), testContext({ threats: { [BAD]: [malicious] } }, { s3DataEvents: false }))).toEqual([]);
    expect(runRule(rule, apiCall({ sourceIPAddress: "ec2.amazonaws.com" }), context)).toEqual([]);
    expect(runRule(rule, apiCall({ sourceIPAddress: "198.51.100.5" }), context)).toEqual([]);
  });
});
