import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { ACCOUNT, cloudTrailObject, expectedFindings } from "../ingest/support/cloudtrail";
import { createEmptyDatabase } from "../support/database";
import { TEST_REDIS_URL } from "../support/env";
import { type ReceivedSpan, startOtlpReceiver } from "../support/otlp-receiver";
import { spawnVigil, type VigilProcess } from "../support/vigil-process";

const ROOT = path.join(__dirname, "..", "..");
const TSX = path.join(ROOT, "node_modules", ".bin", "tsx");
const SERVER = 2;
const PRODUCER = 4;
const CONSUMER = 5;

async function until<T>(find: () => T | undefined, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`not seen in ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("OpenTelemetry tracing", () => {
  let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>;
  let database: Awaited<ReturnType<typeof createEmptyDatabase>>;
  let dataDir: string;
  let vigil: VigilProcess;
  let base: string;
  const operatorToken = `op_${randomBytes(24).toString("base64url")}`;

  const gql = async (query: string, token: string) => {
    const answer = await fetch(`${base}/graphql`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body: JSON.stringify({ query }) });
    const body = await answer.json();
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data;
  };

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    database = await createEmptyDatabase();
    dataDir = await mkdtemp(path.join(tmpdir(), "vigil-data-"));
    vigil = spawnVigil(["start"], {
      DATABASE_URL: database.url,
      REDIS_URL: TEST_REDIS_URL,
      PORT: "0",
      VIGIL_DATA_DIR: dataDir,
      VIGIL_QUEUE_PREFIX: `{vigil-test-${randomBytes(4).toString("hex")}}`,
      VIGIL_OPERATOR_TOKEN: operatorToken,
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
      OTEL_BSP_SCHEDULE_DELAY: "100",
    });
    const listening = await vigil.waitForLog((l) => l.msg === "GraphQL API listening (HTTP and WebSocket)");
    await vigil.waitForLog((l) => l.msg === "vigil is running");
    base = String(listening.url).replace(/\/graphql$/, "");
  }, 60_000);

  afterAll(async () => {
    vigil.child.kill("SIGTERM");
    await vigil.exited;
    await receiver.close();
    await database.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("follows a pushed log object from its request through the queue to the findings its job wrote, in one trace", async () => {
    expect(vigil.output()).toContain("OpenTelemetry tracing on");
    const { createAccount } = await gql(`mutation { createAccount(input: {accountId: "${ACCOUNT}", name: "t", email: "t@example.com"}) { apiKey { secret } } }`, operatorToken);
    const key: string = createAccount.apiKey.secret;
    const { createDetector } = await gql(`mutation { createDetector(enable: true) { detectorId } }`, key);
    const { createLogSource } = await gql(`mutation { createLogSource(detectorId: "${createDetector.detectorId}", input: {name: "pushed", kind: CLOUD_TRAIL, location: "push"}) { logSourceId } }`, key);
    const sourceId: string = createLogSource.logSourceId;

    const pushed = await fetch(`${base}/ingest/${sourceId}`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
      body: cloudTrailObject(300, { start: new Date("2026-03-01T00:00:00Z"), idPrefix: "traced" }),
    });
    expect(pushed.status).toBe(202);
    const { objectKey } = await pushed.json();

    const written = await until(() => receiver.spans.find((s) => s.name === "vigil.record_findings" && s.attributes["vigil.object.key"] === objectKey), "the findings write span");
    const trace = receiver.spans.filter((s) => s.traceId === written.traceId);
    const byId = new Map(trace.map((s) => [s.spanId, s]));
    const parentOf = (span: ReceivedSpan) => byId.get(span.parentSpanId ?? "");

    // findings write ← process_object ← BullMQ's consumer span ← its producer span ← the push request.
    const processed = parentOf(written)!;
    expect(processed).toMatchObject({ name: "vigil.process_object", attributes: { "vigil.log_source.id": sourceId, "vigil.object.key": objectKey, "vigil.events": 300, "vigil.object.status": "DONE" } });
    const consumed = parentOf(processed)!;
    expect(consumed).toMatchObject({ kind: CONSUMER, name: "process process" });
    const produced = parentOf(consumed)!;
    expect(produced.kind).toBe(PRODUCER);
    const request = parentOf(produced)!;
    expect(request).toMatchObject({ kind: SERVER, name: "POST /ingest/:logSourceId", parentSpanId: undefined, attributes: { "http.route": "/ingest/:logSourceId", "vigil.log_source.id": sourceId, "http.response.status_code": 202 } });

    // The generator's root-credential calls (one finding) and Kali user agents (one finding per user): what the job wrote.
    const expected = expectedFindings(300);
    const findings = (expected.root > 0 ? 1 : 0) + expected.kaliByUser.size;
    expect(written.attributes).toMatchObject({ "vigil.log_source.id": sourceId, "vigil.events": 300, "vigil.object.recorded": true, "vigil.findings.written": findings });
    expect(processed.attributes["vigil.findings.written"]).toBe(findings);
    expect(written.resource["service.name"]).toBe("vigil");
    expect(receiver.contentTypes).toContain("application/json");
    // Span names are Vigil's own words: no id, key or other caller-supplied string.
    for (const span of receiver.spans) expect(span.name).not.toMatch(new RegExp(`${sourceId}|${objectKey}|traced`));
  }, 60_000);

  it("continues the caller's trace when the request carries a W3C traceparent", async () => {
    const traceId = randomBytes(16).toString("hex");
    const answer = await fetch(`${base}/healthz`, { headers: { traceparent: `00-${traceId}-${randomBytes(8).toString("hex")}-01` } });
    expect(answer.status).toBe(200);
    const span = await until(() => receiver.spans.find((s) => s.traceId === traceId), "the request's span in the caller's trace");
    expect(span).toMatchObject({ kind: SERVER, name: "GET /healthz" });
  });
});

describe("without an OTLP endpoint", () => {
  // In a fresh process: which modules the server's code loads is what is measured.
  const loadedTelemetryModules = async (env: Record<string, string>) => {
    const script = `
      require("reflect-metadata");
      require("./src/runtime.ts");
      const { startTracing } = require("./src/telemetry/tracing.ts");
      startTracing("start").then((on) => {
        const loaded = Object.keys(require.cache).filter((file) => /node_modules\\/(@opentelemetry\\/(?!api\\/)|bullmq-otel\\/)/.test(file));
        process.stdout.write(JSON.stringify({ on, loaded: loaded.length }));
      });`;
    const { stdout } = await promisify(execFile)(TSX, ["-e", script], { cwd: ROOT, env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...env } });
    return JSON.parse(stdout) as { on: boolean; loaded: number };
  };

  // @opentelemetry/api is left out: Prisma's client loads it anyway, and without an SDK it is a no-op.
  it("loads no OpenTelemetry SDK module nor bullmq-otel; with an endpoint, it loads them", async () => {
    expect(await loadedTelemetryModules({})).toEqual({ on: false, loaded: 0 });
    const enabled = await loadedTelemetryModules({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:9" });
    expect(enabled.on).toBe(true);
    expect(enabled.loaded).toBeGreaterThan(0);
    expect(await loadedTelemetryModules({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:9", OTEL_SDK_DISABLED: "true" })).toEqual({ on: false, loaded: 0 });
  }, 60_000);
});
