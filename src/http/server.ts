import http from "node:http";
import type { AddressInfo } from "node:net";
import { ApolloServer, HeaderMap } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { expressMiddleware } from "@as-integrations/express5";
import cors from "cors";
import express from "express";
import { GraphQLError, type GraphQLSchema, specifiedRules, validate } from "graphql";
import { useServer } from "graphql-ws/use/ws";
import { type WebSocket, WebSocketServer } from "ws";
import type { RequestLimitSettings } from "../config.js";
import { requestLimitChecker } from "../graphql/limits/check-request.js";
import type { Logger } from "../logger.js";
import type { Actor } from "../services/actor.js";
import { DomainError } from "../services/errors.js";
import type { Services } from "../services/index.js";
import type { GraphQLContext } from "../graphql/context.js";
import { createErrorFormatter } from "../graphql/errors.js";
import type { Readiness } from "../services/system/readiness.js";
import { graphqlBodyErrors, graphqlRequestGuard, requestLimitsGuard } from "./graphql-http-guards.js";
import { AuthThrottle, type AuthThrottleLimits, type FailureCounter, TooManyFailedAuthentications } from "./auth-throttle.js";
import { clientAddress } from "./client-address.js";
import { KeySockets } from "./key-sockets.js";
import { OperationCaps } from "./operation-caps.js";
import { ingestRouter } from "./ingest-route.js";
import { firehoseRouter } from "./firehose-route.js";
import type { StreamRouteOptions } from "./stream-requests.js";
import { eventBridgeRouter } from "./eventbridge-route.js";
import { metricsHandler, type MetricsOptions } from "./metrics.js";
import { RequestMetrics } from "./request-metrics.js";
import { consoleRouter } from "./console-route.js";
import type { PushIntake } from "../services/log-sources/push-intake.js";
import { requestSpans } from "../telemetry/request-spans.js";

export type HttpServerOptions = {
  schema: GraphQLSchema;
  services: Services;
  logger: Logger;
  host: string;
  port: number;
  maxBodyBytes: number;
  /** Depth, aliases, cost, size and socket caps every GraphQL operation is held to before it runs. */
  requestLimits: RequestLimitSettings;
  readiness: () => Promise<Readiness>;
  /** Failed authentications are counted here per client address and key prefix, and refused past the limits. */
  authThrottle: { counter: FailureCounter; limits: AuthThrottleLimits; trustedProxies: number };
  /** How often open sockets' API keys are checked again, in case a revocation's event was lost (default 10 s). */
  keyRecheckMs?: number;
  /** How long open requests may finish when stopping before connections are cut. */
  drainGraceMs: number;
  /** Log batches pushed to `POST /ingest/:logSourceId`; the route exists only when given. */
  ingest?: { push: PushIntake; maxBytes: number };
  /** Firehose and EventBridge deliveries to `POST /ingest/firehose|eventbridge/:logSourceId`; exist only when given. */
  streams?: Omit<StreamRouteOptions, "logger">;
  /** `GET /metrics` for Prometheus; exists only when given. */
  metrics?: MetricsOptions;
  /** A built web console to serve at `/`; none when not given. */
  consoleDirectory?: string;
};

export type RunningHttpServer = { url: string; port: number; close(): Promise<void> };

type SocketExtra = { actor?: Actor; socket: WebSocket; request: http.IncomingMessage };

/** Close code of a socket whose client failed authentication too often (4429, after HTTP's 429). */
export const TOO_MANY_FAILURES_CLOSE_CODE = 4429;

/** A bad credential answers 401, too many of them 429; any other failure (e.g. the database is down) stays an internal error. */
function authenticationFailure(error: unknown): unknown {
  if (error instanceof TooManyFailedAuthentications) {
    const headers = new HeaderMap([["retry-after", String(error.retryAfterSeconds)]]);
    return new GraphQLError(error.message, { extensions: { code: "TOO_MANY_REQUESTS", http: { status: 429, headers } } });
  }
  if (!(error instanceof DomainError)) return error;
  return new GraphQLError(error.message, { extensions: { code: error.code, http: { status: 401 } } });
}

/** GraphQL over HTTP (Apollo) and WebSocket (graphql-ws) on one port and path, plus health checks. */
export async function startHttpServer(options: HttpServerOptions): Promise<RunningHttpServer> {
  const { schema, services, logger } = options;
  const app = express();
  app.disable("x-powered-by");
  const requests = new RequestMetrics();
  app.use(requests.middleware, requestSpans);
  const httpServer = http.createServer(app);

  const { counter, limits, trustedProxies } = options.authThrottle;
  const throttle = new AuthThrottle(services.authenticator, counter, limits, logger);
  const authenticate = (authorization: unknown, request: http.IncomingMessage) => throttle.authenticate(authorization, clientAddress(request, trustedProxies));
  const keySockets = new KeySockets(services.pubSub, {
    liveApiKeyIds: (ids) => services.apiKeys.liveIds(ids),
    recheckMs: options.keyRecheckMs ?? 10_000,
    report: (err) => logger.warn({ err }, "could not recheck the API keys of open sockets"),
  });
  const checkLimits = requestLimitChecker(schema, options.requestLimits);
  const operationCaps = new OperationCaps(options.requestLimits);
  const wsServer = new WebSocketServer({ server: httpServer, path: "/graphql", maxPayload: options.maxBodyBytes });
  const formatError = createErrorFormatter(logger);
  // WebSocket results bypass Apollo, so they get the same scrubbing here.
  const sanitize = (error: GraphQLError): GraphQLError => {
    const { message, extensions } = formatError(error.toJSON(), error);
    return new GraphQLError(message, { path: error.path, extensions });
  };
  const wsCleanup = useServer<Record<string, unknown>, SocketExtra>(
    {
      schema,
      // Authentication happens once, when the socket opens; a bad credential closes it (4403).
      onConnect: async (ctx) => {
        const params = ctx.connectionParams ?? {};
        try {
          const actor = await authenticate(params.authorization ?? params.Authorization, ctx.extra.request);
          ctx.extra.actor = actor;
          if (actor.kind === "account") {
            keySockets.add(actor.apiKeyId, ctx.extra.socket);
            operationCaps.opened(actor.apiKeyId, ctx);
          }
          return true;
        } catch (error) {
          if (error instanceof TooManyFailedAuthentications) ctx.extra.socket.close(TOO_MANY_FAILURES_CLOSE_CODE, error.message);
          return false;
        }
      },
      onClose: (ctx) => {
        if (ctx.extra.actor?.kind === "account") operationCaps.closed(ctx.extra.actor.apiKeyId, ctx);
      },
      // The same limits as over HTTP, checked per subscribe message before it is validated and run.
      onSubscribe: (ctx, _id, payload) => {
        const actor = ctx.extra.actor;
        const capped = operationCaps.refusal(ctx, actor?.kind === "account" ? actor.apiKeyId : undefined);
        const refused = capped ? [capped] : checkLimits(payload.query);
        return refused.length > 0 ? refused : undefined;
      },
      // graphql-js's own validation errors carry no code; Apollo adds one over HTTP, so the socket does the same.
      validate: (wsSchema, document) =>
        validate(wsSchema, document, specifiedRules).map((error) => new GraphQLError(error.message, { nodes: error.nodes, extensions: { code: "GRAPHQL_VALIDATION_FAILED" } })),
      context: (ctx): GraphQLContext => ({ actor: ctx.extra.actor!, services }),
      onError: (_ctx, _id, _payload, errors) => errors.map(sanitize),
      onNext: (_ctx, _id, _payload, _args, result) => (result.errors ? { ...result, errors: result.errors.map(sanitize) } : result),
    },
    wsServer,
  );

  const apollo = new ApolloServer<GraphQLContext>({
    schema,
    formatError,
    includeStacktraceInErrorResponses: false,
    // The CLI owns signal handling, so API and workers stop in one ordered sequence.
    stopOnTerminationSignals: false,
    plugins: [
      requests.plugin(),
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: options.drainGraceMs }),
      {
        serverWillStart: async () => ({
          drainServer: async () => {
            keySockets.stop();
            await wsCleanup.dispose();
          },
        }),
      },
    ],
  });
  await apollo.start();

  app.get("/healthz", (_req, res) => void res.json({ status: "ok" }));
  app.get("/readyz", async (_req, res) => {
    const state = await options.readiness();
    res.status(state.ready ? 200 : 503).json(state);
  });
  if (options.ingest) app.use(ingestRouter({ ...options.ingest, authenticate: (req) => authenticate(req.headers.authorization, req), logger }));
  if (options.streams) app.use(firehoseRouter({ ...options.streams, logger }), eventBridgeRouter({ ...options.streams, logger }));
  if (options.metrics) app.get("/metrics", metricsHandler({ ...options.metrics, requests, readiness: options.readiness }));
  app.use(
    "/graphql",
    cors<cors.CorsRequest>(),
    graphqlRequestGuard(),
    express.json({ limit: options.maxBodyBytes }),
    requestLimitsGuard(checkLimits),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        try {
          return { actor: await authenticate(req.headers.authorization, req), services };
        } catch (error) {
          throw authenticationFailure(error);
        }
      },
    }),
    graphqlBodyErrors(options.maxBodyBytes, logger),
  );
  if (options.consoleDirectory) app.use(consoleRouter(options.consoleDirectory));

  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(options.port, options.host, () => resolve());
  });
  const { port } = httpServer.address() as AddressInfo;
  const url = `http://${options.host.includes(":") ? `[${options.host}]` : options.host}:${port}`;
  logger.info({ url: `${url}/graphql` }, "GraphQL API listening (HTTP and WebSocket)");
  return { url, port, close: () => apollo.stop() };
}
