import { randomBytes } from "node:crypto";
import { gzipSync } from "node:zlib";
import type { RunningHttpServer } from "../../src/http/server";
import { loadSettings } from "../../src/config";
import { PushIntake } from "../../src/services/log-sources/push-intake";
import { cloudTrailObject, expectedFindings } from "./support/cloudtrail";
import { startPipelineServer, type PipelineServer } from "./support/http-server";
import { eventually, startTestPipeline, type TestPipeline } from "./support/pipeline";

const PUSH_LIMIT = 256 * 1024;
const METRICS_TOKEN = "metrics-token-for-prometheus-0001";

describe("push over HTTP, and metrics", () => {
  let pipeline: TestPipeline;
  let server: RunningHttpServer;
  let api: PipelineServer;
  let ownerKey: string;
  let adminKey: string;
  let strangerKey: string;
  let pushSource: string;
  let folderSource: string;
  let strangersSource: string;

  beforeAll(async () => {
    pipeline = await startTestPipeline();
    await pipeline.startWorkers();
    const { db } = pipeline.database;
    const [admin, stranger] = await Promise.all(
      ["210000000001", "210000000002"].map((accountId) => db.account.create({ data: { accountId, name: accountId, email: `${accountId}@example.com` } })),
    );
    await db.membership.create({ data: { administratorId: admin.id, memberId: pipeline.owner.accountRowId, email: "m@example.com", relationshipStatus: "ENABLED" } });
    const strangerDetector = await db.detector.create({ data: { id: randomBytes(16).toString("hex"), accountId: stranger.id, status: "ENABLED" } });
    ownerKey = (await pipeline.services.apiKeys.issue(pipeline.owner.accountRowId, "owner")).secret;
    adminKey = (await pipeline.services.apiKeys.issue(admin.id, "admin")).secret;
    strangerKey = (await pipeline.services.apiKeys.issue(stranger.id, "stranger")).secret;
    pushSource = await pipeline.createSource({ name: "pushed", location: "push" });
    folderSource = await pipeline.createSource({ name: "folder", location: "elsewhere", enabled: false });
    const strangerActor = { kind: "account" as const, accountRowId: stranger.id, accountId: stranger.accountId, apiKeyId: pipeline.owner.apiKeyId };
    strangersSource = (await pipeline.services.logSources.create(strangerActor, strangerDetector.id, { name: "theirs", kind: "CLOUD_TRAIL", location: "push" })).id;
    api = await startPipelineServer(pipeline, {
      ingest: { push: new PushIntake(pipeline.services.logSources, pipeline.ingest.queues, PUSH_LIMIT, pipeline.services.ingestion), maxBytes: PUSH_LIMIT },
      metrics: { ledger: pipeline.services.ingestion, queues: pipeline.ingest.queues, operations: pipeline.services.operations, publisher: pipeline.services.publisher, liveFindings: pipeline.services.findingFeed, tokens: [METRICS_TOKEN] },
    });
    server = api.server;
  });
  afterAll(async () => {
    await api.close();
    await pipeline.close();
  });

  const push = (sourceId: string, body: Buffer | string, key?: string, contentType = "application/json") =>
    fetch(`${server.url}/ingest/${sourceId}`, { method: "POST", headers: { "content-type": contentType, ...(key ? { authorization: `Bearer ${key}` } : {}) }, body: typeof body === "string" ? body : new Uint8Array(body) });
  const source = (id: string) => pipeline.database.db.logSource.findUniqueOrThrow({ where: { id } });

  it("accepts JSON, NDJSON and gzip from the owner and its administrator, and processes each batch once", async () => {
    const start = new Date("2026-03-01T00:00:00Z");
    const json = cloudTrailObject(150, { start, idPrefix: "json" });
    const records = (JSON.parse(cloudTrailObject(120, { start, idPrefix: "ndjson" })) as { Records: unknown[] }).Records;
    const answers = [
      await push(pushSource, json, ownerKey),
      await push(pushSource, records.map((r) => JSON.stringify(r)).join("\n"), adminKey, "application/x-ndjson"),
      await push(pushSource, gzipSync(cloudTrailObject(130, { start, idPrefix: "gzip" })), ownerKey, "application/gzip"),
    ];
    const bodies = await Promise.all(answers.map((answer) => answer.json()));
    expect(answers.map((answer) => answer.status)).toEqual([202, 202, 202]);
    expect(bodies.map((body) => body.events)).toEqual([150, 120, 130]);
    for (const body of bodies) expect(body.objectKey).toMatch(/^push\/\d{8}T\d{6}\.\d{3}Z-[0-9a-f-]{36}$/);

    const state = await eventually(() => source(pushSource), (s) => s.objectsProcessed === 3n);
    expect(state.eventsProcessed).toBe(400n);
    const objects = await pipeline.database.db.ingestedObject.findMany({ where: { logSourceId: pushSource } });
    expect(objects.map((o) => o.objectKey).sort()).toEqual(bodies.map((body) => body.objectKey).sort());
    const root = await pipeline.database.db.finding.findFirstOrThrow({ where: { type: "Policy:IAMUser/RootCredentialUsage" } });
    expect(root.count).toBe(expectedFindings(150).root + expectedFindings(120).root + expectedFindings(130).root);
  });

  it("answers 400 for a body it cannot read, with the reason", async () => {
    const cases: Array<[Buffer | string, RegExp]> = [
      ["", /body is empty/],
      ["this is not a log", /cannot be read: not CloudTrail/],
      [gzipSync(cloudTrailObject(50, { start: new Date(), idPrefix: "cut" })).subarray(0, 60), /truncated or corrupt gzip/],
      ['{"Records": [{"eventName": 3}]}', /No record could be read/],
    ];
    for (const [body, message] of cases) {
      const answer = await push(pushSource, body, ownerKey);
      expect(answer.status).toBe(400);
      const { error } = await answer.json();
      expect(error.code).toBe("BAD_USER_INPUT");
      expect(error.message).toMatch(message);
    }
  });

  it("answers 429 with Retry-After once one key prefix has failed too often", async () => {
    const guess = "vk_00000000000000ff_" + "b".repeat(43);
    const { failuresPerKey } = loadSettings({}).authFailures;
    for (let i = 0; i < failuresPerKey; i += 1) expect((await push(pushSource, "{}", guess)).status).toBe(401);
    const refused = await push(pushSource, "{}", guess);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await refused.json()).error.code).toBe("TOO_MANY_REQUESTS");
  });

  it("refuses the wrong caller, the wrong source and an oversized body", async () => {
    expect((await push(pushSource, "{}")).status).toBe(401);
    expect((await push(pushSource, "{}", "vk_0000000000000000_" + "a".repeat(43))).status).toBe(401);
    expect((await push(pushSource, "{}", METRICS_TOKEN)).status).toBe(401);
    expect((await push(strangersSource, cloudTrailObject(1, { start: new Date(), idPrefix: "x" }), ownerKey)).status).toBe(404);
    expect((await push(pushSource, cloudTrailObject(1, { start: new Date(), idPrefix: "x" }), strangerKey)).status).toBe(404);
    expect((await push("not-a-source", "{}", ownerKey)).status).toBe(404);
    const wrongKind = await push(folderSource, cloudTrailObject(1, { start: new Date(), idPrefix: "x" }), ownerKey);
    expect(wrongKind.status).toBe(409);
    expect((await wrongKind.json()).error.message).toContain("push to a source whose location is push");
    const big = await push(pushSource, "x".repeat(PUSH_LIMIT + 1), ownerKey);
    expect(big.status).toBe(413);
    expect((await big.json()).error.message).toContain("VIGIL_PUSH_MAX_BYTES");
  });

  it("refuses a small gzip that expands past the limit, counting the bytes it decompresses", async () => {
    const before = await source(pushSource);
    // Valid JSON all the way (whitespace inside the array), so only the limit can refuse it.
    const bomb = gzipSync(Buffer.concat([Buffer.from('{"Records":['), Buffer.alloc(50 * 1024 * 1024, " "), Buffer.from("]}")]));
    expect(bomb.length).toBeLessThan(PUSH_LIMIT);
    const answer = await push(pushSource, bomb, ownerKey, "application/gzip");
    expect(answer.status).toBe(413);
    expect((await answer.json()).error.message).toMatch(/once decompressed.*VIGIL_PUSH_MAX_BYTES/);
    const after = await source(pushSource);
    expect(after.objectsProcessed + after.objectsFailed).toBe(before.objectsProcessed + before.objectsFailed);
  });

  it("serves per-source counters and queue depths to Prometheus, with a token only", async () => {
    await eventually(() => source(pushSource), (s) => s.objectsProcessed >= 3n);
    expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${ownerKey}` } })).status).toBe(401);
    const answer = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-type")).toContain("text/plain");
    const text = await answer.text();
    const labels = `log_source_id="${pushSource}",detector_id="${pipeline.owner.detectorId}",account_id="${pipeline.owner.accountId}",kind="CLOUD_TRAIL"`;
    const state = await source(pushSource);
    expect(text).toContain(`vigil_log_source_objects_processed_total{${labels}} ${state.objectsProcessed}`);
    expect(text).toContain(`vigil_log_source_events_processed_total{${labels}} ${state.eventsProcessed}`);
    // The pushed objects name only the owner's account: nothing dropped, yet the counter is there for each reason.
    expect(text).toContain(`vigil_events_dropped_total{${labels},reason="other_account"} 0`);
    expect(text).toContain(`vigil_events_dropped_total{${labels},reason="outside_organization"} 0`);
    expect(text).toContain(`vigil_log_source_bytes_processed_total{${labels}} ${state.bytesProcessed}`);
    expect(text).toContain(`vigil_log_source_up{${labels}} 1`);
    expect(text).toMatch(/vigil_ingest_queue_jobs\{queue="process",state="completed"\} [1-9]/);
    // Every pushed object is recorded by now, and no Redis loss happened.
    expect(text).toMatch(/^vigil_ingest_pending_objects 0$/m);
    expect(text).toMatch(/^vigil_ingest_reconciled_objects_total 0$/m);
    expect(text).toMatch(/^vigil_redis_reconnects_total 0$/m);
  });

  it("serves findings, outbox deliveries, GraphQL operations, HTTP statuses, the process and both servers' probes", async () => {
    const { db } = pipeline.database;
    const destinationId = randomBytes(16).toString("hex");
    await db.publishingDestination.create({ data: { id: destinationId, detectorId: pipeline.owner.detectorId, type: "WEBHOOK", url: "https://hooks.example.com/m" } });
    // Two sent (in 2 s and in 100 s), one dead and one waiting: what the outbox holds after a day of deliveries.
    await db.$executeRaw`
      INSERT INTO finding_deliveries ("destinationId", "findingId", "findingVersion", status, "createdAt", "finishedAt") VALUES
        (${destinationId}, 'f1', now(), 'DELIVERED', now() - interval '2 seconds', now()),
        (${destinationId}, 'f2', now(), 'DELIVERED', now() - interval '100 seconds', now()),
        (${destinationId}, 'f3', now(), 'DEAD', now(), now()),
        (${destinationId}, 'f4', now(), 'PENDING', now(), NULL)`;
    const gql = (query: string) =>
      fetch(`${server.url}/graphql`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${ownerKey}` }, body: JSON.stringify({ query }) });
    await gql("query Me { me { accountId } }");
    await gql("query Broken { noSuchField }");
    await gql(`query ${"x".repeat(100)} { me { accountId } }`);

    const text = await (await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
    expect(text).toMatch(/^vigil_outbox_pending_deliveries 1$/m);
    expect(text).toContain(`vigil_deliveries{kind="WEBHOOK",outcome="DELIVERED"} 2`);
    expect(text).toContain(`vigil_deliveries{kind="WEBHOOK",outcome="DEAD"} 1`);
    expect(text).toContain(`vigil_delivery_latency_seconds_bucket{kind="WEBHOOK",le="5"} 1`);
    expect(text).toContain(`vigil_delivery_latency_seconds_bucket{kind="WEBHOOK",le="300"} 2`);
    expect(text).toContain(`vigil_delivery_latency_seconds_count{kind="WEBHOOK"} 2`);
    expect(text).toMatch(/^vigil_graphql_operations_total\{operation="Me",type="query",outcome="ok"\} 1$/m);
    expect(text).toMatch(/^vigil_graphql_operations_total\{operation="Broken",type="unknown",outcome="error"\} 1$/m);
    // A name longer than a label should be is counted, not turned into a series of its own.
    expect(text).toMatch(/^vigil_graphql_operations_total\{operation="invalid_name",type="query",outcome="ok"\} 1$/m);
    expect(text).toMatch(/^vigil_graphql_operation_duration_seconds_count\{operation="Me",type="query"\} 1$/m);
    expect(text).toMatch(/^vigil_http_responses_total\{route="graphql",method="POST",status="200"\} [2-9]$/m);
    expect(text).toMatch(/^vigil_http_responses_total\{route="metrics",method="GET",status="401"\} 2$/m);
    expect(text).toMatch(/^process_resident_memory_bytes \d+/m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds /m);
    expect(text).toMatch(/^vigil_postgres_up 1$/m);
    // No subscription here, so no reader of the notification log: nothing behind.
    expect(text).toMatch(/^vigil_live_findings_subscriptions 0$/m);
    expect(text).toMatch(/^vigil_live_findings_backlog 0$/m);
    expect(text).toMatch(/^vigil_live_findings_relay_lag_seconds 0$/m);
    expect(text).toMatch(/^vigil_redis_up 1$/m);
    expect(text).toMatch(/^vigil_postgres_probe_seconds \d/m);
    const findings = await db.finding.groupBy({ by: ["type"], where: { suppressed: false }, _count: true });
    for (const { type } of findings) expect(text).toContain(`vigil_findings{type="${type}",severity=`);
  });
});
