import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { verifySignature } from "../../src/services/publishing/webhook-signature";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { freshQueuePrefix } from "../support/queues";
import { spawnVigil, type VigilProcess } from "../support/vigil-process";
import { ACCOUNT, cloudTrailObject } from "../ingest/support/cloudtrail";
import { startReceiver } from "../publishing/support/receiver";
import { subscribeToFindings, waitFor } from "./support/subscriptions";

const OPERATOR = `op_${randomBytes(24).toString("hex")}`;
const SIGNING_SECRET = "end-to-end-signing-secret";

/**
 * The deployment the design describes: the API and a worker as separate processes that share only
 * PostgreSQL and Redis. A client subscribes through the API; a CloudTrail file lands in a
 * local-folder source; the worker ingests it, stores the finding, announces it on Redis; the API
 * pushes it to the client, and the worker posts it to a webhook.
 */
describe("a finding from a dropped CloudTrail file reaches a subscriber of another process", () => {
  let database: TestDatabase;
  let queues: ReturnType<typeof freshQueuePrefix>;
  let dataDir: string;
  let api: VigilProcess;
  let worker: VigilProcess;
  let url: string;

  const gql = async (query: string, variables: Record<string, unknown>, token: string) => {
    const response = await fetch(`${url}/graphql`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
    const result = (await response.json()) as { data?: any; errors?: unknown };
    if (result.errors) throw new Error(JSON.stringify(result.errors));
    return result.data;
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    queues = freshQueuePrefix();
    dataDir = await mkdtemp(path.join(tmpdir(), "vigil-e2e-"));
    const env = {
      DATABASE_URL: database.url,
      REDIS_URL: queues.redisUrl,
      VIGIL_QUEUE_PREFIX: queues.queuePrefix,
      VIGIL_DATA_DIR: dataDir,
      VIGIL_LOGS_ROOT: path.join(dataDir, "logs"),
      VIGIL_SECRET_KEY: randomBytes(32).toString("base64"),
      VIGIL_OPERATOR_TOKEN: OPERATOR,
      VIGIL_PUBLISH_ALLOW_HTTP: "true",
      VIGIL_PUBLISH_ALLOW_PRIVATE_ADDRESSES: "true",
      PORT: "0",
    };
    api = spawnVigil(["serve"], env);
    worker = spawnVigil(["worker"], env);
    const listening = await api.waitForLog((line) => line.msg === "GraphQL API listening (HTTP and WebSocket)", 60_000);
    url = String(listening.url).replace(/\/graphql$/, "");
    await worker.waitForLog((line) => line.msg === "workers started", 60_000);
  }, 90_000);
  afterAll(async () => {
    for (const child of [api, worker]) {
      child?.child.kill("SIGTERM");
      await child?.exited;
    }
    await queues.cleanup();
    await database.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("pushes the finding to the subscription and posts it, signed, to the webhook", async () => {
    const key = (await gql(`mutation($i: CreateAccountInput!) { createAccount(input: $i) { apiKey { secret } } }`, { i: { accountId: ACCOUNT, name: "e2e", email: "e2e@example.com" } }, OPERATOR))
      .createAccount.apiKey.secret as string;
    const detectorId = (await gql(`mutation { createDetector(enable: true) { detectorId } }`, {}, key)).createDetector.detectorId as string;
    await mkdir(path.join(dataDir, "logs", "trail"), { recursive: true });
    await gql(`mutation($d: ID!) { createLogSource(detectorId: $d, input: {name: "trail", kind: CLOUD_TRAIL, location: "trail", pollIntervalSeconds: 1}) { logSourceId } }`, { d: detectorId }, key);
    const receiver = await startReceiver();
    await gql(
      `mutation($d: ID!, $u: String!, $s: String!) { createPublishingDestination(detectorId: $d, destinationType: WEBHOOK, webhook: {url: $u, secret: $s}) { destination { status } } }`,
      { d: detectorId, u: receiver.url, s: SIGNING_SECRET },
      key,
    );
    const subscription = subscribeToFindings(url.replace(/^http/, "ws") + "/graphql", key, { d: detectorId, c: { criterion: [{ attribute: "type", equals: ["Policy:IAMUser/RootCredentialUsage"] }] } });
    await new Promise((resolve) => setTimeout(resolve, 1_000));

    // 100 records, one of them a root call: one RootCredentialUsage finding.
    await writeFile(path.join(dataDir, "logs", "trail", "111122223333_CloudTrail_us-east-1_20260301T1000Z_e2e.json"), cloudTrailObject(100, { start: new Date(), idPrefix: "e2e" }));
    await waitFor(() => subscription.received.length > 0 || subscription.errors.length > 0, 30_000, "the finding on the subscription");
    expect(subscription.errors).toEqual([]);
    expect(subscription.received[0]).toMatchObject({ change: "CREATED", finding: { type: "Policy:IAMUser/RootCredentialUsage", accountId: ACCOUNT, count: 1 } });

    await waitFor(() => receiver.received.length > 0, 30_000, "the webhook delivery");
    const [delivery] = receiver.received;
    expect(verifySignature(SIGNING_SECRET, delivery.body, String(delivery.headers["x-vigil-signature"]))).toBe(true);
    expect(JSON.parse(delivery.body).detail.id).toBe(subscription.received[0].finding.id);
    await subscription.dispose();
    await receiver.close();
  }, 60_000);
});
