import { readFileSync } from "node:fs";
import path from "node:path";
import { startPipelineServer, type PipelineServer } from "../ingest/support/http-server";
import { startTestPipeline, type TestPipeline } from "../ingest/support/pipeline";

const DASHBOARD = path.join(__dirname, "..", "..", "deploy", "grafana", "vigil.json");
const METRICS_TOKEN = "metrics-token-for-the-dashboard-test";
/** PromQL words that are not metric names: aggregation modifiers, set and vector matching, offsets. */
const KEYWORDS = new Set(["by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or", "unless", "offset", "inf", "nan"]);

type Panel = { title: string; type: string; targets?: Array<{ expr: string }>; panels?: Panel[] };

function expressions(panels: Panel[]): Array<{ panel: string; expr: string }> {
  return panels.flatMap((panel) => [...(panel.targets ?? []).map((t) => ({ panel: panel.title, expr: t.expr })), ...expressions(panel.panels ?? [])]);
}

/** The metric names an expression reads: identifiers that are neither functions, keywords, labels nor durations (`1h`'s `h` follows a digit). */
function metricNames(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, " ")
    .replace(/\{[^}]*\}/g, " ")
    .replace(/\[[^\]]*\]/g, " ")
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, " ");
  return [...bare.matchAll(/(?<![A-Za-z0-9_:.])([A-Za-z_:][A-Za-z0-9_:]*)\s*(\()?/g)].filter((m) => !m[2] && !KEYWORDS.has(m[1].toLowerCase())).map((m) => m[1]);
}

/** Every series name /metrics can carry: the TYPE lines' names, with a histogram's and a summary's suffixes. */
function exportedNames(text: string): Set<string> {
  const names = new Set<string>();
  for (const [, name, type] of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    names.add(name);
    if (type === "histogram") for (const suffix of ["_bucket", "_sum", "_count"]) names.add(name + suffix);
    if (type === "summary") for (const suffix of ["_sum", "_count"]) names.add(name + suffix);
  }
  return names;
}

describe("the Grafana dashboard (deploy/grafana/vigil.json)", () => {
  let pipeline: TestPipeline;
  let api: PipelineServer;

  beforeAll(async () => {
    pipeline = await startTestPipeline();
    api = await startPipelineServer(pipeline, {
      metrics: { ledger: pipeline.services.ingestion, queues: pipeline.ingest.queues, operations: pipeline.services.operations, publisher: pipeline.services.publisher, tokens: [METRICS_TOKEN] },
    });
  });
  afterAll(async () => {
    await api.close();
    await pipeline.close();
  });

  it("queries only metrics that /metrics exports, and covers each area an operator watches", async () => {
    const answer = await fetch(`${api.server.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(answer.status).toBe(200);
    const exported = exportedNames(await answer.text());
    const dashboard = JSON.parse(readFileSync(DASHBOARD, "utf8")) as { panels: Panel[]; uid: string };
    expect(dashboard.uid).toBe("vigil-overview");

    const queries = expressions(dashboard.panels);
    const used = new Set(queries.flatMap((q) => metricNames(q.expr)));
    const unknown = queries.flatMap((q) => metricNames(q.expr).filter((name) => !exported.has(name)).map((name) => `${q.panel}: ${name}`));
    expect(unknown).toEqual([]);
    // Every non-row panel asks something.
    const empty = dashboard.panels.filter((p) => p.type !== "row" && !(p.targets ?? []).some((t) => metricNames(t.expr).length > 0)).map((p) => p.title);
    expect(empty).toEqual([]);

    const areas = [
      "vigil_log_source_events_processed_total",
      "vigil_findings",
      "vigil_deliveries",
      "vigil_delivery_latency_seconds_bucket",
      "vigil_outbox_pending_deliveries",
      "vigil_graphql_operations_total",
      "vigil_graphql_operation_duration_seconds_bucket",
      "vigil_http_responses_total",
      "vigil_postgres_up",
      "vigil_redis_up",
      "vigil_postgres_probe_seconds",
      "vigil_redis_probe_seconds",
      "process_cpu_seconds_total",
      "process_resident_memory_bytes",
    ];
    expect(areas.filter((name) => !used.has(name))).toEqual([]);
  });

  it("the name check catches a metric /metrics does not export", () => {
    expect(metricNames('sum by (kind) (rate(vigil_not_a_metric_total{kind="x"}[5m])) / on (kind) vigil_findings offset 1h')).toEqual(["vigil_not_a_metric_total", "vigil_findings"]);
    expect(metricNames("histogram_quantile(0.95, sum by (le) (vigil_delivery_latency_seconds_bucket))")).toEqual(["vigil_delivery_latency_seconds_bucket"]);
  });
});
