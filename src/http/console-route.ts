import { existsSync } from "node:fs";
import path from "node:path";
import express, { type Request, type Response, type NextFunction, type Router } from "express";
import { PROJECT_ROOT } from "../paths.js";

/** Where `npm run build` puts the console (web/ built by vite). */
export const BUILT_CONSOLE_DIRECTORY = path.join(PROJECT_ROOT, "dist", "web");

export function consoleIsBuilt(directory: string): boolean {
  return existsSync(path.join(directory, "index.html"));
}

// A Host header is client-supplied: only a plain host[:port] is reflected into the policy.
const PLAIN_HOST = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/**
 * The console's policy: scripts and styles from this origin only (no inline script, no eval), API calls to this
 * origin over HTTP and WebSocket, nothing framed, no plugins. Finding data is attacker-controlled; this is the
 * second line behind rendering it only as text.
 */
export function consoleSecurityPolicy(host: string | undefined): string {
  const sockets = host && PLAIN_HOST.test(host) ? ` ws://${host} wss://${host}` : "";
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    "font-src 'self'",
    `connect-src 'self'${sockets}`,
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join("; ");
}

function securityHeaders(req: Request, res: Response, next: NextFunction): void {
  res.setHeader("Content-Security-Policy", consoleSecurityPolicy(req.headers.host));
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Referrer-Policy", "no-referrer");
  res.setHeader("X-Frame-Options", "DENY");
  res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
  next();
}

/**
 * Serves the built console at / (its index.html and hashed assets) with a strict Content-Security-Policy.
 * Paths under /console/ are the console's own addresses (a finding's page, which Slack messages link to):
 * they get the same page, and the console reads the path.
 */
export function consoleRouter(directory: string): Router {
  const router = express.Router();
  router.use(securityHeaders);
  router.use(
    express.static(directory, {
      index: "index.html",
      // Hashed asset names change with their content; the page itself must always be fresh.
      setHeaders: (res, file) => res.setHeader("Cache-Control", file.endsWith("index.html") ? "no-cache" : "public, max-age=31536000, immutable"),
    }),
  );
  router.get("/console/{*address}", (_req, res) => {
    res.setHeader("Cache-Control", "no-cache");
    res.sendFile(path.join(directory, "index.html"));
  });
  return router;
}
