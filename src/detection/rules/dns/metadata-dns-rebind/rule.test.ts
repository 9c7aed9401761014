import { runEvents, typesOf } from "../../../testing/flow-records.js";
import { dnsEvent } from "../../../testing/dns-records.js";
import { metadataDnsRebindRule as rule } from "./rule.js";

function run(name: string, answers: Array<{ Rdata: string; Type?: string }>) {
  return runEvents(rule, [dnsEvent({ name, answers })]);
}

describe("UnauthorizedAccess:EC2/MetadataDNSRebind", () => {
  it("raises when a public name resolves to the metadata service, in any address spelling", () => {
    const [found] = run("169.254.169.254.nip.io", [{ Rdata: "169.254.169.254" }]);
    expect(found.meta.type).toBe("UnauthorizedAccess:EC2/MetadataDNSRebind");
    expect(found.aggregationKey).toBe("111122223333|i-0123456789abcdef0|169.254.169.254.nip.io");
    expect(found.action).toMatchObject({ actionType: "DNS_REQUEST", domain: "169.254.169.254.nip.io", domainWithSuffix: "nip.io" });
    expect(typesOf(run("rebind.attacker.net", [{ Rdata: "fd00:ec2:0:0:0:0:0:254", Type: "AAAA" }]))).toEqual(["UnauthorizedAccess:EC2/MetadataDNSRebind"]);
    expect(typesOf(run("x.attacker.net", [{ Rdata: "cdn.attacker.net", Type: "CNAME" }, { Rdata: "169.254.170.2" }]))).toEqual(["UnauthorizedAccess:EC2/MetadataDNSRebind"]);
  });

  it("raises nothing for AWS's internal names, other link-local addresses, or ordinary answers", () => {
    expect(run("instance-data.ec2.internal", [{ Rdata: "169.254.169.254" }])).toEqual([]);
    expect(run("instance-data", [{ Rdata: "169.254.169.254" }])).toEqual([]);
    expect(run("time.attacker.net", [{ Rdata: "169.254.169.123" }])).toEqual([]);
    expect(run("www.example.com", [{ Rdata: "93.184.216.34" }, { Rdata: "2606:2800:220:1:248:1893:25c8:1946", Type: "AAAA" }])).toEqual([]);
  });
});
