import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";

const ROOT = path.join(__dirname, "..", "..");
const TSX = path.join(ROOT, "node_modules", ".bin", "tsx");

export type VigilProcess = {
  child: ChildProcess;
  /** Everything the process printed so far (stdout and stderr). */
  output(): string;
  /** Resolves with the first log line (parsed) for which `match` is true. */
  waitForLog(match: (line: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
};

/** Runs the real CLI (`vigil <args>`) from source in a child process. */
export function spawnVigil(args: string[], env: Record<string, string>): VigilProcess {
  const child = spawn(TSX, [path.join(ROOT, "src", "cli", "main.ts"), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const waiters: Array<() => void> = [];
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
    waiters.forEach((w) => w());
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal })),
  );

  const findLine = (match: (line: Record<string, unknown>) => boolean) => {
    for (const text of output.split("\n")) {
      try {
        const line = JSON.parse(text);
        if (match(line)) return line as Record<string, unknown>;
      } catch {
        // not a log line
      }
    }
    return undefined;
  };

  return {
    child,
    output: () => output,
    exited,
    waitForLog: (match, timeoutMs = 30_000) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`log line not seen in ${timeoutMs} ms; output:\n${output}`)), timeoutMs);
        const check = () => {
          const line = findLine(match);
          if (line) {
            clearTimeout(timer);
            resolve(line);
          }
        };
        waiters.push(check);
        void exited.then(() => {
          check();
          clearTimeout(timer);
          reject(new Error(`process exited before the log line; output:\n${output}`));
        });
        check();
      }),
  };
}
