import type { IncomingMessage } from "node:http";

/**
 * The address a request came from. Behind `trustedProxies` proxies, each of which appends the
 * address it saw to X-Forwarded-For, that many entries from the right are the proxies' own view; the
 * entry before them is the client as the outermost trusted proxy saw it. Entries further left are
 * whatever the client wrote, never trusted.
 */
export function clientAddress(request: IncomingMessage, trustedProxies: number): string {
  const direct = request.socket.remoteAddress ?? "unknown";
  if (trustedProxies === 0) return direct;
  const header = request.headers["x-forwarded-for"];
  const forwarded = (Array.isArray(header) ? header.join(",") : (header ?? ""))
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "");
  const chain = [...forwarded, direct];
  return chain[Math.max(chain.length - 1 - trustedProxies, 0)];
}
