/** Vigil's own logsources: VPC Flow Logs by AWS's field names, Route 53 Resolver query logs as written. */
import { createEngine } from "../../engine/engine.js";
import type { DnsRule, FlowRule } from "../../engine/types.js";
import { testContext } from "../../testing/cloudtrail.js";
import { dnsEvent } from "../../testing/dns-records.js";
import { flowEvents, v2, V5_FORMAT, v5 } from "../../testing/flow-records.js";
import { compileSigmaRule } from "./compile.js";
import { sigmaRule } from "../../testing/sigma-rules.js";

const forService = (service: string, detection: string) => compileSigmaRule(sigmaRule(detection).replace("service: cloudtrail", `service: ${service}`));

describe("Sigma rules over VPC Flow Logs (service: vpcflow)", () => {
  const rule = forService("vpcflow", "selection:\n    dstport: 3389\n    action: ACCEPT\n    srcaddr|cidr: 0.0.0.0/0\nfilter:\n    srcaddr|cidr: 10.0.0.0/8\ncondition: selection and not filter").rule.value as FlowRule;
  const engine = createEngine([rule]);

  it("fires on an accepted RDP connection from outside, as Custom:EC2/<title> on the interface", () => {
    const [candidate, ...rest] = engine.detect(flowEvents([v5({ src: "203.0.113.7", dst: "10.0.1.5", srcPort: 50000, dstPort: 3389, direction: "ingress", eni: "eni-0abc" })], V5_FORMAT), testContext());
    expect(rest).toEqual([]);
    expect(candidate!.meta.type).toBe("Custom:EC2/TestRule");
    expect(candidate!.action).toMatchObject({ actionType: "NETWORK_CONNECTION", connectionDirection: "INBOUND", localPort: 3389, remoteIp: "203.0.113.7" });
    expect(candidate!.additionalInfo).toMatchObject({ sigma: { author: "Test Author", matchedEvents: ["flow-test.log#1"] } });
  });

  it("stays silent on a rejected attempt, another port or an internal client", () => {
    const lines = [
      v2({ src: "203.0.113.7", dst: "10.0.1.5", srcPort: 50000, dstPort: 3389, action: "REJECT" }),
      v2({ src: "203.0.113.7", dst: "10.0.1.5", srcPort: 50000, dstPort: 22 }),
      v2({ src: "10.0.2.9", dst: "10.0.1.5", srcPort: 50000, dstPort: 3389 }),
    ];
    expect(engine.detect(flowEvents(lines), testContext())).toEqual([]);
  });
});

describe("Sigma rules over Route 53 Resolver query logs (service: route53resolver or dns)", () => {
  const rule = forService("dns", "selection:\n    query_name|endswith: '.ngrok.io.'\ncondition: selection").rule.value as DnsRule;
  const engine = createEngine([rule]);

  it("fires on a query for a matching name, on the querying instance", () => {
    const [candidate] = engine.detect([dnsEvent({ name: "abc.eu.ngrok.io", instance: "i-0feedface" })], testContext());
    expect(candidate!.meta.type).toBe("Custom:EC2/TestRule");
    expect(candidate!.resource.instanceDetails?.instanceId).toBe("i-0feedface");
    expect(candidate!.action).toMatchObject({ actionType: "DNS_REQUEST", domain: "abc.eu.ngrok.io" });
  });

  it("stays silent on other names", () => {
    expect(engine.detect([dnsEvent({ name: "ngrok.io.example.com" })], testContext())).toEqual([]);
  });
});
