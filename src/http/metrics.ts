import type { RequestHandler } from "express";
import { Counter, Gauge, Registry } from "prom-client";
import type { IngestQueues } from "../queues/ingest.js";
import { operatorTokenMatches } from "../services/auth/operator-token.js";
import type { IngestionLedger } from "../services/system/ingestion-ledger.js";
import { DELIVERY_LATENCY_BUCKETS, type OperationalMetrics } from "../services/system/operational-metrics.js";
import type { Publisher } from "../services/system/publisher.js";
import type { Readiness } from "../services/system/readiness.js";
import type { RequestMetrics } from "./request-metrics.js";
import type { CustomRuleSource } from "../services/system/custom-rule-source.js";
import { logSourceStatus } from "../services/log-sources/log-source-status.js";
import type { FindingFeed } from "../services/findings/finding-feed.js";

export type MetricsOptions = {
  ledger: IngestionLedger;
  queues: IngestQueues;
  operations: OperationalMetrics;
  /** The outbox depth. */
  publisher: Publisher;
  /** This API process's live findings feed: how far its reader of the notification log is behind. */
  liveFindings?: Pick<FindingFeed, "stats">;
  /** Stored custom rules' costs; without it no custom rule metrics. */
  customRules?: Pick<CustomRuleSource, "costs">;
  /** Tokens accepted as `Authorization: Bearer <token>`: the operator token, and VIGIL_METRICS_TOKEN when set. */
  tokens: string[];
};

const SOURCE_LABELS = ["log_source_id", "detector_id", "account_id", "kind"] as const;
/** Account ids are the logs' data: a bound keeps a bucket naming thousands of accounts from exploding the metric's series. */
const OTHER_ACCOUNTS_PER_SOURCE = 20;
const JOB_STATES = ["waiting", "active", "delayed", "failed", "completed"] as const;

/**
 * `GET /metrics` in Prometheus' text format. Counters are read from PostgreSQL at scrape time, so any
 * API process reports what every worker did; queue depths come from Redis.
 */
export function metricsHandler(options: MetricsOptions & { requests: RequestMetrics; readiness: () => Promise<Readiness> }): RequestHandler {
  const registry = new Registry();
  const counter = (name: string, help: string) => new Counter({ name, help, labelNames: SOURCE_LABELS, registers: [registry] });
  const totals = {
    objectsProcessed: counter("vigil_log_source_objects_processed_total", "Log objects read to their end (skipped ones included)"),
    eventsProcessed: counter("vigil_log_source_events_processed_total", "Events read from the source's objects"),
    bytesProcessed: counter("vigil_log_source_bytes_processed_total", "Bytes of the processed objects, as stored"),
    brokenRecords: counter("vigil_log_source_broken_records_total", "Records skipped because they could not be parsed"),
    objectsFailed: counter("vigil_log_source_objects_failed_total", "Log objects given up on after their retries"),
  };
  const dropped = new Counter({ name: "vigil_events_dropped_total", help: "Events not analysed because of the account they name, by reason", labelNames: [...SOURCE_LABELS, "reason"], registers: [registry] });
  const otherAccounts = new Counter({
    name: "vigil_organization_source_other_account_events_total",
    help: `Events of an organisation source naming an account it does not route (outside the organisation), by that account; the ${OTHER_ACCOUNTS_PER_SOURCE} accounts with most events per source`,
    labelNames: [...SOURCE_LABELS, "event_account_id"],
    registers: [registry],
  });
  const lag = new Gauge({ name: "vigil_log_source_lag_seconds", help: "Newest object listed minus newest object processed", labelNames: SOURCE_LABELS, registers: [registry] });
  const up = new Gauge({ name: "vigil_log_source_up", help: "1 when the source's location could be listed and read, 0 on error", labelNames: SOURCE_LABELS, registers: [registry] });
  const pending = new Gauge({ name: "vigil_ingest_pending_objects", help: "Objects queued (listed or pushed) and not yet recorded as done or failed", registers: [registry] });
  const reconciled = new Counter({ name: "vigil_ingest_reconciled_objects_total", help: "Objects queued again because Redis no longer held their job", registers: [registry] });
  const reconnects = new Counter({ name: "vigil_redis_reconnects_total", help: "Times a worker's Redis connection came back after a disconnect", registers: [registry] });
  const ruleLabels = ["custom_rule_id", "sigma_id", "detector_id"] as const;
  const ruleEvents = new Counter({ name: "vigil_custom_rule_events_total", help: "Events a stored custom rule evaluated, per detector it runs for", labelNames: ruleLabels, registers: [registry] });
  const ruleSeconds = new Counter({ name: "vigil_custom_rule_seconds_total", help: "Time a stored custom rule spent evaluating events", labelNames: ruleLabels, registers: [registry] });
  const rulePerEvent = new Gauge({ name: "vigil_custom_rule_seconds_per_event", help: "A stored custom rule's average cost per event", labelNames: ruleLabels, registers: [registry] });
  const jobs = new Gauge({ name: "vigil_ingest_queue_jobs", help: "Jobs in the ingestion queues by state", labelNames: ["queue", "state"], registers: [registry] });
  const outbox = new Gauge({ name: "vigil_outbox_pending_deliveries", help: "Destination deliveries in the PostgreSQL outbox not yet sent (queued or waiting for a retry)", registers: [registry] });
  const findings = new Gauge({ name: "vigil_findings", help: "Stored findings (suppressed ones left out) by type and severity band", labelNames: ["type", "severity"], registers: [registry] });
  const deliveries = new Gauge({ name: "vigil_deliveries", help: "Outbox deliveries of the last week (dead ones until replayed) by destination kind and outcome", labelNames: ["kind", "outcome"], registers: [registry] });
  // Computed in PostgreSQL from the outbox rows, so exposed as a histogram's series rather than observed here.
  const latencyBucket = new Gauge({ name: "vigil_delivery_latency_seconds_bucket", help: "Sent deliveries by time from queued to sent, cumulative by upper bound", labelNames: ["kind", "le"], registers: [registry] });
  const latencySum = new Gauge({ name: "vigil_delivery_latency_seconds_sum", help: "Total time from queued to sent of sent deliveries", labelNames: ["kind"], registers: [registry] });
  const latencyCount = new Gauge({ name: "vigil_delivery_latency_seconds_count", help: "Sent deliveries", labelNames: ["kind"], registers: [registry] });
  const live = {
    subscriptions: new Gauge({ name: "vigil_live_findings_subscriptions", help: "Findings subscriptions open on this API process", registers: [registry] }),
    backlog: new Gauge({ name: "vigil_live_findings_backlog", help: "Notifications in the PostgreSQL log this API process has not read yet (0 without subscriptions)", registers: [registry] }),
    lag: new Gauge({ name: "vigil_live_findings_relay_lag_seconds", help: "Age of the oldest notification this API process has not read yet (0 when caught up)", registers: [registry] }),
    read: new Counter({ name: "vigil_live_findings_events_read_total", help: "Notifications this API process read from the log", registers: [registry] }),
    reconnects: new Counter({ name: "vigil_live_findings_listener_reconnects_total", help: "Times the LISTEN connection for notifications was lost and opened again", registers: [registry] }),
  };
  const serverUp = (server: string) => new Gauge({ name: `vigil_${server}_up`, help: `1 when ${server} answered its probe, 0 otherwise`, registers: [registry] });
  const latency = (server: string) => new Gauge({ name: `vigil_${server}_probe_seconds`, help: `How long ${server} took to answer its probe`, registers: [registry] });
  const servers = { postgres: { up: serverUp("postgres"), latency: latency("postgres") }, redis: { up: serverUp("redis"), latency: latency("redis") } };

  return async (req, res, next) => {
    const presented = (req.headers.authorization ?? "").replace(/^Bearer\s+/i, "").trim();
    if (!presented || !options.tokens.some((token) => operatorTokenMatches(token, presented))) {
      res.status(401).set("WWW-Authenticate", "Bearer").json({ error: { code: "UNAUTHENTICATED", message: "GET /metrics needs the operator token or VIGIL_METRICS_TOKEN (Authorization: Bearer <token>)." } });
      return;
    }
    try {
      registry.resetMetrics();
      for await (const page of options.ledger.allSources()) {
        const organizationSources = new Map(page.filter((source) => source.organizationSource).map((source) => [source.id, source]));
        for (const row of await options.ledger.otherAccountEvents([...organizationSources.keys()], OTHER_ACCOUNTS_PER_SOURCE)) {
          const source = organizationSources.get(row.logSourceId)!;
          otherAccounts.inc({ log_source_id: source.id, detector_id: source.detectorId, account_id: source.detector.account.accountId, kind: source.kind, event_account_id: row.accountId }, row.events);
        }
        for (const source of page) {
          const labels = { log_source_id: source.id, detector_id: source.detectorId, account_id: source.detector.account.accountId, kind: source.kind };
          const status = logSourceStatus(source);
          for (const [field, metric] of Object.entries(totals)) metric.inc(labels, status[field as keyof typeof totals]);
          dropped.inc({ ...labels, reason: "other_account" }, status.eventsDroppedOtherAccount);
          dropped.inc({ ...labels, reason: "outside_organization" }, status.eventsDroppedOutsideOrganization);
          if (status.lagSeconds !== null) lag.set(labels, status.lagSeconds);
          up.set(labels, status.state === "OK" ? 1 : 0);
        }
      }
      const probes = await options.readiness();
      for (const server of ["postgres", "redis"] as const) {
        servers[server].up.set(probes.checks[server] === "ok" ? 1 : 0);
        servers[server].latency.set(probes.latencySeconds[server]);
      }
      outbox.set(await options.publisher.pendingDeliveries());
      if (options.liveFindings) {
        const stats = await options.liveFindings.stats();
        live.subscriptions.set(stats.subscribers);
        live.backlog.set(stats.backlog);
        live.lag.set(stats.lagSeconds);
        live.read.inc(stats.eventsRead);
        live.reconnects.inc(stats.listenerReconnects);
      }
      for (const row of await options.operations.findings()) findings.set({ type: row.type, severity: row.severity }, row.count);
      for (const row of await options.operations.deliveries()) {
        deliveries.set({ kind: row.kind, outcome: row.status }, row.count);
        if (row.status !== "DELIVERED") continue;
        DELIVERY_LATENCY_BUCKETS.forEach((le, i) => latencyBucket.set({ kind: row.kind, le: String(le) }, row.buckets[i]));
        latencyBucket.set({ kind: row.kind, le: "+Inf" }, row.count);
        latencySum.set({ kind: row.kind }, row.seconds);
        latencyCount.set({ kind: row.kind }, row.count);
      }
      const reliability = await options.ledger.reliability();
      pending.set(reliability.pendingObjects);
      reconciled.inc(reliability.reconciledObjects);
      reconnects.inc(reliability.redisReconnects);
      for (const cost of (await options.customRules?.costs()) ?? []) {
        const labels = { custom_rule_id: cost.customRuleId, sigma_id: cost.sigmaId, detector_id: cost.detectorId };
        const seconds = Number(cost.nanoseconds) / 1e9;
        ruleEvents.inc(labels, Number(cost.events));
        ruleSeconds.inc(labels, seconds);
        if (cost.events > 0n) rulePerEvent.set(labels, seconds / Number(cost.events));
      }
      for (const queue of [options.queues.ingest, options.queues.process]) {
        const counts = await queue.getJobCounts(...JOB_STATES);
        for (const state of JOB_STATES) jobs.set({ queue: queue.name, state }, counts[state] ?? 0);
      }
      res.set("Content-Type", registry.contentType).send(`${await registry.metrics()}\n${await options.requests.registry.metrics()}`);
    } catch (error) {
      next(error);
    }
  };
}
