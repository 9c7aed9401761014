import { GetObjectCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
import { Queue } from "bullmq";
import type { Finding } from "../../src/detection/findings/types";
import { createLogger } from "../../src/logger";
import { bullConnection } from "../../src/queues/connection";
import { upsertFindings } from "../../src/db/findings/finding-upserts";
import { PUBLISH_QUEUE } from "../../src/queues/publish";
import { type RunningPublishWorker, startPublishWorker } from "../../workers/publish";
import { accountWithDetector, associate, type TestAccount } from "../support/accounts";
import type { TestApp } from "../support/app";
import { freshQueuePrefix } from "../support/queues";
import { syntheticFinding } from "../findings/support/findings";
import { startLiveApp } from "../findings/support/live-app";
import { S3RVER_CREDENTIALS, startTestS3, type TestS3 } from "../ingest/support/s3-server";

const BUCKET = "vigil-findings";

describe("S3 export of findings", () => {
  let app: TestApp;
  let s3: TestS3;
  let queues: ReturnType<typeof freshQueuePrefix>;
  let publishing: RunningPublishWorker;
  let admin: TestAccount;
  let member: TestAccount;

  const write = async (account: TestAccount, findings: Finding[]) => {
    const written = await app.database.db.$transaction((tx) => upsertFindings(tx, findings));
    app.services.pubSub.publish("FINDINGS_UPSERTED", { detectorId: account.detectorId, findings: written.map(({ id, accountId, created }) => ({ id, accountId, created })) });
  };
  /** Every exported object: its key and the findings it holds, one JSON per line. */
  const exported = async () => {
    const listing = await s3.client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: "exports/" }));
    return Promise.all(
      (listing.Contents ?? []).map(async ({ Key }) => {
        const object = await s3.client.send(new GetObjectCommand({ Bucket: BUCKET, Key }));
        const text = await object.Body!.transformToString();
        return { key: Key!, findings: text.trimEnd().split("\n").map((line) => JSON.parse(line)) };
      }),
    );
  };
  /** What the scheduled sweep does once the administrator's publishing interval has passed. */
  const sweepAfterInterval = async () => {
    await app.database.db.$executeRaw`UPDATE publishing_destinations SET "updatesPublishedUntil" = now() - interval '7 hours'`;
    const queue = new Queue(PUBLISH_QUEUE, { connection: bullConnection(queues.redisUrl), prefix: queues.queuePrefix });
    await queue.add("updates-sweep", {});
    await queue.close();
  };
  const archive = (operation: string, ids: string[]) =>
    app.gql(`mutation($d: ID!, $ids: [String!]!) { ${operation}(detectorId: $d, findingIds: $ids) }`, { d: admin.detectorId, ids }, admin.key);

  beforeAll(async () => {
    s3 = await startTestS3();
    await s3.createBucket(BUCKET);
    app = await startLiveApp({}, { policy: { allowHttp: true, allowPrivateAddresses: true }, timeoutMs: 5_000 });
    queues = freshQueuePrefix();
    publishing = await startPublishWorker(app.services.publisher, app.services.pubSub, queues, { attempts: 2, backoffMs: 50, sweepSeconds: 3600 }, createLogger("silent"));
    [admin, member] = await Promise.all(["370000000001", "370000000002"].map((id) => accountWithDetector(app, id)));
    await associate(app, admin, member);
    const created = await app.gql(
      `mutation($d: ID!, $s3: S3DestinationInput!) { createPublishingDestination(detectorId: $d, destinationType: S3, s3: $s3) { destination { status } } }`,
      { d: admin.detectorId, s3: { bucket: BUCKET, prefix: "exports", endpoint: s3.endpoint, credentials: { accessKeyId: S3RVER_CREDENTIALS.accessKeyId, secretAccessKey: S3RVER_CREDENTIALS.secretAccessKey } } },
      admin.key,
    );
    expect(created.errors).toBeUndefined();
    expect(created.data?.createPublishingDestination.destination.status).toBe("PUBLISHING");
    await new Promise((resolve) => setTimeout(resolve, 200));
  });
  afterAll(async () => {
    await publishing.stopFollowingFindings();
    await publishing.worker.close();
    await queues.cleanup();
    await app.close();
    await s3.close();
  });

  it("writes new findings of the administrator's members as JSON lines under GuardDuty's AWSLogs layout, one object per account and region", async () => {
    const findings = [1, 2, 3].map((n) => syntheticFinding(member.detectorId, member.accountId, n)); // regions us-east-1, us-east-1, eu-west-1
    await write(member, findings);
    let objects: Awaited<ReturnType<typeof exported>> = [];
    for (let i = 0; i < 50 && objects.length < 2; i++) {
      objects = await exported();
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const day = new Date().toISOString().slice(0, 10).replace(/-/g, "/");
    const byRegion = Object.fromEntries(objects.map((o) => [o.key.split("/")[4], o]));
    expect(Object.keys(byRegion).sort()).toEqual(["eu-west-1", "us-east-1"]);
    expect(byRegion["us-east-1"].key).toMatch(new RegExp(`^exports/AWSLogs/${member.accountId}/GuardDuty/us-east-1/${day}/[0-9a-f-]{36}\\.jsonl$`));
    expect(byRegion["us-east-1"].findings.map((f) => f.id)).toEqual([findings[0].id, findings[1].id].sort());
    expect(byRegion["eu-west-1"].findings).toEqual([expect.objectContaining({ id: findings[2].id, type: findings[2].type, accountId: member.accountId, service: expect.objectContaining({ archived: false }) })]);
  });

  it("exports only active findings: an archived one is left out, and goes out once unarchived", async () => {
    const finding = syntheticFinding(member.detectorId, member.accountId, 5);
    const created = new Date(Date.now() - 60_000).toISOString();
    await write(member, [{ ...finding, createdAt: created, updatedAt: created }]);
    const before = (await exported()).length;
    for (let i = 0; i < 50 && (await exported()).length === before; i++) await new Promise((resolve) => setTimeout(resolve, 100));
    const afterNew = (await exported()).length;

    await archive("archiveFindings", [finding.id]);
    await sweepAfterInterval();
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect((await exported()).length).toBe(afterNew);

    await archive("unarchiveFindings", [finding.id]);
    await sweepAfterInterval();
    let objects = await exported();
    for (let i = 0; i < 50 && objects.length === afterNew; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      objects = await exported();
    }
    const latest = objects.filter((o) => o.findings.some((f) => f.id === finding.id));
    expect(latest).toHaveLength(2); // new, then again once unarchived
    expect(latest.flatMap((o) => o.findings).every((f) => f.service.archived === false)).toBe(true);
  });
});
