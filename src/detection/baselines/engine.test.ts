import type { FlowEvent, VigilEvent } from "../events.js";
import type { RemoteIpDetails } from "../findings/types.js";
import { buildFinding } from "../findings/build-finding.js";
import { instanceCredentialExfiltrationRule } from "../rules/cloudtrail/instance-credential-exfiltration/rule.js";
import { apiCall, cloudTrailEvent, testContext } from "../testing/cloudtrail.js";
import { createBaselineEngine, runBaselineBatch } from "./engine.js";
import type { BaselineContext } from "./model.js";
import { baselineSettings, DAY_MS } from "./state/settings.js";
import { MemoryBaselineStore } from "./state/store.js";

const T0 = Date.UTC(2026, 2, 1, 9);
const ORGS: Record<string, [string, string]> = {
  "81.2.69.142": ["Home Broadband", "GB"],
  "81.2.69.143": ["Home Broadband", "GB"],
  "185.220.101.1": ["Bulletproof Hosting", "NL"],
  "45.33.32.156": ["Partner Networks", "US"],
};
const geo = { lookup: (address: string): RemoteIpDetails | undefined => {
  const org = ORGS[address];
  if (!org) return /^\d/.test(address) ? { ipAddressV4: address } : undefined;
  return { ipAddressV4: address, country: { countryCode: org[1], countryName: org[1] }, organization: { asn: "1", asnOrg: org[0], isp: org[0], org: org[0] } };
} };
const context: BaselineContext = { ...testContext(), geo, baseline: baselineSettings() };
const ALICE = "arn:aws:iam::111122223333:user/alice";

function at(day: number, overrides: Record<string, unknown> = {}, minute = 0) {
  const time = new Date(T0 + day * DAY_MS + minute * 60_000).toISOString().replace(".000", "");
  return cloudTrailEvent(apiCall({ eventTime: time, eventID: `e-${day}-${minute}-${String(overrides.eventName ?? "")}`, sourceIPAddress: "81.2.69.142", ...overrides }));
}

/** Ten days of alice's routine: EC2 and S3 reads from home with the AWS CLI. */
function routine(): VigilEvent[][] {
  return Array.from({ length: 10 }, (_, day) => [at(day), at(day, { eventSource: "s3.amazonaws.com", eventName: "ListBuckets" }, 5)]);
}

async function learned(batches: VigilEvent[][], settings = context) {
  const engine = createBaselineEngine();
  const store = new MemoryBaselineStore(settings.baseline);
  for (const [i, batch] of batches.entries()) await runBaselineBatch(engine, store, batch, settings, `history-${i}`);
  return { engine, store, run: (events: VigilEvent[], id = "now") => runBaselineBatch(engine, store, events, settings, id) };
}

const attacker = { sourceIPAddress: "185.220.101.1", userAgent: "python-requests/2.31.0" };

describe("identity model", () => {
  it("raises the family's AnomalousBehavior for a new API from a new place, with the baseline it broke", async () => {
    const { run } = await learned(routine());
    const [found, ...rest] = await run([at(11, { eventSource: "iam.amazonaws.com", eventName: "CreateAccessKey", ...attacker })]);
    expect(rest).toEqual([]);
    expect(found.meta.type).toBe("Persistence:IAMUser/AnomalousBehavior");
    const behavior = found.detection!.anomaly.unusual.behavior[ALICE];
    expect(behavior.api).toEqual({ profileType: "FREQUENCY", profileSubtype: "UNSEEN", observations: { text: ["iam:CreateAccessKey"] } });
    expect(behavior.asnOrg.observations.text).toEqual(["Bulletproof Hosting"]);
    expect(behavior.userAgent.observations.text).toEqual(["python-requests"]);
    expect(found.detection!.anomaly.profiles[ALICE].asnOrg).toEqual([{ profileType: "FREQUENCY", profileSubtype: "FREQUENT", observations: { text: ["Home Broadband"] } }]);
    const finding = buildFinding(found, { detectorId: "d", geo, now: T0 });
    expect(finding.service.detection).toEqual(found.detection);
    expect(finding.description).toMatch(/11-day baseline of arn:aws:iam::111122223333:user\/alice: API "iam:CreateAccessKey" was never seen .*ASN organization "Bulletproof Hosting" was never seen \(usual: Home Broadband\)/);
  });

  it("stays quiet for a new API from the usual place and tool, and for a known API from a new place", async () => {
    const { run } = await learned(routine());
    expect(await run([at(11, { eventSource: "iam.amazonaws.com", eventName: "CreateAccessKey" })])).toEqual([]);
    expect(await run([at(11, { ...attacker }, 30)], "later")).toEqual([]);
  });

  it("raises nothing before the identity's learning period is over", async () => {
    const { run } = await learned(routine().slice(0, 5));
    expect(await run([at(6, { eventSource: "iam.amazonaws.com", eventName: "CreateAccessKey", ...attacker })])).toEqual([]);
  });

  it("re-decides a retried batch the same way, and learns it once", async () => {
    const { run, store } = await learned(routine());
    const batch = [at(11, { eventSource: "ec2.amazonaws.com", eventName: "DeleteFlowLogs", ...attacker })];
    const first = await run(batch, "object-7#0");
    const retried = await run(batch, "object-7#0");
    expect(first.map((c) => c.meta.type)).toEqual(["DefenseEvasion:IAMUser/AnomalousBehavior"]);
    expect(retried).toEqual(first);
    const profile = (await store.read({ entities: [`111122223333|principal|${ALICE}`], hourly: [] })).profile(`111122223333|principal|${ALICE}`)!;
    expect(profile.value("api", "ec2:DeleteFlowLogs")!.days).toBe(1);
  });

  it("raises S3 AnomalousBehavior for reads of a bucket the identity never touched, from a new place", async () => {
    const { run } = await learned(routine());
    const read = at(11, { eventSource: "s3.amazonaws.com", eventName: "GetObject", eventCategory: "Data", readOnly: true, requestParameters: { bucketName: "payroll", key: "x.csv" }, ...attacker });
    const [found] = await run([read]);
    expect(found.meta.type).toBe("Exfiltration:S3/AnomalousBehavior");
    expect(found.resource.s3BucketDetails?.[0].name).toBe("payroll");
    expect(found.detection!.anomaly.unusual.behavior[ALICE].bucket.observations.text).toEqual(["payroll"]);
  });

  it("raises ConsoleLoginSuccess.B for a sign-in from a new organization and country", async () => {
    const login = (day: number, ip: string) =>
      at(day, { eventSource: "signin.amazonaws.com", eventName: "ConsoleLogin", eventType: "AwsConsoleSignIn", sourceIPAddress: ip, userAgent: "Mozilla/5.0", responseElements: { ConsoleLogin: "Success" } }, 1);
    const { run } = await learned(routine().map((batch, day) => [...batch, login(day, "81.2.69.143")]));
    expect(await run([login(11, "81.2.69.142")], "usual")).toEqual([]);
    const [found] = await run([login(11, "185.220.101.1")]);
    expect(found.meta.type).toBe("UnauthorizedAccess:IAMUser/ConsoleLoginSuccess.B");
    expect(Object.keys(found.detection!.anomaly.unusual.behavior[ALICE]).sort()).toEqual(["asnOrg", "country"]);
  });
});

describe("instance credential sources", () => {
  const role = {
    type: "AssumedRole",
    principalId: "AROAEXAMPLEROLE00001:i-0123456789abcdef0",
    arn: "arn:aws:sts::111122223333:assumed-role/web/i-0123456789abcdef0",
    accountId: "111122223333",
    sessionContext: { sessionIssuer: { type: "Role", arn: "arn:aws:iam::111122223333:role/web", accountId: "111122223333", userName: "web" }, ec2RoleDelivery: "2.0" },
  };
  const use = (day: number, ip: string) => at(day, { userIdentity: role, sourceIPAddress: ip, eventSource: "s3.amazonaws.com", eventName: "ListBuckets" });

  it("stops alerting on a remote source the role has used for days, and keeps alerting on new ones", async () => {
    const history = Array.from({ length: 10 }, (_, day) => [use(day, "45.33.32.156")]);
    const { engine, store } = await learned(history);
    const decide = async (event: VigilEvent) => {
      const rule = instanceCredentialExfiltrationRule.findingTypes[0].type;
      const candidates: ReturnType<typeof engine.decide> = [];
      instanceCredentialExfiltrationRule.evaluate(event as never, context, (c) => candidates.push(c));
      expect(candidates.map((c) => c.meta.type)).toEqual([rule]);
      return runBaselineBatch(engine, store, [event], context, String(event.time), candidates);
    };
    expect(await decide(use(11, "45.33.32.156"))).toEqual([]);
    const kept = await decide(use(12, "185.220.101.1"));
    expect(kept).toHaveLength(1);
    expect(kept[0].additionalInfo).toEqual({ learnedSources: ["Partner Networks"] });
  });
});

describe("instance network model", () => {
  function flow(day: number, dstAddr: string, dstPort: number, bytes = 5_000, minute = 0): FlowEvent {
    const time = T0 + day * DAY_MS + minute * 60_000;
    return {
      kind: "flow", time, end: time + 60_000, accountId: "111122223333", region: "eu-west-1", version: 2, interfaceId: "eni-1", instanceId: "i-0abc",
      srcAddr: "10.0.0.5", dstAddr, srcPort: 49152, dstPort, protocol: 6, packets: 10, bytes, action: "ACCEPT", extra: {}, origin: { object: "flows", line: day },
    };
  }
  const routineFlows = () => Array.from({ length: 10 }, (_, day) => Array.from({ length: 24 }, (_, h) => flow(day, `52.95.110.${h}`, 443, 5_000_000, h * 60)));

  it.each([
    [25, "Backdoor:EC2/Spambot", 5],
    [389, "Behavior:EC2/NetworkPortUnusual", 8],
    [8443, "Behavior:EC2/NetworkPortUnusual", 5],
  ])("a first connection to port %d raises %s (severity %d)", async (port, type, severity) => {
    const { run } = await learned(routineFlows());
    const found = await run([flow(11, "93.184.216.34", port)]);
    expect(found.map((c) => [c.meta.type, c.severity])).toEqual([[type, severity]]);
    expect(found[0].detection!.anomaly.unusual.behavior["instance i-0abc"].remotePort.observations.text).toEqual([String(port)]);
  });

  it("raises UnusualDNSResolver / UnusualDoTActivity for DNS to a new public resolver, not for the usual ports", async () => {
    const { run } = await learned(routineFlows());
    expect(await run([flow(11, "52.95.110.3", 443)], "usual")).toEqual([]);
    expect((await run([flow(11, "8.8.8.8", 53)])).map((c) => c.meta.type)).toEqual(["DefenseEvasion:EC2/UnusualDNSResolver"]);
    expect((await run([flow(11, "9.9.9.9", 853)], "dot")).map((c) => c.meta.type)).toEqual(["DefenseEvasion:EC2/UnusualDoTActivity"]);
  });

  it("raises TrafficVolumeUnusual when one host gets far more bytes in an hour than usual, across batches", async () => {
    const { run } = await learned(routineFlows());
    expect(await run([flow(11, "52.95.110.1", 443, 200_000_000)], "a")).toEqual([]);
    const found = await run([flow(11, "52.95.110.1", 443, 200_000_000, 10)], "b");
    expect(found.map((c) => c.meta.type)).toEqual(["Behavior:EC2/TrafficVolumeUnusual"]);
    expect(found[0].templateValues.baseline).toMatch(/up to 8\.0 MiB .*this hour it sent 381\.5 MiB to 52\.95\.110\.1/);
    expect(found[0].detection!.anomaly.profiles["instance i-0abc"].bytesSentToOneHostPerHour[0].profileType).toBe("VOLUME");
  });
});
