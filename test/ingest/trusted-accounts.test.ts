import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { ACCOUNT } from "./support/cloudtrail";
import { eventually, startTestPipeline, type TestPipeline } from "./support/pipeline";

const TRUSTED = "444455556666";
const UNKNOWN = "999988887777";

/** An EBS snapshot of the owner's account shared with `account`, as CloudTrail logs it. */
function share(account: string, eventID: string): Record<string, unknown> {
  return {
    eventVersion: "1.10",
    eventTime: "2026-03-01T10:00:00Z",
    eventSource: "ec2.amazonaws.com",
    eventName: "ModifySnapshotAttribute",
    awsRegion: "us-east-1",
    sourceIPAddress: "198.51.100.20",
    userAgent: "aws-cli/2.15.0 Python/3.11.6 Darwin/23.1.0 exe/x86_64",
    userIdentity: { type: "IAMUser", principalId: "AIDAALICE", arn: `arn:aws:iam::${ACCOUNT}:user/alice`, accountId: ACCOUNT, accessKeyId: "AKIAALICEEXAMPLE", userName: "alice" },
    requestParameters: { snapshotId: `snap-${eventID}`, attributeType: "CREATE_VOLUME_PERMISSION", createVolumePermission: { add: { items: [{ userId: account }] } } },
    responseElements: { _return: true },
    eventID,
    eventType: "AwsApiCall",
    readOnly: false,
    recipientAccountId: ACCOUNT,
  };
}

describe("trusted accounts (VIGIL_TRUSTED_ACCOUNT_IDS) in the pipeline", () => {
  let pipeline: TestPipeline;

  beforeAll(async () => {
    pipeline = await startTestPipeline({ trustedAccountIds: [TRUSTED] });
    await pipeline.startWorkers();
  });
  afterAll(async () => {
    await pipeline.close();
  });

  it("raises SnapshotSharedOutside for a snapshot shared with an unknown account, not with a trusted one", async () => {
    await mkdir(path.join(pipeline.logsRoot, "shares"));
    await writeFile(path.join(pipeline.logsRoot, "shares", "shares.json"), JSON.stringify({ Records: [share(TRUSTED, "to-trusted"), share(UNKNOWN, "to-unknown")] }));
    const id = await pipeline.createSource({ name: "shares", location: "shares" });
    await eventually(() => pipeline.database.db.logSource.findUniqueOrThrow({ where: { id } }), (source) => source.objectsProcessed === 1n);

    const findings = await pipeline.database.db.finding.findMany({ where: { type: "Exfiltration:IAMUser/SnapshotSharedOutside" } });
    expect(findings).toHaveLength(1);
    expect(JSON.stringify(findings[0].data)).toContain(UNKNOWN);
    expect(JSON.stringify(findings[0].data)).not.toContain(TRUSTED);
  });

  it("also trusts the accounts the detector itself trusts", async () => {
    const PARTNER = "777766665555";
    await pipeline.services.detectors.update(pipeline.owner, pipeline.owner.detectorId, { trustedAccountIds: [PARTNER] });
    await mkdir(path.join(pipeline.logsRoot, "partner"));
    await writeFile(path.join(pipeline.logsRoot, "partner", "shares.json"), JSON.stringify({ Records: [share(PARTNER, "to-partner"), share(TRUSTED, "to-trusted-again")] }));
    const id = await pipeline.createSource({ name: "partner", location: "partner" });
    await eventually(() => pipeline.database.db.logSource.findUniqueOrThrow({ where: { id } }), (source) => source.objectsProcessed === 1n);

    const findings = await pipeline.database.db.finding.findMany({ where: { type: "Exfiltration:IAMUser/SnapshotSharedOutside" } });
    expect(findings).toHaveLength(1); // the unknown account's, from the first object
    expect(JSON.stringify(findings[0].data)).not.toContain(PARTNER);
  });
});
