import type { RequestHandler } from "express";
import { activeTracing } from "./tracing.js";

/** OpenTelemetry's HTTP conventions: a method outside the known set is `_OTHER`, so a client cannot name spans. */
const KNOWN_METHODS = new Set(["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "CONNECT", "TRACE"]);
const INGEST_ROUTE = /^\/ingest\/(?:(firehose|eventbridge)\/)?([^/]+)$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const FIXED_ROUTES = new Set(["/graphql", "/metrics", "/healthz", "/readyz"]);

/** The route template (a fixed set), and the log source an ingest URL names when it is an id. */
function routeOf(path: string): { route: string; logSourceId?: string } {
  if (FIXED_ROUTES.has(path)) return { route: path };
  const ingest = INGEST_ROUTE.exec(path);
  if (!ingest) return { route: "other" };
  const route = ingest[1] ? `/ingest/${ingest[1]}/:logSourceId` : "/ingest/:logSourceId";
  return UUID.test(ingest[2]) ? { route, logSourceId: ingest[2].toLowerCase() } : { route };
}

/** A SERVER span per request while tracing is on, active for its handlers, so what they queue joins its trace. */
export const requestSpans: RequestHandler = (req, res, next) => {
  const tracing = activeTracing();
  if (!tracing) return next();
  const method = KNOWN_METHODS.has(req.method) ? req.method : "_OTHER";
  const { route, logSourceId } = routeOf(req.path);
  const attributes = { "http.request.method": method, "http.route": route, ...(logSourceId ? { "vigil.log_source.id": logSourceId } : {}) };
  tracing.serverSpan(`${method} ${route}`, req.headers, attributes, (span) => {
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      span.end(res.statusCode);
    };
    res.once("finish", end);
    res.once("close", end);
    next();
  });
};
