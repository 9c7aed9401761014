import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { gzipSync } from "node:zlib";
import type { RunningHttpServer } from "../../src/http/server";
import { StreamIntake } from "../../src/services/system/stream-intake";
import firehoseExample from "../fixtures/streams/aws-docs-firehose-request.json";
import subscriptionExamples from "../fixtures/streams/aws-docs-cloudwatch-logs-subscription-messages.json";
import eventBridgeExample from "../fixtures/streams/aws-docs-eventbridge-cloudtrail-event.json";
import pantherCases from "../fixtures/detection/panther-cloudtrail-direct.json";
import flowExamples from "../fixtures/logs/aws-docs-vpc-flow-log-record-examples.json";
import dnsExample from "../fixtures/logs/aws-docs-route53-resolver-query-log-example.json";
import { ACCOUNT } from "./support/cloudtrail";
import { startPipelineServer, type PipelineServer } from "./support/http-server";
import { eventually, startTestPipeline, type TestPipeline } from "./support/pipeline";

const MAX_BYTES = 512 * 1024;
const MAX_DECODED_BYTES = 2 * 1024 * 1024;
const LOGGING_DISABLED = "Stealth:IAMUser/CloudTrailLoggingDisabled";

/** Panther's "CloudTrail Was Stopped" case, in the test's account, with its own id and trail (findings aggregate by trail: one per path). */
function stopLogging(eventId: string, trail: string): Record<string, unknown> {
  const { log } = pantherCases.find((c) => c.test_name === "CloudTrail Was Stopped")! as { log: Record<string, any> };
  return {
    ...log,
    eventID: eventId,
    recipientAccountId: ACCOUNT,
    eventTime: new Date().toISOString(),
    userIdentity: { ...log.userIdentity, accountId: ACCOUNT },
    requestParameters: { name: `arn:aws:cloudtrail:us-west-2:${ACCOUNT}:trail/${trail}` },
  };
}

/** A CloudWatch Logs subscription record as Firehose receives it: the documented DATA_MESSAGE, gzip'd, with these events. */
function subscriptionRecord(events: unknown[]): string {
  const message = { ...subscriptionExamples.dataMessage, logEvents: events.map((event, i) => ({ ...subscriptionExamples.dataMessage.logEvents[0], id: `${i}`, message: JSON.stringify(event) })) };
  return gzipSync(JSON.stringify(message)).toString("base64");
}

function firehoseRequest(requestId: string, data: string[]): Record<string, unknown> {
  return { ...firehoseExample, requestId, records: data.map((d) => ({ data: d })) };
}

describe("Firehose and EventBridge receivers", () => {
  let pipeline: TestPipeline;
  let server: RunningHttpServer;
  let ownerKey: string;
  let api: PipelineServer;

  beforeAll(async () => {
    pipeline = await startTestPipeline({ maxStreamDecodedBytes: MAX_DECODED_BYTES });
    await pipeline.startWorkers();
    ownerKey = (await pipeline.services.apiKeys.issue(pipeline.owner.accountRowId, "owner")).secret;
    api = await startPipelineServer(pipeline, {
      streams: { intake: new StreamIntake(pipeline.database.db, pipeline.ingest.queues, pipeline.services.ingestion, { maxDecodedBytes: MAX_DECODED_BYTES }), maxBytes: MAX_BYTES, maxDecodedBytes: MAX_DECODED_BYTES },
    });
    server = api.server;
  });
  afterAll(async () => {
    await api.close();
    await pipeline.close();
  });

  const gql = async (query: string, variables: Record<string, unknown>) => {
    const response = await fetch(`${server.url}/graphql`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${ownerKey}` }, body: JSON.stringify({ query, variables }) });
    return (await response.json()) as { data?: any; errors?: Array<{ message: string }> };
  };
  const createStreamedSource = async (input: Record<string, unknown>) => {
    const answer = await gql(`mutation($d: ID!, $i: CreateLogSourceInput!) { createLogSource(detectorId: $d, input: $i) { logSourceId endpointPath accessKey } }`, {
      d: pipeline.owner.detectorId,
      i: { name: "streamed", kind: "CLOUD_TRAIL", ...input },
    });
    if (!answer.data) throw new Error(JSON.stringify(answer.errors));
    return answer.data.createLogSource as { logSourceId: string; endpointPath: string; accessKey: string };
  };
  const deliver = (endpointPath: string, body: Buffer | string, headers: Record<string, string>) =>
    fetch(`${server.url}${endpointPath}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: typeof body === "string" ? body : new Uint8Array(body) });
  const toFirehose = (source: { endpointPath: string }, request: Record<string, unknown>, key: string, gzip = false) => {
    const json = JSON.stringify(request);
    return deliver(source.endpointPath, gzip ? gzipSync(json) : json, {
      "x-amz-firehose-protocol-version": "1.0",
      "x-amz-firehose-request-id": String(request.requestId),
      "x-amz-firehose-access-key": key,
      ...(gzip ? { "content-encoding": "gzip" } : {}),
    });
  };
  const sourceRow = (id: string) => pipeline.database.db.logSource.findUniqueOrThrow({ where: { id } });
  const findingOf = async (trail: string) =>
    (await pipeline.database.db.finding.findMany({ where: { type: LOGGING_DISABLED } })).find((finding) => JSON.stringify(finding.data).includes(`trail/${trail}"`)) ?? null;

  it("raises from a Firehose delivery of CloudWatch Logs subscription records the finding the same event raises from a log object", async () => {
    const folder = path.join(pipeline.logsRoot, "trail");
    await mkdir(folder, { recursive: true });
    const objectSource = await pipeline.createSource({ name: "folder", location: "trail" });
    await writeFile(path.join(folder, "stop.json"), JSON.stringify({ Records: [stopLogging("s3-event", "trail-object")] }));
    const fromObject = await eventually(() => findingOf("trail-object"), (f) => f !== null);
    expect(fromObject!.count).toBe(1);
    expect((await sourceRow(objectSource)).eventsProcessed).toBe(1n);

    const source = await createStreamedSource({ location: "firehose" });
    expect(source.endpointPath).toBe(`/ingest/firehose/${source.logSourceId}`);
    expect(source.accessKey).toMatch(/^vsk_/);
    const request = firehoseRequest("ed4acda5-0000-4000-8000-000000000001", [
      gzipSync(JSON.stringify(subscriptionExamples.controlMessage)).toString("base64"),
      subscriptionRecord([stopLogging("firehose-event", "trail-firehose")]),
    ]);
    const answer = await toFirehose(source, request, source.accessKey, true);
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-type")).toContain("application/json");
    const body = await answer.json();
    expect(body.requestId).toBe(request.requestId);
    expect(typeof body.timestamp).toBe("number");
    expect(body.errorMessage).toBeUndefined();

    const fromFirehose = await eventually(() => findingOf("trail-firehose"), (f) => f !== null);
    expect({ type: fromFirehose!.type, severity: fromFirehose!.severity, count: fromFirehose!.count }).toEqual({ type: fromObject!.type, severity: fromObject!.severity, count: 1 });
    const state = await sourceRow(source.logSourceId);
    expect(state.eventsProcessed).toBe(1n);
    expect(state.accessKeyHash).not.toContain(source.accessKey.slice(4));
  });

  it("adds nothing for a retried request or a repeated eventID, and counts an undecodable record without failing the request", async () => {
    const source = await createStreamedSource({ location: "firehose" });
    const event = stopLogging("retried-event", "trail-retried");
    const request = firehoseRequest("ed4acda5-0000-4000-8000-000000000002", [subscriptionRecord([event, event]), Buffer.from("not a subscription message").toString("base64"), gzipSync("not json").toString("base64")]);
    request.records = [...(request.records as object[]), { data: "@@not base64@@" }];
    expect((await toFirehose(source, request, source.accessKey)).status).toBe(200);
    const first = await eventually(() => sourceRow(source.logSourceId), (s) => s.objectsProcessed === 1n);
    expect(first.eventsProcessed).toBe(1n);
    // The plain-text record, the one that is not base64 and the gzip'd non-JSON one.
    expect(first.brokenRecords).toBe(3n);

    expect((await toFirehose(source, request, source.accessKey)).status).toBe(200);
    // A marker delivered after the retry: once it is processed, the retry would have been too.
    expect((await toFirehose(source, firehoseRequest("ed4acda5-0000-4000-8000-000000000003", [subscriptionRecord([stopLogging("marker", "trail-marker")])]), source.accessKey)).status).toBe(200);
    const after = await eventually(() => sourceRow(source.logSourceId), (s) => s.objectsProcessed >= 2n);
    expect(after.objectsProcessed).toBe(2n);
    expect(after.eventsProcessed).toBe(2n);
    expect(after.brokenRecords).toBe(3n);
    expect((await findingOf("trail-retried"))!.count).toBe(1);

    // Another request carrying the same CloudTrail event again (CloudWatch Logs delivers at least once): only the new event counts.
    const again = firehoseRequest("ed4acda5-0000-4000-8000-000000000006", [subscriptionRecord([event, stopLogging("new-event", "trail-new")])]);
    expect((await toFirehose(source, again, source.accessKey)).status).toBe(200);
    const last = await eventually(() => sourceRow(source.logSourceId), (s) => s.objectsProcessed >= 3n);
    expect(last.eventsProcessed).toBe(3n);
    expect((await findingOf("trail-retried"))!.count).toBe(1);
    expect((await findingOf("trail-new"))!.count).toBe(1);
  });

  it("answers 200 once the request is stored as it came, and decodes its records in the process job", async () => {
    const source = await createStreamedSource({ location: "firehose" });
    const request = firehoseRequest("stored-0001", [subscriptionRecord([stopLogging("stored-event", "trail-stored")]), "@@not base64@@"]);
    const sent = gzipSync(JSON.stringify(request));
    await pipeline.stopWorkers();
    try {
      const answer = await deliver(source.endpointPath, sent, { "x-amz-firehose-request-id": "stored-0001", "x-amz-firehose-access-key": source.accessKey, "content-encoding": "gzip" });
      expect(answer.status).toBe(200);
      const pending = await pipeline.database.db.pendingObject.findUniqueOrThrow({ where: { logSourceId_objectKey: { logSourceId: source.logSourceId, objectKey: "firehose/stored-0001" } } });
      expect(Buffer.from(pending.body!).equals(sent)).toBe(true);
      // Nothing decoded yet: no eventID is claimed before the process job runs.
      expect(await pipeline.database.db.streamedEvent.count({ where: { logSourceId: source.logSourceId } })).toBe(0);
    } finally {
      await pipeline.startWorkers();
    }
    const state = await eventually(() => sourceRow(source.logSourceId), (s) => s.objectsProcessed === 1n);
    expect({ events: state.eventsProcessed, broken: state.brokenRecords }).toEqual({ events: 1n, broken: 1n });
    expect((await findingOf("trail-stored"))!.count).toBe(1);
  });

  it("counts a subscription message that inflates past the limit as a broken record, and reads the request's other records", async () => {
    const source = await createStreamedSource({ location: "firehose" });
    // 16 KB of gzip that inflates to 16 MB, past the 2 MB a delivery may decode to.
    const bomb = gzipSync(Buffer.alloc(16 * 1024 * 1024)).toString("base64");
    const request = firehoseRequest("inner-bomb", [bomb, subscriptionRecord([stopLogging("after-bomb", "trail-after-bomb")])]);
    expect((await toFirehose(source, request, source.accessKey)).status).toBe(200);
    const state = await eventually(() => sourceRow(source.logSourceId), (s) => s.objectsProcessed === 1n);
    expect({ events: state.eventsProcessed, broken: state.brokenRecords }).toEqual({ events: 1n, broken: 1n });
    expect((await findingOf("trail-after-bomb"))!.count).toBe(1);
  });

  it("answers a wrong access key, a bad body, an oversized body and a gzip bomb in Firehose's response shape", async () => {
    const source = await createStreamedSource({ location: "firehose" });
    const request = firehoseRequest("ed4acda5-0000-4000-8000-000000000004", [subscriptionRecord([stopLogging("refused", "trail-refused")])]);
    const cases: Array<[Response, number, RegExp]> = [
      [await toFirehose(source, request, "vsk_wrong"), 401, /access key/],
      [await toFirehose({ endpointPath: `/ingest/firehose/00000000-0000-4000-8000-000000000000` }, request, source.accessKey), 401, /access key/],
      [await deliver(source.endpointPath, "{not json", { "x-amz-firehose-request-id": "bad-json", "x-amz-firehose-access-key": source.accessKey }), 400, /not JSON/],
      [await deliver(source.endpointPath, gzipSync("{}").subarray(0, 8), { "x-amz-firehose-request-id": "cut", "x-amz-firehose-access-key": source.accessKey, "content-encoding": "gzip" }), 400, /gzip/],
      [await toFirehose(source, { ...request, records: [{ data: "A".repeat(MAX_BYTES) }] }, source.accessKey), 413, /larger than/],
      // 64 KB of gzip that inflates to 64 MB: refused at the decoded limit, not read to the end.
      [await deliver(source.endpointPath, gzipSync(Buffer.alloc(64 * 1024 * 1024)), { "x-amz-firehose-request-id": "bomb", "x-amz-firehose-access-key": source.accessKey, "content-encoding": "gzip" }), 413, /inflates to more than/],
    ];
    for (const [answer, status, message] of cases) {
      expect(answer.status).toBe(status);
      const body = await answer.json();
      expect(Object.keys(body).sort()).toEqual(["errorMessage", "requestId", "timestamp"]);
      expect(body.errorMessage).toMatch(message);
    }
    const state = await sourceRow(source.logSourceId);
    expect(state.objectsProcessed + state.objectsFailed).toBe(0n);

    await pipeline.services.logSources.update(pipeline.owner, source.logSourceId, { enabled: false });
    const disabled = await toFirehose(source, request, source.accessKey);
    expect(disabled.status).toBe(403);
    expect((await disabled.json()).errorMessage).toMatch(/disabled/);
  });

  it("rotates the access key: the old one stops working at once", async () => {
    const source = await createStreamedSource({ location: "firehose" });
    const rotated = await gql(`mutation($id: ID!) { rotateLogSourceAccessKey(logSourceId: $id) { accessKey } }`, { id: source.logSourceId });
    const newKey = rotated.data.rotateLogSourceAccessKey.accessKey as string;
    expect(newKey).toMatch(/^vsk_/);
    expect(newKey).not.toBe(source.accessKey);
    const listed = await gql(`query($id: ID!) { getLogSource(logSourceId: $id) { accessKey locationType } }`, { id: source.logSourceId });
    expect(listed.data.getLogSource).toEqual({ accessKey: null, locationType: "FIREHOSE" });
    const request = firehoseRequest("ed4acda5-0000-4000-8000-000000000005", [gzipSync(JSON.stringify(subscriptionExamples.controlMessage)).toString("base64")]);
    expect((await toFirehose(source, request, source.accessKey)).status).toBe(401);
    expect((await toFirehose(source, request, newKey)).status).toBe(200);
    // Control messages only: the stored request is processed to an empty object.
    const object = await eventually(
      () => pipeline.database.db.ingestedObject.findFirst({ where: { logSourceId: source.logSourceId } }),
      (row) => row !== null,
    );
    expect({ status: object!.status, events: object!.events, broken: object!.broken, detail: object!.detail }).toEqual({ status: "SKIPPED", events: 0, broken: 0, detail: "empty object" });
  });

  it("gives a source moved onto a receiver its first key, and refuses a flow-log format where it means nothing", async () => {
    const pushed = await pipeline.createSource({ name: "pushed", location: "push" });
    const moved = await gql(`mutation($id: ID!) { updateLogSource(logSourceId: $id, input: {location: "eventbridge"}) { accessKey endpointPath } }`, { id: pushed });
    expect(moved.data.updateLogSource).toEqual({ accessKey: expect.stringMatching(/^vsk_/), endpointPath: `/ingest/eventbridge/${pushed}` });
    const back = await gql(`mutation($id: ID!) { updateLogSource(logSourceId: $id, input: {location: "push"}) { accessKey endpointPath } }`, { id: pushed });
    expect(back.data.updateLogSource).toEqual({ accessKey: null, endpointPath: null });
    expect((await sourceRow(pushed)).accessKeyHash).toBeNull();

    const create = (input: Record<string, unknown>) =>
      gql(`mutation($d: ID!, $i: CreateLogSourceInput!) { createLogSource(detectorId: $d, input: $i) { logSourceId } }`, { d: pipeline.owner.detectorId, i: { name: "f", ...input } });
    expect((await create({ kind: "CLOUD_TRAIL", location: "firehose", flowLogFormat: "${version} ${srcaddr}" })).errors?.[0].message).toMatch(/flowLogFormat applies to firehose sources of kind VPC_FLOW_LOGS/);
    expect((await create({ kind: "VPC_FLOW_LOGS", location: "firehose", flowLogFormat: "${not} ${fields}" })).errors?.[0].message).toMatch(/flowLogFormat must be a flow log format/);
  });

  it("reads flow-log records in the source's format, and Resolver query-log records", async () => {
    // AWS's documented version 3 example: a custom format, so the lines alone do not say which field is which.
    const section = flowExamples.sections[1];
    const flows = await createStreamedSource({ location: "firehose", kind: "VPC_FLOW_LOGS", flowLogFormat: section.format.split(" ").map((f) => `\${${f}}`).join(" ") });
    const flowRequest = firehoseRequest("flow-0001", section.records.map((r) => Buffer.from(`${r.record}\n`).toString("base64")));
    expect((await toFirehose(flows, flowRequest, flows.accessKey)).status).toBe(200);
    const flowState = await eventually(() => sourceRow(flows.logSourceId), (s) => s.objectsProcessed === 1n);
    expect({ events: flowState.eventsProcessed, broken: flowState.brokenRecords }).toEqual({ events: BigInt(section.records.length), broken: 0n });

    const queries = await createStreamedSource({ location: "firehose", kind: "DNS_QUERY_LOGS" });
    const dnsRequest = firehoseRequest("dns-0001", dnsExample.records.map((r) => Buffer.from(JSON.stringify(r)).toString("base64")));
    expect((await toFirehose(queries, dnsRequest, queries.accessKey, true)).status).toBe(200);
    const dnsState = await eventually(() => sourceRow(queries.logSourceId), (s) => s.objectsProcessed === 1n);
    expect({ events: dnsState.eventsProcessed, broken: dnsState.brokenRecords }).toEqual({ events: BigInt(dnsExample.records.length), broken: 0n });
  });

  it("takes EventBridge's CloudTrail events with the API-key header or Basic authorisation, once per eventID", async () => {
    const source = await createStreamedSource({ location: "eventbridge" });
    expect(source.endpointPath).toBe(`/ingest/eventbridge/${source.logSourceId}`);
    const event = { ...eventBridgeExample, "detail-type": "AWS API Call via CloudTrail", source: "aws.cloudtrail", detail: stopLogging("eventbridge-event", "trail-eventbridge") };
    const basic = `Basic ${Buffer.from(`vigil:${source.accessKey}`).toString("base64")}`;
    const answers = [
      await deliver(source.endpointPath, JSON.stringify(event), { "x-vigil-access-key": source.accessKey }),
      await deliver(source.endpointPath, JSON.stringify({ ...event, id: "another-delivery" }), { authorization: basic }),
    ];
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    const fromEventBridge = await eventually(() => findingOf("trail-eventbridge"), (f) => f !== null);
    expect(fromEventBridge!.count).toBe(1);

    const refused = [
      await deliver(source.endpointPath, JSON.stringify(event), { authorization: `Basic ${Buffer.from("vigil:wrong").toString("base64")}` }),
      await deliver(source.endpointPath, JSON.stringify(event), {}),
      await deliver(source.endpointPath, JSON.stringify({ ...event, "detail-type": "EC2 Instance State-change Notification" }), { "x-vigil-access-key": source.accessKey }),
    ];
    expect(refused.map((a) => a.status)).toEqual([401, 401, 400]);
    expect((await refused[2].json()).error.message).toMatch(/via CloudTrail/);
    const state = await eventually(() => sourceRow(source.logSourceId), (s) => s.objectsProcessed === 1n);
    expect(state.eventsProcessed).toBe(1n);
  });
});
