import type { RequestHandler } from "express";
import { Counter, Gauge, Registry } from "prom-client";
import type { IngestQueues } from "../queues/ingest.js";
import { operatorTokenMatches } from "../services/auth/operator-token.js";
import type { IngestionLedger } from "../services/system/ingestion-ledger.js";
import { logSourceStatus } from "../services/log-sources/log-source-status.js";

export type MetricsOptions = {
  ledger: IngestionLedger;
  queues: IngestQueues;
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
export function metricsHandler(options: MetricsOptions): RequestHandler {
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
  const jobs = new Gauge({ name: "vigil_ingest_queue_jobs", help: "Jobs in the ingestion queues by state", labelNames: ["queue", "state"], registers: [registry] });

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
      const reliability = await options.ledger.reliability();
      pending.set(reliability.pendingObjects);
      reconciled.inc(reliability.reconciledObjects);
      reconnects.inc(reliability.redisReconnects);
      for (const queue of [options.queues.ingest, options.queues.process]) {
        const counts = await queue.getJobCounts(...JOB_STATES);
        for (const state of JOB_STATES) jobs.set({ queue: queue.name, state }, counts[state] ?? 0);
      }
      res.set("Content-Type", registry.contentType).send(await registry.metrics());
    } catch (error) {
      next(error);
    }
  };
}
