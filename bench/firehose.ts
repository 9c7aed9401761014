/**
 * Amazon Data Firehose traffic into one `vigil serve` process, with a `vigil worker` beside it (as
 * deployed: they share only PostgreSQL and Redis). Requests come as Firehose sends them from a
 * CloudWatch Logs subscription of a CloudTrail log group: 500 records each, every record a gzip'd
 * DATA_MESSAGE in base64. Each request carries one call from a Kali host by a principal of its own, so
 * each makes one new finding a graphql-ws subscriber attributes to it.
 *
 * It measures what the API accepts (events in 200 answers per second, answer times) and how long its
 * event loop stalls meanwhile (prom-client's monitorEventLoopDelay p99 and max in the API process,
 * read from /metrics, whose scrape resets them: one scrape before the requests, one after), and the
 * time from a request's 200 to its finding on the subscription.
 *
 *   npx tsx bench/firehose.ts [--events-per-second 20000] [--seconds 20] [--records 500] [--events-per-record 1] [--drain-seconds 120] [--cpu-prof DIR]
 *
 * Requests are built before the clock starts (the sender shares the machine). The last stdout line is the JSON result.
 */
import { randomBytes } from "node:crypto";
import { gzipSync } from "node:zlib";
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { ACCOUNT, cloudTrailRecord, KALI_FINDING, percentile, principalOf } from "./kali-calls.js";
import { benchAccount, benchStack, eventsProcessed, graphqlClient, metricsText, startRole, stopRoles, sumOfMetric } from "./vigil-stack.js";

export type FirehoseBenchOptions = {
  eventsPerSecond?: number;
  seconds?: number;
  records?: number;
  eventsPerRecord?: number;
  drainSeconds?: number;
  redisUrl?: string;
  /** A folder for a `--cpu-prof` profile of the API process. */
  cpuProfileDir?: string;
};

export type FirehoseBenchResult = {
  offeredEventsPerSecond: number;
  seconds: number;
  recordsPerRequest: number;
  eventsPerRecord: number;
  requests: number;
  /** Events in requests answered 200, per second from the first request sent to the last answer. */
  acceptedEventsPerSecond: number;
  failedRequests: number;
  answerP50Ms: number;
  answerP99Ms: number;
  /** The API process's event-loop delay while the requests came (monitorEventLoopDelay, 10 ms resolution). */
  eventLoopDelayP99Ms: number;
  eventLoopDelayMaxMs: number;
  /**
   * CPU the API process spent (user + system) from the first request to the last answer, per 1,000 events
   * accepted: on a machine shared with other work, what it would take alone (1,000 / this = events/s per core).
   */
  apiCpuMsPerThousandEvents: number;
  /** 200 answer → finding on the subscription; over every request, one not seen counting as slower than any. */
  findings: number;
  missed: number;
  p50Ms: number | null;
  p99Ms: number | null;
  /** Events the worker recorded per second, from the first request to the end of the drain. */
  workerEventsPerSecond: number;
};

const FIREHOSE_REQUEST = (requestId: string, records: string[]) => JSON.stringify({ requestId, timestamp: Date.now(), records: records.map((data) => ({ data })) });

/** A CloudWatch Logs subscription DATA_MESSAGE with these CloudTrail events, gzip'd and base64'd as Firehose holds it. */
function subscriptionRecord(events: Array<Record<string, unknown>>): string {
  const logEvents = events.map((event, i) => ({ id: `${Date.now()}${i}`, timestamp: Date.now(), message: JSON.stringify(event) }));
  const message = { messageType: "DATA_MESSAGE", owner: ACCOUNT, logGroup: "CloudTrail/logs", logStream: `${ACCOUNT}_CloudTrail_us-east-1`, subscriptionFilters: ["vigil"], logEvents };
  return gzipSync(JSON.stringify(message)).toString("base64");
}

/** Request `index`'s body: its first event is the Kali call of principal `fh<index>`. */
function firehoseBody(run: string, index: number, records: number, eventsPerRecord: number): Buffer {
  const data = Array.from({ length: records }, (_, r) =>
    subscriptionRecord(
      Array.from({ length: eventsPerRecord }, (_, e) => {
        const eventId = `${run}-${index}-${r}-${e}`;
        return r === 0 && e === 0 ? cloudTrailRecord(eventId, `fh${index}`, true) : cloudTrailRecord(eventId, `user${(r + e) % 50}`, false);
      }),
    ),
  );
  return Buffer.from(FIREHOSE_REQUEST(`${run}-${index}`, data));
}

export async function runFirehoseBench(options: FirehoseBenchOptions = {}): Promise<FirehoseBenchResult> {
  const offered = options.eventsPerSecond ?? 20_000;
  const seconds = options.seconds ?? 20;
  const records = options.records ?? 500;
  const eventsPerRecord = options.eventsPerRecord ?? 1;
  const drainSeconds = options.drainSeconds ?? 120;
  const redisUrl = options.redisUrl ?? process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
  const eventsPerRequest = records * eventsPerRecord;
  const requestsPerSecond = offered / eventsPerRequest;
  const requests = Math.max(1, Math.round(seconds * requestsPerSecond));
  const log = (line: string) => process.stderr.write(`${line}\n`);

  log(`bench: building ${requests} Firehose requests of ${records} records × ${eventsPerRecord} events`);
  const run = randomBytes(4).toString("hex");
  const bodies = Array.from({ length: requests }, (_, i) => firehoseBody(run, i, records, eventsPerRecord));

  const stack = await benchStack(redisUrl);
  const profile = options.cpuProfileDir ? ["--cpu-prof", `--cpu-prof-dir=${options.cpuProfileDir}`] : [];
  const roles = [startRole("serve", stack.env, profile), startRole("worker", stack.env)];
  try {
    const [listening] = await Promise.all(roles.map((role) => role.ready));
    const { url, gql } = graphqlClient(listening);
    const { key, detectorId } = await benchAccount(gql, stack.operatorToken, ACCOUNT);
    const source = (
      await gql(`mutation($d: ID!) { createLogSource(detectorId: $d, input: {name: "firehose", kind: CLOUD_TRAIL, location: "firehose"}) { endpointPath accessKey } }`, { d: detectorId }, key)
    ).createLogSource as { endpointPath: string; accessKey: string };

    const accepted = new Map<string, number>();
    const latencies: number[] = [];
    const client = createClient({ url: `${url.replace(/^http/, "ws")}/graphql`, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${key}` } });
    const unsubscribe = client.subscribe(
      {
        query: `subscription($d: ID!, $c: FindingCriteriaInput) { findings(detectorId: $d, findingCriteria: $c) { finding { resource } } }`,
        variables: { d: detectorId, c: { criterion: [{ attribute: "type", equals: [KALI_FINDING] }] } },
      },
      {
        next: (message) => {
          const at = accepted.get(principalOf((message.data as any)?.findings.finding) ?? "");
          if (at !== undefined) latencies.push(performance.now() - at);
        },
        error: (error) => log(`subscription error: ${JSON.stringify(error)}`),
        complete: () => undefined,
      },
    );
    await new Promise((resolve) => setTimeout(resolve, 1_000));

    const deliver = async (index: number): Promise<number> => {
      const started = performance.now();
      const response = await fetch(`${url}${source.endpointPath}`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-amz-firehose-protocol-version": "1.0", "x-amz-firehose-request-id": `${run}-${index}`, "x-amz-firehose-access-key": source.accessKey },
        body: new Uint8Array(bodies[index]),
      });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`request ${index} answered ${response.status}`);
      accepted.set(`fh${index}`, performance.now());
      return performance.now() - started;
    };

    log(`bench: ${requestsPerSecond.toFixed(1)} requests/s (${offered} events/s) for ${seconds} s`);
    const cpuBefore = sumOfMetric(await metricsText(url, stack.operatorToken), "process_cpu_seconds_total"); // also resets the event-loop histogram
    const start = performance.now();
    const answers: Array<Promise<number>> = [];
    for (let i = 0; i < requests; i++) {
      const due = start + (i * 1000) / requestsPerSecond;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
      answers.push(deliver(i));
    }
    const settled = await Promise.allSettled(answers);
    const sendEnd = performance.now();
    const loop = await metricsText(url, stack.operatorToken);
    const answerTimes = settled.flatMap((s) => (s.status === "fulfilled" ? [s.value] : [])).sort((a, b) => a - b);
    for (const failure of settled.filter((s) => s.status === "rejected").slice(0, 3)) log(`bench: ${(failure as PromiseRejectedResult).reason}`);

    const drainUntil = performance.now() + drainSeconds * 1000;
    while (latencies.length < answerTimes.length && performance.now() < drainUntil) await new Promise((resolve) => setTimeout(resolve, 200));
    const processed = await eventsProcessed(url, stack.operatorToken);
    const workerSeconds = (performance.now() - start) / 1000;
    unsubscribe();
    await client.dispose();

    // A request whose finding never came is slower than any seen: percentiles over all requests.
    const sorted = [...latencies].sort((a, b) => a - b);
    const all = sorted.concat(Array<number>(requests - sorted.length).fill(Infinity));
    const over = (p: number) => (Number.isFinite(percentile(all, p)) ? percentile(all, p) : null);
    const result: FirehoseBenchResult = {
      offeredEventsPerSecond: offered,
      seconds,
      recordsPerRequest: records,
      eventsPerRecord,
      requests,
      acceptedEventsPerSecond: (answerTimes.length * eventsPerRequest) / ((sendEnd - start) / 1000),
      failedRequests: requests - answerTimes.length,
      answerP50Ms: percentile(answerTimes, 50) ?? 0,
      answerP99Ms: percentile(answerTimes, 99) ?? 0,
      eventLoopDelayP99Ms: sumOfMetric(loop, "nodejs_eventloop_lag_p99_seconds") * 1000,
      eventLoopDelayMaxMs: sumOfMetric(loop, "nodejs_eventloop_lag_max_seconds") * 1000,
      apiCpuMsPerThousandEvents: ((sumOfMetric(loop, "process_cpu_seconds_total") - cpuBefore) * 1e6) / Math.max(1, answerTimes.length * eventsPerRequest),
      findings: latencies.length,
      missed: requests - latencies.length,
      p50Ms: over(50),
      p99Ms: over(99),
      workerEventsPerSecond: processed / workerSeconds,
    };
    log(`bench: ${JSON.stringify(result)}`);
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
  runFirehoseBench({
    eventsPerSecond: flag("events-per-second"),
    seconds: flag("seconds"),
    records: flag("records"),
    eventsPerRecord: flag("events-per-record"),
    drainSeconds: flag("drain-seconds"),
    cpuProfileDir: process.argv.includes("--cpu-prof") ? process.argv[process.argv.indexOf("--cpu-prof") + 1] : undefined,
  }).then(
    (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
    (error) => {
      process.stderr.write(`firehose bench failed: ${(error as Error).stack ?? error}\n`);
      process.exit(1);
    },
  );
}
