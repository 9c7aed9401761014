import { apiCall } from "../../../testing/cloudtrail.js";
import { runInBatches, callSeries } from "../../../testing/cloudtrail-batches.js";
import { readJsonLinesFixture } from "../../../testing/fixtures.js";
import { apiEnumerationBurstRule } from "./rule.js";

const TYPE = "Discovery:IAMUser/APIEnumerationBurst";
const rule = apiEnumerationBurstRule();

function reads(calls: Array<[source: string, name: string, parameters?: Record<string, unknown> | null]>, extra: Record<string, unknown> = {}) {
  return callSeries(calls.length, (i) => apiCall({ eventSource: calls[i][0], eventName: calls[i][1], requestParameters: calls[i][2] ?? null, ...extra }));
}

/** The inventory walk of a stolen instance-role key: whoami, IAM, S3, snapshots, trails, detectors. */
const RECON_WALK: Array<[string, string, Record<string, unknown>?]> = [
  ["sts.amazonaws.com", "GetCallerIdentity"],
  ["s3.amazonaws.com", "ListBuckets"],
  ["iam.amazonaws.com", "GetAccountSummary"],
  ["iam.amazonaws.com", "ListRoles"],
  ["iam.amazonaws.com", "ListUsers"],
  ["ec2.amazonaws.com", "DescribeSnapshots", { snapshotSet: {}, filterSet: {}, sharedUsersSet: {} }],
  ["cloudtrail.amazonaws.com", "DescribeTrails"],
  ["guardduty.amazonaws.com", "ListDetectors"],
];

const SES_WALK: Array<[string, string, Record<string, unknown>?]> = [
  ["ses.amazonaws.com", "GetAccountSendingEnabled"],
  ["ses.amazonaws.com", "GetSendQuota"],
  ["ses.amazonaws.com", "ListIdentities"],
  ["ses.amazonaws.com", "GetIdentityVerificationAttributes", { identities: ["example.com", "alice@example.com"] }],
];

/** 24 distinct inventory reads spread over 4 services. */
const BROAD: Array<[string, string]> = ["ec2", "rds", "elasticloadbalancing", "autoscaling"].flatMap((service) =>
  Array.from({ length: 6 }, (_, i) => [`${service}.amazonaws.com`, `DescribeThing${i}`] as [string, string]),
);

describe(TYPE, () => {
  it("fires on the first inventory reads of a stolen credential, once per principal", () => {
    const found = runInBatches(rule, reads(RECON_WALK));
    expect(found.map((c) => c.meta.type)).toContain(TYPE);
    expect(new Set(found.map((c) => c.aggregationKey)).size).toBe(1);
    expect(found.at(-1)!.severity).toBe(5);
    expect(found.at(-1)!.templateValues.reconList).toContain("iam.amazonaws.com:ListUsers");
  });

  it("fires on SES sending-quota enumeration", () => {
    expect(runInBatches(rule, reads(SES_WALK)).length).toBeGreaterThan(0);
  });

  it("fires on many distinct inventory reads across services", () => {
    expect(runInBatches(rule, reads(BROAD)).length).toBeGreaterThan(0);
  });

  it("counts refused reads: refused enumeration is still enumeration", () => {
    expect(runInBatches(rule, reads(RECON_WALK, { errorCode: "AccessDenied" })).length).toBeGreaterThan(0);
  });

  it("stays quiet below the thresholds", () => {
    expect(runInBatches(rule, reads(RECON_WALK.slice(0, 3)))).toEqual([]);
    expect(runInBatches(rule, reads(BROAD.slice(0, 19)))).toEqual([]);
  });

  it("does not count reads that name their resources, as infrastructure-as-code refreshes do", () => {
    const scoped = BROAD.map(([source, name]) => [source, name, { resourceId: "r-123" }] as [string, string, Record<string, unknown>]);
    const recon = RECON_WALK.map(([source, name]) => [source, name, { userName: "svc" }] as [string, string, Record<string, unknown>]);
    expect(runInBatches(rule, reads([...scoped, ...recon]))).toEqual([]);
  });

  it("keeps windows and principals apart", () => {
    const spread = callSeries(RECON_WALK.length, (i) => apiCall({ eventSource: RECON_WALK[i][0], eventName: RECON_WALK[i][1] }), Date.parse("2026-03-01T10:00:00Z"));
    spread.forEach((record, i) => (record.eventTime = new Date(Date.parse("2026-03-01T10:00:00Z") + i * 11 * 60_000).toISOString()));
    expect(runInBatches(rule, spread)).toEqual([]);
    const twoUsers = reads(RECON_WALK.slice(0, 6)).map((record, i) =>
      i % 2 ? { ...record, userIdentity: { ...(record.userIdentity as object), principalId: "AIDAOTHERUSER", arn: "arn:aws:iam::111122223333:user/bob" } } : record,
    );
    expect(runInBatches(rule, twoUsers)).toEqual([]);
  });

  it("needs twice the breadth through the console, and raises Low there", () => {
    const console = { userAgent: "console.ec2.amazonaws.com" };
    expect(runInBatches(rule, reads(RECON_WALK, console))).toEqual([]);
    expect(runInBatches(rule, reads(BROAD, console))).toEqual([]);
    const wide = ["ec2", "rds", "elb", "asg", "lambda", "iam"].flatMap((service) =>
      Array.from({ length: 7 }, (_, i) => [`${service}.amazonaws.com`, `ListThing${i}`] as [string, string]),
    );
    const found = runInBatches(rule, reads(wide, console));
    expect(found.at(-1)!.severity).toBe(2);
  });

  it("leaves AWS services acting for the account alone", () => {
    const invoked = reads(RECON_WALK).map((record) => ({ ...record, userIdentity: { ...(record.userIdentity as object), invokedBy: "cloudformation.amazonaws.com" } }));
    expect(runInBatches(rule, invoked)).toEqual([]);
  });

  it("ignores writes and S3 object reads", () => {
    expect(runInBatches(rule, reads(RECON_WALK, { readOnly: false }))).toEqual([]);
    const objects = callSeries(30, (i) => apiCall({ eventSource: "s3.amazonaws.com", eventName: `GetObject${i}`, eventCategory: "Data" }));
    expect(runInBatches(rule, objects)).toEqual([]);
  });
});

describe("on real records", () => {
  it("stays quiet on the console activity and instance-role reads of the OTRF EC2-proxy capture", () => {
    const records = readJsonLinesFixture<Record<string, unknown>>("otrf-ec2-proxy-s3-exfiltration.jsonl.gz");
    expect(runInBatches(rule, records, undefined, 50)).toEqual([]);
  });
});
