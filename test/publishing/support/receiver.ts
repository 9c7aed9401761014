import http from "node:http";
import type { AddressInfo } from "node:net";

export type Received = { headers: http.IncomingHttpHeaders; body: string };

/** A webhook receiver on this machine that records what it gets and answers `status` (with `headers`, e.g. Retry-After). */
export async function startReceiver(status = 200): Promise<{ url: string; received: Received[]; answer(status: number, headers?: Record<string, string>): void; close(): Promise<void> }> {
  const received: Received[] = [];
  let answer = status;
  let extraHeaders: Record<string, string> = {};
  const server = http.createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (body += chunk));
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      res.writeHead(answer, { "content-type": "text/plain", ...extraHeaders }).end(answer < 300 ? "ok" : "receiver is down");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/vigil`,
    received,
    answer: (next, headers = {}) => {
      answer = next;
      extraHeaders = headers;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
