import type { ApolloServerPlugin } from "@apollo/server";
import type { RequestHandler } from "express";
import { collectDefaultMetrics, Counter, Histogram, Registry } from "prom-client";

/** Operation names are the client's to choose: only plain names are labels, and only so many of them. */
const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const MAX_OPERATION_NAMES = 200;

/** Paths grouped into a fixed set of labels: a path label taken from the URL would let any caller add series. */
function routeOf(path: string): string {
  if (path === "/graphql") return "graphql";
  if (path.startsWith("/ingest/")) return "ingest";
  if (path === "/metrics" || path === "/healthz" || path === "/readyz") return path.slice(1);
  return "other";
}

/**
 * This process's own measurements for /metrics: HTTP answers by status, GraphQL operations by name
 * with their duration and errors, and Node's process metrics (prom-client's defaults). Kept apart
 * from the figures read from PostgreSQL at each scrape, which are reset every time.
 */
export class RequestMetrics {
  readonly registry = new Registry();
  private readonly names = new Set<string>();
  private readonly http = new Counter({ name: "vigil_http_responses_total", help: "HTTP responses by route group, method and status code", labelNames: ["route", "method", "status"], registers: [this.registry] });
  private readonly operations = new Counter({ name: "vigil_graphql_operations_total", help: "GraphQL operations by name, type and outcome (ok or error)", labelNames: ["operation", "type", "outcome"], registers: [this.registry] });
  private readonly duration = new Histogram({
    name: "vigil_graphql_operation_duration_seconds",
    help: "Time from parsing a GraphQL operation to its response",
    labelNames: ["operation", "type"],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  readonly middleware: RequestHandler = (req, res, next) => {
    // Read now: routers mounted on a path rewrite req.path to the rest of it.
    const route = routeOf(req.path);
    res.once("finish", () => this.http.inc({ route, method: req.method, status: String(res.statusCode) }));
    next();
  };

  /** Counts every operation that reached execution or failed validation, under a bounded set of names. */
  plugin(): ApolloServerPlugin {
    return {
      requestDidStart: async () => {
        const started = process.hrtime.bigint();
        return {
          willSendResponse: async ({ operationName, operation, errors, request, document }) => {
            // An operation that failed validation was never chosen: its name is still the document's (or the request's).
            const named = operationName ?? request.operationName ?? document?.definitions.find((d) => d.kind === "OperationDefinition")?.name?.value ?? null;
            const labels = { operation: this.label(named), type: operation?.operation ?? "unknown" };
            this.duration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
            this.operations.inc({ ...labels, outcome: errors && errors.length > 0 ? "error" : "ok" });
          },
        };
      },
    };
  }

  private label(name: string | null): string {
    if (!name) return "anonymous";
    if (!OPERATION_NAME.test(name)) return "invalid_name";
    if (this.names.has(name)) return name;
    if (this.names.size >= MAX_OPERATION_NAMES) return "other";
    this.names.add(name);
    return name;
  }
}
