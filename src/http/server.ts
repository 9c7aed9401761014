import http from "node:http";
import type { AddressInfo } from "node:net";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { expressMiddleware } from "@as-integrations/express5";
import cors from "cors";
import express from "express";
import { GraphQLError, type GraphQLSchema } from "graphql";
import { useServer } from "graphql-ws/use/ws";
import { type WebSocket, WebSocketServer } from "ws";
import type { Logger } from "../logger.js";
import type { Actor } from "../services/actor.js";
import { DomainError } from "../services/errors.js";
import type { Services } from "../services/index.js";
import type { GraphQLContext } from "../graphql/context.js";
import { createErrorFormatter } from "../graphql/errors.js";
import type { Readiness } from "../services/system/readiness.js";
import { KeySockets } from "./key-sockets.js";
import { ingestRouter } from "./ingest-route.js";
import { metricsHandler, type MetricsOptions } from "./metrics.js";
import { consoleRouter } from "./console-route.js";
import type { PushIntake } from "../services/log-sources/push-intake.js";

export type HttpServerOptions = {
  schema: GraphQLSchema;
  services: Services;
  logger: Logger;
  host: string;
  port: number;
  maxBodyBytes: number;
  readiness: () => Promise<Readiness>;
  /** How long open requests may finish when stopping before connections are cut. */
  drainGraceMs: number;
  /** Log batches pushed to `POST /ingest/:logSourceId`; the route exists only when given. */
  ingest?: { push: PushIntake; maxBytes: number };
  /** `GET /metrics` for Prometheus; exists only when given. */
  metrics?: MetricsOptions;
  /** A built web console to serve at `/`; none when not given. */
  consoleDirectory?: string;
};

export type RunningHttpServer = { url: string; port: number; close(): Promise<void> };

type SocketExtra = { actor?: Actor; socket: WebSocket };

/** A bad credential answers 401; any other failure (e.g. the database is down) stays an internal error. */
function authenticationFailure(error: unknown): unknown {
  if (!(error instanceof DomainError)) return error;
  return new GraphQLError(error.message, { extensions: { code: error.code, http: { status: 401 } } });
}

/** GraphQL over HTTP (Apollo) and WebSocket (graphql-ws) on one port and path, plus health checks. */
export async function startHttpServer(options: HttpServerOptions): Promise<RunningHttpServer> {
  const { schema, services, logger } = options;
  const app = express();
  app.disable("x-powered-by");
  const httpServer = http.createServer(app);

  const keySockets = new KeySockets(services.pubSub);
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
          const actor = await services.authenticator.authenticate(params.authorization ?? params.Authorization);
          ctx.extra.actor = actor;
          if (actor.kind === "account") keySockets.add(actor.apiKeyId, ctx.extra.socket);
          return true;
        } catch {
          return false;
        }
      },
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
  if (options.ingest) app.use(ingestRouter({ ...options.ingest, authenticator: services.authenticator, logger }));
  if (options.metrics) app.get("/metrics", metricsHandler(options.metrics));
  app.use(
    "/graphql",
    cors<cors.CorsRequest>(),
    express.json({ limit: options.maxBodyBytes }),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        try {
          return { actor: await services.authenticator.authenticate(req.headers.authorization), services };
        } catch (error) {
          throw authenticationFailure(error);
        }
      },
    }),
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
