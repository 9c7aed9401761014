/**
 * Time from a CloudTrail file landing in a local-folder source to its finding arriving on a
 * graphql-ws subscription, under sustained load. The API and a worker run as separate processes on
 * a scratch database and queue prefix (as deployed: they share only PostgreSQL and Redis). Files land
 * at a steady rate, each with ordinary calls and one call from a Kali Linux host by a principal of
 * its own, so each file makes one new finding the subscriber can attribute to it.
 *
 *   npx tsx bench/findings-latency.ts [--seconds 30] [--files-per-second 2] [--events-per-file 1000]
 *
 * The source is polled every 60 s: files are found by the worker's watch of the folder (fs events),
 * and read once renamed into place. The last stdout line is the JSON result.
 */
import { mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { ACCOUNT, cloudTrailRecord, KALI_FINDING, percentile, principalOf } from "./kali-calls.js";
import { benchAccount, benchStack, graphqlClient, startRole, stopRoles } from "./vigil-stack.js";

export type LatencyBenchOptions = { seconds?: number; filesPerSecond?: number; eventsPerFile?: number; redisUrl?: string };

export type LatencyBenchResult = {
  eventsPerSecond: number;
  seconds: number;
  findings: number;
  /** File landing → subscription message. */
  p50Ms: number;
  p99Ms: number;
  /** Finding written by the worker (its createdAt) → subscription message: the live path alone. */
  writtenToMessageP50Ms: number;
  writtenToMessageP99Ms: number;
  missed: number;
};

/** `{"Records":[…]}` as CloudTrail delivers it; the last record comes from a Kali host as `principal`. */
function cloudTrailFile(events: number, principal: string): string {
  const records = Array.from({ length: events }, (_, i) => (i === events - 1 ? cloudTrailRecord(`${principal}-${i}`, principal, true) : cloudTrailRecord(`${principal}-${i}`, `user${i % 50}`, false)));
  return JSON.stringify({ Records: records });
}

export async function runLatencyBench(options: LatencyBenchOptions = {}): Promise<LatencyBenchResult> {
  const seconds = options.seconds ?? 30;
  const filesPerSecond = options.filesPerSecond ?? 2;
  const eventsPerFile = options.eventsPerFile ?? 1000;
  const redisUrl = options.redisUrl ?? process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const stack = await benchStack(redisUrl);
  const roles = [startRole("serve", stack.env), startRole("worker", stack.env)];
  try {
    const [listening] = await Promise.all(roles.map((role) => role.ready));
    const { url, gql } = graphqlClient(listening);
    const { key, detectorId } = await benchAccount(gql, stack.operatorToken, ACCOUNT);
    const folder = path.join(stack.logsRoot, "trail");
    await mkdir(folder, { recursive: true });
    await gql(`mutation($d: ID!) { createLogSource(detectorId: $d, input: {name: "trail", kind: CLOUD_TRAIL, location: "trail", pollIntervalSeconds: 60}) { logSourceId } }`, { d: detectorId }, key);

    const landed = new Map<string, number>();
    const latencies: number[] = [];
    const liveLatencies: number[] = [];
    const client = createClient({ url: `${url.replace(/^http/, "ws")}/graphql`, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${key}` } });
    const criteria = { criterion: [{ attribute: "type", equals: [KALI_FINDING] }] };
    const unsubscribe = client.subscribe(
      { query: `subscription($d: ID!, $c: FindingCriteriaInput) { findings(detectorId: $d, findingCriteria: $c) { finding { createdAt resource } } }`, variables: { d: detectorId, c: criteria } },
      {
        next: (message) => {
          const finding = (message.data as any)?.findings.finding;
          const at = landed.get(principalOf(finding) ?? "");
          if (at === undefined) return;
          latencies.push(performance.now() - at);
          liveLatencies.push(Date.now() - Date.parse(finding.createdAt));
        },
        error: (error) => log(`subscription error: ${JSON.stringify(error)}`),
        complete: () => undefined,
      },
    );
    await new Promise((resolve) => setTimeout(resolve, 1_000));

    log(`bench: ${filesPerSecond} files/s of ${eventsPerFile} events for ${seconds} s`);
    const files = seconds * filesPerSecond;
    const start = performance.now();
    for (let i = 0; i < files; i++) {
      const due = start + (i * 1000) / filesPerSecond;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
      const principal = `bench${i}`;
      // Written under a hidden name, then renamed: the source never sees half a file.
      const partial = path.join(folder, `.${principal}.json`);
      await writeFile(partial, cloudTrailFile(eventsPerFile, principal));
      await rename(partial, path.join(folder, `${ACCOUNT}_CloudTrail_us-east-1_${String(i).padStart(6, "0")}.json`));
      landed.set(principal, performance.now());
    }
    const drainUntil = performance.now() + 30_000;
    while (latencies.length < files && performance.now() < drainUntil) await new Promise((resolve) => setTimeout(resolve, 100));
    unsubscribe();
    await client.dispose();

    const sorted = [...latencies].sort((a, b) => a - b);
    const live = [...liveLatencies].sort((a, b) => a - b);
    const result = {
      eventsPerSecond: filesPerSecond * eventsPerFile,
      seconds,
      findings: latencies.length,
      p50Ms: percentile(sorted, 50),
      p99Ms: percentile(sorted, 99),
      writtenToMessageP50Ms: percentile(live, 50),
      writtenToMessageP99Ms: percentile(live, 99),
      missed: files - latencies.length,
    };
    log(`bench: ${result.findings} findings; landing → subscription p50 ${result.p50Ms.toFixed(0)} ms, p99 ${result.p99Ms.toFixed(0)} ms; written → subscription p50 ${result.writtenToMessageP50Ms.toFixed(0)} ms, p99 ${result.writtenToMessageP99Ms.toFixed(0)} ms; ${result.missed} not seen`);
    return result;
  } finally {
    await stopRoles(roles);
    await stack.remove();
  }
}

function flag(name: string): number | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? undefined : Number(process.argv[index + 1]);
}

if (require.main === module) {
  runLatencyBench({ seconds: flag("seconds"), filesPerSecond: flag("files-per-second"), eventsPerFile: flag("events-per-file") }).then(
    (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
    (error) => {
      process.stderr.write(`findings-latency bench failed: ${(error as Error).stack ?? error}\n`);
      process.exit(1);
    },
  );
}
