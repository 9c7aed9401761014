import pino from "pino";

export type Logger = pino.Logger;

export function createLogger(level: string): Logger {
  return pino({
    name: "vigil",
    level,
    // Secrets must never reach the logs, whatever a caller passes in.
    redact: ["req.headers.authorization", "*.apiKey", "*.secret", "*.operatorToken"],
  });
}
