/**
 * `vigil rules backtest --detector ID --rule FILE --from T --to T`: starts a backtest through the API
 * (VIGIL_URL, VIGIL_API_KEY) and follows it with a progress bar until it ends, then prints what the
 * rule matched, with the rule's author (its licence asks that wherever matches are shown).
 */
import { readFile } from "node:fs/promises";
import { SingleBar } from "cli-progress";
import { BacktestCommandError } from "./backtest-error.js";

const FIELDS = "id state objectsDone objectsTotal matchedEvents findings eventsRead objectsUnavailable unavailable matchedEventIds failedReason rule { title id author }";
const START = `mutation($d: ID!, $r: String!, $f: DateTimeISO!, $t: DateTimeISO!) { backtestCustomRule(detectorId: $d, rule: $r, from: $f, to: $t) { ${FIELDS} } }`;
const GET = `query($d: ID!, $id: ID!) { getBacktest(detectorId: $d, backtestId: $id) { ${FIELDS} } }`;

export type BacktestReport = {
  id: string;
  state: "WAITING" | "RUNNING" | "COMPLETED" | "FAILED";
  objectsDone: number;
  objectsTotal: number | null;
  matchedEvents: number;
  findings: number;
  eventsRead: number | null;
  objectsUnavailable: number | null;
  unavailable: string[];
  matchedEventIds: string[];
  failedReason: string | null;
  rule: { title: string; id: string; author: string };
};

export type BacktestOptions = { url: string; apiKey: string; detector: string; rule: string; from: string; to: string; pollMs?: number; progress?: NodeJS.WritableStream };

async function call<T>(options: BacktestOptions, query: string, variables: Record<string, unknown>): Promise<T> {
  const response = await fetch(new URL("/graphql", options.url), {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${options.apiKey}` },
    body: JSON.stringify({ query, variables }),
  }).catch((error: unknown) => {
    throw new BacktestCommandError(`cannot reach ${options.url}: ${(error as Error).message}`);
  });
  const body = (await response.json().catch(() => ({}))) as { data?: T; errors?: Array<{ message: string }> };
  if (body.errors?.length || !body.data) throw new BacktestCommandError(body.errors?.[0]?.message ?? `the API answered ${response.status}`);
  return body.data;
}

/** Runs the backtest to its end; the bar goes to `progress` (stderr by default). */
export async function runBacktest(options: BacktestOptions): Promise<BacktestReport> {
  const rule = await readFile(options.rule, "utf8").catch((error: unknown) => {
    throw new BacktestCommandError(`cannot read ${options.rule}: ${(error as Error).message}`);
  });
  let report = (await call<{ backtestCustomRule: BacktestReport }>(options, START, { d: options.detector, r: rule, f: options.from, t: options.to })).backtestCustomRule;
  const bar = new SingleBar({ format: "backtest [{bar}] {value}/{total} objects | {matched} matched events", stream: options.progress ?? process.stderr, noTTYOutput: true, notTTYSchedule: 1000 });
  bar.start(report.objectsTotal ?? 0, 0, { matched: 0 });
  try {
    while (report.state === "WAITING" || report.state === "RUNNING") {
      await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 500));
      report = (await call<{ getBacktest: BacktestReport }>(options, GET, { d: options.detector, id: report.id })).getBacktest;
      bar.setTotal(report.objectsTotal ?? 0);
      bar.update(report.objectsDone, { matched: report.matchedEvents });
    }
  } finally {
    bar.stop();
  }
  if (report.state === "FAILED") throw new BacktestCommandError(`backtest ${report.id} failed: ${report.failedReason ?? "no reason given"}`);
  return report;
}

export function formatBacktest(report: BacktestReport): string {
  const lines = [
    `rule: ${report.rule.title} (${report.rule.id}) by ${report.rule.author}`,
    `objects read: ${report.objectsDone - (report.objectsUnavailable ?? 0)} of ${report.objectsTotal ?? 0}; events in range: ${report.eventsRead ?? 0}`,
    `matched events: ${report.matchedEvents}; findings it would raise: ${report.findings}`,
    ...report.matchedEventIds.map((id) => `  ${id}`),
    ...(report.objectsUnavailable ? [`unavailable objects: ${report.objectsUnavailable}`, ...report.unavailable.map((why) => `  ${why}`)] : []),
  ];
  return `${lines.join("\n")}\n`;
}
