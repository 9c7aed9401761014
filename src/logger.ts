import pino from "pino";

export type Logger = pino.Logger;

/**
 * Services log to stdout; CLI commands whose stdout is their output (a table, a summary) log to stderr,
 * written synchronously so that nothing is lost when the command exits.
 */
export function createLogger(level: string, stream: "stdout" | "stderr" = "stdout"): Logger {
  const options = {
    name: "vigil",
    level,
    // Secrets must never reach the logs, whatever a caller passes in.
    redact: ["req.headers.authorization", "*.apiKey", "*.secret", "*.operatorToken"],
  };
  return stream === "stderr" ? pino(options, pino.destination({ fd: 2, sync: true })) : pino(options);
}
