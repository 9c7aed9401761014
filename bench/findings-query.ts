/**
 * listFindings and getFindingsStatistics over a large findings table: loads synthetic findings
 * (default 1,000,000; GuardDuty-shaped JSON, one administrator and 20 members) into a scratch
 * database with batched INSERT … SELECT statements, then times the API's own service calls as the
 * administrator: criteria + sort + a page of 50, a page deep into the results, and statistics.
 *
 *   npx tsx bench/findings-query.ts [--findings N] [--runs N] [--explain] [--keep | --reuse DATABASE_URL]
 *
 * Needs the PostgreSQL of the tests (TEST_POSTGRES_URL). The last stdout line is the JSON result.
 */
import { migrate } from "../src/db/migrator.js";
import { createDatabase, type Database } from "../src/db/prisma.js";
import { findingTypeCatalogue } from "../src/detection/catalogue.js";
import type { FindingCriteria } from "../src/services/findings/criteria/criteria.js";
import { criteriaToSql } from "../src/db/findings/criteria-sql.js";
import { compileCriteria } from "../src/services/findings/criteria/criteria.js";
import { Prisma } from "../src/generated/prisma/client.js";
import { createLocalPubSub } from "../src/realtime/pubsub.js";
import type { AccountActor } from "../src/services/actor.js";
import type { ListFindingsRequest, FindingsStatisticsRequest } from "../src/services/findings/finding-service.js";
import { visibleToAccountSql } from "../src/db/findings/finding-visibility.js";
import { createServices, type Services } from "../src/services/index.js";
import { BENCH_POSTGRES_URL, scratchDatabase } from "./findings-scratch.js";

export type FindingsQueryBenchOptions = {
  findings?: number;
  runs?: number;
  explain?: boolean;
  /** Keep the scratch database (its URL is printed) to run the queries again with `reuse`. */
  keep?: boolean;
  /** A database a kept run loaded: only the queries run. */
  reuse?: string;
  postgresUrl?: string;
};

type Timing = { name: string; p50Ms: number; p95Ms: number; rows: number };

export type FindingsQueryBenchResult = {
  findings: number;
  loadSeconds: number;
  cases: Timing[];
};

const MEMBERS = 20;
const BATCH = 50_000;
const DAY_SECONDS = 86_400;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

type Organisation = { actor: AccountActor; detectorIds: string[]; accountIds: string[] };

/** The organisation a kept run created. */
async function existingOrganisation(db: Database, services: Services): Promise<Organisation> {
  const accounts = await db.account.findMany({ where: { name: { startsWith: "bench " } }, include: { detector: true }, orderBy: { accountId: "asc" } });
  const { secret } = await services.apiKeys.issue(accounts[0].id, "bench");
  return { actor: await services.apiKeys.authenticate(secret), detectorIds: accounts.map((a) => a.detector!.id), accountIds: accounts.map((a) => a.accountId) };
}

/** An administrator with MEMBERS enabled members, each with a detector; returns the administrator as an actor. */
async function organisation(db: Database, services: Services): Promise<Organisation> {
  const accounts = await Promise.all(
    Array.from({ length: MEMBERS + 1 }, (_, i) => db.account.create({ data: { accountId: String(500_000_000_000 + i), name: `bench ${i}`, email: `bench${i}@example.com` } })),
  );
  const detectorIds = accounts.map((_, i) => i.toString(16).padStart(32, "b"));
  await db.detector.createMany({ data: accounts.map((account, i) => ({ id: detectorIds[i], accountId: account.id, status: "ENABLED" as const })) });
  await db.membership.createMany({
    data: accounts.slice(1).map((member) => ({ administratorId: accounts[0].id, memberId: member.id, email: member.email, relationshipStatus: "ENABLED" as const })),
  });
  const { secret } = await services.apiKeys.issue(accounts[0].id, "bench");
  return { actor: await services.apiKeys.authenticate(secret), detectorIds, accountIds: accounts.map((a) => a.accountId) };
}

/** One batch of findings generated inside PostgreSQL: varied types, resources, actions, ages and counts. */
function insertBatch(from: number, to: number, detectorIds: string[], accountIds: string[], types: string[]): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO findings (id, "detectorId", "accountId", region, type, severity, title, "resourceType", "resourceKey", count, archived,
      "eventFirstSeen", "eventLastSeen", "createdAt", "updatedAt", data)
    SELECT g.id, g.detector, g.account, g.region, g.type, g.severity, g.type || ' finding', g.rtype, g.rkey, g.count, g.archived,
      g.created, g.updated, g.created, g.updated,
      jsonb_build_object(
        'schemaVersion', '2.0', 'accountId', g.account, 'region', g.region, 'partition', 'aws', 'id', g.id,
        'arn', 'arn:aws:guardduty:' || g.region || ':' || g.account || ':detector/' || g.detector || '/finding/' || g.id,
        'type', g.type, 'title', g.type || ' finding', 'description', 'Synthetic finding for the benchmark', 'severity', g.severity,
        'createdAt', to_char(g.created AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
        'updatedAt', to_char(g.updated AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
        'resource', CASE g.rtype
          WHEN 'Instance' THEN jsonb_build_object('resourceType', 'Instance', 'instanceDetails', jsonb_build_object('instanceId', g.rkey,
            'availabilityZone', g.region || 'a', 'networkInterfaces', jsonb_build_array(jsonb_build_object('privateIpAddress', '10.' || (g.n % 250) || '.' || (g.n / 250 % 250) || '.7', 'vpcId', 'vpc-1'))))
          WHEN 'AccessKey' THEN jsonb_build_object('resourceType', 'AccessKey', 'accessKeyDetails', jsonb_build_object('accessKeyId', g.rkey, 'userName', 'user-' || (g.n % 5000), 'userType', 'IAMUser'))
          ELSE jsonb_build_object('resourceType', 'S3Bucket', 's3BucketDetails', jsonb_build_array(jsonb_build_object('name', g.rkey, 'type', 'Destination')))
        END,
        'service', jsonb_build_object('serviceName', 'guardduty', 'detectorId', g.detector, 'count', g.count, 'archived', g.archived,
          'eventFirstSeen', to_char(g.created AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
          'eventLastSeen', to_char(g.updated AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'resourceRole', 'TARGET',
          'additionalInfo', jsonb_build_object('value', '{}', 'type', 'default'),
          'action', CASE g.n % 3
            WHEN 0 THEN jsonb_build_object('actionType', 'AWS_API_CALL', 'awsApiCallAction', jsonb_build_object('api', (ARRAY['ListBuckets','GetObject','ConsoleLogin','StopLogging'])[g.n % 4 + 1],
              'serviceName', 's3.amazonaws.com', 'callerType', 'Remote IP', 'remoteIpDetails', jsonb_build_object('ipAddressV4', '198.51.' || (g.n % 200) || '.' || (g.n / 200 % 250))))
            WHEN 1 THEN jsonb_build_object('actionType', 'NETWORK_CONNECTION', 'networkConnectionAction', jsonb_build_object('connectionDirection', 'OUTBOUND', 'protocol', 'TCP', 'blocked', false,
              'localPortDetails', jsonb_build_object('port', 1024 + g.n % 60000), 'remoteIpDetails', jsonb_build_object('ipAddressV4', '203.0.' || (g.n % 200) || '.' || (g.n / 200 % 250))))
            ELSE jsonb_build_object('actionType', 'DNS_REQUEST', 'dnsRequestAction', jsonb_build_object('domain', 'd' || (g.n % 20000) || '.example.com', 'protocol', 'UDP', 'blocked', false))
          END))
    FROM (
      SELECT n, md5(n::text) AS id,
        (${detectorIds}::text[])[n % ${detectorIds.length} + 1] AS detector,
        (${accountIds}::text[])[n % ${accountIds.length} + 1] AS account,
        (ARRAY['us-east-1','us-east-1','eu-west-1','ap-southeast-2'])[n % 4 + 1] AS region,
        (${types}::text[])[(n::bigint * 7919) % ${types.length} + 1] AS type,
        (ARRAY[2, 5, 8, 5.5, 7.5, 3, 8.9])[n % 7 + 1]::float8 AS severity,
        (ARRAY['Instance','AccessKey','S3Bucket'])[n % 3 + 1] AS rtype,
        CASE n % 3 WHEN 0 THEN 'i-' || lpad(to_hex(n % 50000), 8, '0') WHEN 1 THEN 'AKIA' || lpad((n % 20000)::text, 16, '0') ELSE 'bucket-' || (n % 3000) END AS rkey,
        1 + (n * 13) % 50 AS count,
        n % 10 = 0 AS archived,
        now() - make_interval(secs => (n::bigint * 2654435761) % ${90 * DAY_SECONDS}) AS updated,
        now() - make_interval(secs => (n::bigint * 2654435761) % ${90 * DAY_SECONDS} + (n * 31) % ${DAY_SECONDS}) AS created
      FROM generate_series(${from}::int, ${to - 1}::int) AS n
    ) g`;
}

async function timeRuns<T>(runs: number, work: () => Promise<T>, size: (result: T) => number): Promise<{ p50Ms: number; p95Ms: number; rows: number }> {
  await work(); // warm the cache and the plan
  const samples: number[] = [];
  let rows = 0;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    rows = size(await work());
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return { p50Ms: percentile(samples, 50), p95Ms: percentile(samples, 95), rows };
}

export async function runFindingsQueryBench(options: FindingsQueryBenchOptions = {}): Promise<FindingsQueryBenchResult> {
  const total = options.findings ?? 1_000_000;
  const runs = options.runs ?? 30;
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const scratch = options.reuse
    ? { url: options.reuse, drop: async () => undefined }
    : await scratchDatabase(options.postgresUrl ?? BENCH_POSTGRES_URL);
  const db = createDatabase(scratch.url);
  try {
    await migrate(scratch.url);
    const services = createServices({ db, operatorToken: "bench".repeat(8), pubSub: createLocalPubSub() });
    const { actor, detectorIds, accountIds } = options.reuse ? await existingOrganisation(db, services) : await organisation(db, services);
    const types = findingTypeCatalogue().map((entry) => entry.type);

    const loadStart = performance.now();
    if (!options.reuse) {
      for (let from = 0; from < total; from += BATCH) {
        await db.$executeRaw(insertBatch(from, Math.min(total, from + BATCH), detectorIds, accountIds, types));
        log(`loaded ${Math.min(total, from + BATCH).toLocaleString("en-US")} findings`);
      }
    }
    // As autovacuum leaves a table at rest: statistics for the planner, and a visibility map that lets
    // index-only scans skip the heap.
    for (const table of ["findings", "finding_counts_by_day", "finding_counts_by_type", "finding_counts_by_region", "finding_counts_by_resource"]) await db.$executeRawUnsafe(`VACUUM ANALYZE ${table}`);
    const loadSeconds = (performance.now() - loadStart) / 1000;
    const [{ count: stored }] = await db.$queryRaw<Array<{ count: bigint }>>`SELECT count(*) FROM findings`;

    const weekAgo = Date.now() - 7 * DAY_SECONDS * 1000;
    const listCases: Array<[string, ListFindingsRequest]> = [
      ["newest first, no criteria", {}],
      ["current (not archived), high severity, by severity", { findingCriteria: { criterion: { "service.archived": { equals: ["false"] }, severity: { greaterThanOrEqual: 7 } } }, sortCriteria: { attributeName: "severity", orderBy: "DESC" } }],
      ["one type in the last week, newest first", { findingCriteria: { criterion: { type: { equals: [types[3]] }, updatedAt: { greaterThan: weekAgo } } } }],
      ["one instance (JSON path, GIN), newest first", { findingCriteria: { criterion: { "resource.instanceDetails.instanceId": { equals: ["i-00000f3c"] } } } }],
      ["one remote IP (JSON path, GIN), by count", { findingCriteria: { criterion: { "service.action.awsApiCallAction.remoteIpDetails.ipAddressV4": { equals: ["198.51.12.0"] } } }, sortCriteria: { attributeName: "count" } }],
      ["a third of all findings (unselective JSON path), newest first", { findingCriteria: { criterion: { "service.action.actionType": { equals: ["AWS_API_CALL"] } } } }],
      ["one member account, by createdAt", { findingCriteria: { criterion: { accountId: { equals: [accountIds[7]] } } }, sortCriteria: { attributeName: "createdAt" } }],
    ];
    const cases: Timing[] = [];
    for (const [name, request] of listCases) {
      const timing = await timeRuns(runs, () => services.findings.list(actor, detectorIds[0], { ...request, first: 50 }), (page) => page.items.length);
      cases.push({ name: `listFindings: ${name}`, ...timing });
      if (options.explain) await explain(db, actor, request.findingCriteria ?? null, log);
    }
    // The 20th page, through the cursors a client would follow.
    let after: string | null = null;
    for (let page = 0; page < 19; page++) after = (await services.findings.list(actor, detectorIds[0], { first: 50, after })).nextCursor;
    cases.push({ name: "listFindings: page 20 (keyset cursor)", ...(await timeRuns(runs, () => services.findings.list(actor, detectorIds[0], { first: 50, after }), (p) => p.items.length)) });

    const current = { criterion: { "service.archived": { equals: ["false"] } } };
    const monthAgo = Date.now() - 30 * DAY_SECONDS * 1000;
    const statisticsCases: Array<[string, FindingsStatisticsRequest]> = [
      ["count by severity, current findings", { findingCriteria: current }],
      ["grouped by finding type", { groupBy: "FINDING_TYPE" }],
      ["grouped by account, last week", { groupBy: "ACCOUNT", findingCriteria: { criterion: { updatedAt: { greaterThan: weekAgo } } } }],
      // The console's overview: current findings by type, by resource, and per day of the last 30.
      ["grouped by finding type, current findings, top 10", { groupBy: "FINDING_TYPE", maxResults: 10, findingCriteria: current }],
      ["grouped by resource, current findings, top 10", { groupBy: "RESOURCE", maxResults: 10, findingCriteria: current }],
      ["grouped by date, current findings, last 30 days", { groupBy: "DATE", maxResults: 100, findingCriteria: { criterion: { ...current.criterion, updatedAt: { greaterThanOrEqual: monthAgo } } } }],
      ["grouped by severity, high severity (criteria the counts cover)", { groupBy: "SEVERITY", findingCriteria: { criterion: { severity: { greaterThanOrEqual: 7 } } } }],
      ["count by severity, one region (the counts by region)", { findingCriteria: { criterion: { region: { equals: ["eu-west-1"] } } } }],
    ];
    const statistics: Timing[] = [];
    for (const [name, request] of statisticsCases) {
      statistics.push({ name: `getFindingsStatistics: ${name}`, ...(await timeRuns(Math.max(5, Math.floor(runs / 3)), () => services.findings.statistics(actor, detectorIds[0], request), (s) => Object.values(s)[0]?.length ?? 0)) });
    }
    const all = [...cases, ...statistics];
    for (const timing of all) log(`${timing.name.padEnd(80)} p50 ${timing.p50Ms.toFixed(1).padStart(8)} ms   p95 ${timing.p95Ms.toFixed(1).padStart(8)} ms   (${timing.rows} rows)`);
    return { findings: Number(stored), loadSeconds, cases: all };
  } finally {
    await db.$disconnect();
    if (options.keep || options.reuse) log(`kept the database: ${scratch.url}`);
    else await scratch.drop();
  }
}

async function explain(db: Database, actor: AccountActor, criteria: FindingCriteria | null, log: (line: string) => void): Promise<void> {
  const where = Prisma.sql`${await visibleToAccountSql(db, actor.accountRowId)} AND ${criteriaToSql(compileCriteria(criteria), "f")}`;
  const plan = await db.$queryRaw<Array<{ "QUERY PLAN": string }>>(Prisma.sql`EXPLAIN SELECT f.id FROM findings f WHERE ${where} ORDER BY f."updatedAt" DESC, f.id DESC LIMIT 51`);
  log(plan.map((line) => `    ${line["QUERY PLAN"]}`).join("\n"));
}

function flag(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? undefined : (process.argv[index + 1] ?? "");
}

if (require.main === module) {
  runFindingsQueryBench({
    findings: flag("findings") ? Number(flag("findings")) : undefined,
    runs: flag("runs") ? Number(flag("runs")) : undefined,
    explain: process.argv.includes("--explain"),
    keep: process.argv.includes("--keep"),
    reuse: flag("reuse"),
  }).then(
    (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
    (error) => {
      process.stderr.write(`findings-query bench failed: ${(error as Error).stack ?? error}\n`);
      process.exit(1);
    },
  );
}
