import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

type Handler = (request: IncomingMessage, response: ServerResponse, server: ListServer) => void;

export type ListServer = {
  /** http://127.0.0.1:<port> */
  origin: string;
  /** Bytes the server managed to write per path, to show a download was cut short. */
  bytesSent: Map<string, number>;
  /** Paths requested, in order. */
  requests: string[];
  close(): Promise<void>;
};

/** Streams `total` bytes of list lines, as fast as the client reads, counting what it wrote. */
export function streamLines(total: number, declareLength: boolean): Handler {
  return (request, response, server) => {
    const chunk = Buffer.alloc(64 * 1024, "198.51.100.7\n");
    response.writeHead(200, { "content-type": "text/plain", ...(declareLength ? { "content-length": String(total) } : {}) });
    let sent = 0;
    const write = () => {
      while (sent < total && !response.destroyed) {
        sent += chunk.length;
        server.bytesSent.set(request.url ?? "", sent);
        if (!response.write(chunk)) return void response.once("drain", write);
      }
      if (!response.destroyed) response.end();
    };
    write();
  };
}

/** A local HTTP server answering list downloads the way real servers (and broken ones) do. */
export async function startListServer(routes: Record<string, Handler>): Promise<ListServer> {
  const sockets = new Set<import("node:net").Socket>();
  const server = http.createServer();
  const listServer: ListServer = {
    origin: "",
    bytesSent: new Map(),
    requests: [],
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  server.on("request", (request, response) => {
    const pathname = new URL(request.url ?? "/", "http://x").pathname;
    listServer.requests.push(pathname);
    const handler = routes[pathname];
    if (handler) return handler(request, response, listServer);
    response.writeHead(404, { "content-type": "text/plain" }).end("not found");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  listServer.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return listServer;
}

export const text = (body: string, contentType = "text/plain"): Handler => (_request, response) => {
  response.writeHead(200, { "content-type": contentType }).end(body);
};

export const redirectTo = (location: string): Handler => (_request, response) => {
  response.writeHead(302, { location }).end();
};

/** Accepts the request and never answers. */
export const silence: Handler = () => undefined;
