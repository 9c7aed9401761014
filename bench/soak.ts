/**
 * `npm run soak [-- --minutes 30]`: Vigil run as a user runs it (`vigil start` from the build, one
 * process with the API and the workers) for N minutes of push and Firehose ingest, with 100 live
 * graphql-ws subscribers, on a fresh PostgreSQL database of the local server and a Redis of its own
 * (a `redis-server` child on a spare port, without persistence, as most installs run it). Halfway, that
 * Redis is killed, its data deleted, and started again empty.
 *
 * Each delivery (a push of a CloudTrail batch, or a Firehose request of subscription messages) holds one
 * call from a Kali host by a principal of its own, so it makes exactly one finding. At the end it prints
 * what was accepted against what PostgreSQL recorded, findings duplicated (rows, counts, messages to a
 * subscriber), findings each subscriber received against those stored, and the RSS of the vigil process.
 * The last stdout line is the JSON result. Not part of `npm test`.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { createClient, type Client as WsClient } from "graphql-ws";
import { Client } from "pg";
import WebSocket from "ws";
import { ACCOUNT, cloudTrailRecord, KALI_FINDING, principalOf } from "./kali-calls.js";
import { benchAccount, benchStack, eventsProcessed, graphqlClient, startRole, stopRoles } from "./vigil-stack.js";

type SoakOptions = { minutes: number; subscribers: number; eventsPerDelivery: number; deliveriesPerSecond: number; drainMinutes: number };

const log = (line: string) => process.stderr.write(`soak: ${line}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function spareTcpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A redis-server child without persistence; `restartEmpty` kills it, deletes its folder and starts it again. */
async function ownRedis() {
  const port = await spareTcpPort();
  const dir = await mkdtemp(path.join(tmpdir(), "vigil-soak-redis-"));
  let child: ChildProcess;
  const start = async () => {
    await mkdir(dir, { recursive: true });
    child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--save", "", "--appendonly", "no"], { stdio: "ignore" });
    for (let i = 0; i < 100; i++) {
      const up = await new Promise<boolean>((resolve) => {
        const probe = spawn("redis-cli", ["-p", String(port), "ping"], { stdio: "ignore" });
        probe.once("exit", (code) => resolve(code === 0));
      });
      if (up) return;
      await sleep(100);
    }
    throw new Error(`redis-server on port ${port} did not start`);
  };
  const stop = () => new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : (child.once("exit", () => resolve()), child.kill("SIGKILL"))));
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    restartEmpty: async () => {
      await stop();
      await rm(dir, { recursive: true, force: true });
      await start();
    },
    remove: async () => {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function rssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

function pushBody(principal: string, events: number): Buffer {
  const records = Array.from({ length: events }, (_, i) => cloudTrailRecord(`${principal}-${i}`, i === 0 ? principal : `user${i % 50}`, i === 0));
  return Buffer.from(JSON.stringify({ Records: records }));
}

function firehoseBody(principal: string, events: number): Buffer {
  const data = Array.from({ length: events }, (_, i) => {
    const message = JSON.stringify(cloudTrailRecord(`${principal}-${i}`, i === 0 ? principal : `user${i % 50}`, i === 0));
    const envelope = { messageType: "DATA_MESSAGE", owner: ACCOUNT, logGroup: "CloudTrail/logs", logStream: "soak", subscriptionFilters: ["vigil"], logEvents: [{ id: String(i), timestamp: Date.now(), message }] };
    return { data: gzipSync(JSON.stringify(envelope)).toString("base64") };
  });
  return Buffer.from(JSON.stringify({ requestId: principal, timestamp: Date.now(), records: data }));
}

export async function runSoak(options: SoakOptions) {
  const redis = await ownRedis();
  const stack = await benchStack(redis.url);
  const vigil = startRole("start", stack.env);
  const subscribers: WsClient[] = [];
  try {
    const listening = await vigil.ready;
    const { url, gql } = graphqlClient(listening);
    const { key, detectorId } = await benchAccount(gql, stack.operatorToken, ACCOUNT);
    const createSource = async (name: string, location: string) =>
      (await gql(`mutation($d: ID!, $n: String!, $l: String!) { createLogSource(detectorId: $d, input: {name: $n, kind: CLOUD_TRAIL, location: $l}) { logSourceId endpointPath accessKey } }`, { d: detectorId, n: name, l: location }, key))
        .createLogSource as { logSourceId: string; endpointPath: string | null; accessKey: string | null };
    const push = await createSource("push", "push");
    const firehose = await createSource("firehose", "firehose");

    const received = Array.from({ length: options.subscribers }, () => new Map<string, number>());
    let subscriptionErrors = 0;
    for (const seen of received) {
      const client = createClient({ url: `${url.replace(/^http/, "ws")}/graphql`, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${key}` }, retryAttempts: Infinity, shouldRetry: () => true });
      subscribers.push(client);
      client.subscribe(
        { query: `subscription($d: ID!, $c: FindingCriteriaInput) { findings(detectorId: $d, findingCriteria: $c) { finding { resource } } }`, variables: { d: detectorId, c: { criterion: [{ attribute: "type", equals: [KALI_FINDING] }] } } },
        {
          next: (message) => {
            const principal = principalOf((message.data as any)?.findings.finding);
            if (principal) seen.set(principal, (seen.get(principal) ?? 0) + 1);
          },
          error: () => void subscriptionErrors++,
          complete: () => undefined,
        },
      );
    }
    await sleep(2_000);
    const rssStart = await rssMb(vigil.child.pid!);
    log(`vigil start (pid ${vigil.child.pid}, ${rssStart.toFixed(0)} MB RSS), ${options.subscribers} subscribers, Redis ${redis.url}; ${options.minutes} min of ingest`);

    const accepted = { push: new Set<string>(), firehose: new Set<string>() };
    let refused = 0;
    let redisRestarted = false;
    const deliver = async (index: number) => {
      const viaFirehose = index % 2 === 1;
      const principal = `soak${index}`;
      const response = viaFirehose
        ? await fetch(`${url}${firehose.endpointPath}`, {
            method: "POST",
            headers: { "content-type": "application/json", "x-amz-firehose-request-id": principal, "x-amz-firehose-access-key": firehose.accessKey! },
            body: new Uint8Array(firehoseBody(principal, options.eventsPerDelivery)),
          })
        : await fetch(`${url}/ingest/${push.logSourceId}`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: new Uint8Array(pushBody(principal, options.eventsPerDelivery)) });
      await response.arrayBuffer();
      if (response.status === 200 || response.status === 202) (viaFirehose ? accepted.firehose : accepted.push).add(principal);
      else refused++;
    };
    const start = performance.now();
    const end = start + options.minutes * 60_000;
    const inFlight = new Set<Promise<void>>();
    for (let index = 0; performance.now() < end; index++) {
      await sleep(Math.max(0, start + (index * 1000) / options.deliveriesPerSecond - performance.now()));
      if (!redisRestarted && performance.now() >= start + (end - start) / 2) {
        redisRestarted = true;
        log("killing Redis, deleting its data, starting it again empty");
        await redis.restartEmpty();
      }
      const delivery = deliver(index).catch(() => void refused++);
      inFlight.add(delivery);
      void delivery.finally(() => inFlight.delete(delivery));
      if (index % (options.deliveriesPerSecond * 60) === 0) log(`${((performance.now() - start) / 60_000).toFixed(1)} min, ${accepted.push.size + accepted.firehose.size} accepted, ${refused} refused`);
    }
    await Promise.all(inFlight);

    const acceptedAll = [...accepted.push, ...accepted.firehose];
    const db = new Client({ connectionString: stack.databaseUrl });
    await db.connect();
    const stored = async () =>
      (await db.query<{ principal: string; rows: string; count: string }>(
        `SELECT data -> 'resource' -> 'accessKeyDetails' ->> 'userName' AS principal, count(*) AS rows, sum(count) AS count FROM findings WHERE type = $1 GROUP BY 1`,
        [KALI_FINDING],
      )).rows;
    log(`ingest over; waiting up to ${options.drainMinutes} min for every accepted delivery's finding`);
    const drainUntil = performance.now() + options.drainMinutes * 60_000;
    let findings = await stored();
    while (performance.now() < drainUntil && acceptedAll.some((p) => !findings.some((f) => f.principal === p))) {
      await sleep(5_000);
      findings = await stored();
    }
    await sleep(5_000); // the last messages' way to the subscribers
    // Read again: objects processed during the wait would otherwise count as done without their finding.
    findings = await stored();
    const objects = (await db.query<{ location: string; status: string; objects: string; events: string }>(
      `SELECT s.location, o.status, count(*) AS objects, sum(o.events) AS events FROM ingested_objects o JOIN log_sources s ON s.id = o."logSourceId" GROUP BY 1, 2`,
    )).rows;
    const pending = Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM pending_objects`)).rows[0].n);
    await db.end();
    const processed = await eventsProcessed(url, stack.operatorToken);
    const rssEnd = await rssMb(vigil.child.pid!);

    const storedPrincipals = new Set(findings.map((f) => f.principal));
    const perSubscriber = received.map((seen) => ({
      findings: [...seen.keys()].filter((p) => storedPrincipals.has(p)).length,
      duplicates: [...seen.values()].reduce((sum, n) => sum + n - 1, 0),
    }));
    const counts = perSubscriber.map((s) => s.findings).sort((a, b) => a - b);
    const result = {
      minutes: options.minutes,
      subscribers: options.subscribers,
      deliveries: { pushAccepted: accepted.push.size, firehoseAccepted: accepted.firehose.size, refused },
      eventsAccepted: acceptedAll.length * options.eventsPerDelivery,
      eventsProcessed: processed,
      objectsRecorded: objects,
      pendingObjects: pending,
      lost: acceptedAll.filter((p) => !storedPrincipals.has(p)).length,
      findingsStored: findings.length,
      duplicateFindingRows: findings.filter((f) => Number(f.rows) > 1).length,
      findingsCountedTwice: findings.filter((f) => Number(f.count) > Number(f.rows)).length,
      subscriberFindings: { min: counts[0], median: counts[Math.floor(counts.length / 2)], max: counts[counts.length - 1], ofStored: findings.length },
      subscriberDuplicates: perSubscriber.reduce((sum, s) => sum + s.duplicates, 0),
      subscriptionErrors,
      rssMb: { start: Math.round(rssStart), end: Math.round(rssEnd) },
    };
    log(
      [
        `${result.minutes} min, Redis restarted empty halfway`,
        `deliveries accepted: ${result.deliveries.pushAccepted} pushes + ${result.deliveries.firehoseAccepted} Firehose requests (${result.eventsAccepted} events); refused ${refused}`,
        `events recorded in PostgreSQL: ${processed}; objects: ${objects.map((o) => `${o.location} ${o.status} ${o.objects}`).join(", ")}; still pending ${pending}`,
        `lost (accepted, no finding stored): ${result.lost}${pending > 0 ? `; ${pending} objects still queued, not processed within the drain` : ""}`,
        `duplicates: ${result.duplicateFindingRows} finding rows, ${result.findingsCountedTwice} findings counted twice, ${result.subscriberDuplicates} messages repeated to a subscriber`,
        `findings per subscriber: min ${result.subscriberFindings.min}, median ${result.subscriberFindings.median}, max ${result.subscriberFindings.max} of ${findings.length} stored (${subscriptionErrors} subscription errors)`,
        `RSS of vigil start: ${result.rssMb.start} MB → ${result.rssMb.end} MB`,
      ].join("\n       "),
    );
    return result;
  } finally {
    await Promise.all(subscribers.map((client) => client.dispose()));
    await stopRoles([vigil]);
    await stack.remove().catch((error: unknown) => log(`clean-up: ${(error as Error).message}`));
    await redis.remove();
  }
}

function flag(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : Number(process.argv[index + 1]);
}

if (require.main === module) {
  runSoak({
    minutes: flag("minutes", 30),
    subscribers: flag("subscribers", 100),
    eventsPerDelivery: flag("events", 200),
    deliveriesPerSecond: flag("per-second", 2),
    drainMinutes: flag("drain-minutes", 15),
  }).then(
    (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
    (error) => {
      process.stderr.write(`soak failed: ${(error as Error).stack ?? error}\n`);
      process.exit(1);
    },
  );
}
