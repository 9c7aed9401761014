import { ACCOUNT, cloudTrailKey } from "./support/cloudtrail";
import { eventually, startTestPipeline, type TestPipeline } from "./support/pipeline";

/** Root calls (each raises RootCredentialUsage; the account's calls aggregate into one finding) between ordinary ones. */
function trailObject(idPrefix: string, roots: number, start: number): string {
  const call = (index: number, root: boolean) => ({
    eventVersion: "1.10",
    eventTime: new Date(start + index * 1000).toISOString().replace(/\.\d{3}Z$/, "Z"),
    eventSource: root ? "s3.amazonaws.com" : "ec2.amazonaws.com",
    eventName: root ? "ListBuckets" : "DescribeInstances",
    awsRegion: "us-east-1",
    sourceIPAddress: "198.51.100.20",
    userAgent: "aws-cli/2.15.0",
    userIdentity: root
      ? { type: "Root", principalId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:root`, accountId: ACCOUNT }
      : { type: "IAMUser", principalId: "AIDAALICE", arn: `arn:aws:iam::${ACCOUNT}:user/alice`, accountId: ACCOUNT, userName: "alice" },
    eventID: `${idPrefix}-${index}`,
    eventType: "AwsApiCall",
    readOnly: true,
    recipientAccountId: ACCOUNT,
  });
  // Odd records are the root's: records 2, 4, 6… of the object (1-based).
  return JSON.stringify({ Records: Array.from({ length: roots * 2 }, (_, index) => call(index, index % 2 === 1)) });
}

describe("source events and confidence through the pipeline", () => {
  let pipeline: TestPipeline;

  beforeAll(async () => {
    pipeline = await startTestPipeline();
    await pipeline.startWorkers();
  });
  afterAll(() => pipeline.close());

  it("a finding names the CloudTrail records that caused it, by eventID, object key and record, across objects, newest last", async () => {
    const id = await pipeline.createSource({ name: "trail", location: "push" });
    const first = cloudTrailKey("us-east-1", new Date("2026-03-01T10:00:00Z"), "first");
    const second = cloudTrailKey("us-east-1", new Date("2026-03-01T10:05:00Z"), "second");
    await pipeline.queuePushed(id, first, trailObject("a", 2, Date.parse("2026-03-01T10:00:00Z")));
    await eventually(() => pipeline.database.db.logSource.findUniqueOrThrow({ where: { id } }), (source) => source.objectsProcessed === 1n);
    await pipeline.queuePushed(id, second, trailObject("b", 1, Date.parse("2026-03-01T10:05:00Z")));
    await eventually(() => pipeline.database.db.logSource.findUniqueOrThrow({ where: { id } }), (source) => source.objectsProcessed === 2n);

    const [finding] = await pipeline.database.db.finding.findMany({ where: { detectorId: pipeline.owner.detectorId, type: "Policy:IAMUser/RootCredentialUsage" } });
    expect(finding.count).toBe(3);
    expect(finding.sourceEvents).toEqual([
      { eventId: "a-1", object: first, line: 2 },
      { eventId: "a-3", object: first, line: 4 },
      { eventId: "b-1", object: second, line: 2 },
    ]);
    const data = finding.data as { confidence: number; service: { featureName: string } };
    expect(data.confidence).toBe(7);
    expect(data.service.featureName).toBe("CloudTrail");
    expect(finding.confidenceReason).toMatch(/^A deterministic rule/);
    // Vigil's own fields stay out of GuardDuty's JSON, which exports send as it is.
    expect(Object.keys(finding.data as object)).not.toContain("vigil");
  });
});
