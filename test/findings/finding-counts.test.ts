import { criteriaToSql } from "../../src/db/findings/criteria-sql";
import { resourceStatisticsSql } from "../../src/db/findings/resource-counts";
import { statisticsSql } from "../../src/db/findings/finding-statistics";
import { upsertFindings } from "../../src/db/findings/finding-upserts";
import { visibleToAccountSql } from "../../src/db/findings/finding-visibility";
import type { Finding } from "../../src/detection/findings/types";
import { Prisma } from "../../src/generated/prisma/client";
import { createLocalPubSub } from "../../src/realtime/pubsub";
import type { AccountActor } from "../../src/services/actor";
import { compileCriteria, type FindingCriteria } from "../../src/services/findings/criteria/criteria";
import type { FindingsStatisticsRequest } from "../../src/services/findings/finding-service";
import { statisticsQuery } from "../../src/services/findings/finding-statistics";
import { createServices, type Services } from "../../src/services";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { BASE_TIME, storeFindings, syntheticFinding } from "./support/findings";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

type Party = { actor: AccountActor; accountId: string; detectorId: string };

// Criteria the counts answer (each cell dimension, time ranges cutting days) and some they do not.
const CRITERIA: Array<FindingCriteria | undefined> = [
  undefined,
  { criterion: { "service.archived": { equals: ["false"] } } },
  { criterion: { severity: { greaterThanOrEqual: 5 }, "service.archived": { equals: ["true"] } } },
  { criterion: { updatedAt: { greaterThan: BASE_TIME + 20 * HOUR + 17 } } },
  { criterion: { updatedAt: { greaterThanOrEqual: BASE_TIME + 5 * HOUR, lessThan: BASE_TIME + 2 * DAY + 3 * HOUR }, "service.archived": { equals: ["false"] } } },
  { criterion: { updatedAt: { greaterThan: BASE_TIME + 26 * HOUR, lessThanOrEqual: BASE_TIME + 30 * HOUR } } },
  { criterion: { updatedAt: { lessThan: BASE_TIME + 36 * HOUR } } },
  { criterion: { type: { equals: ["Recon:IAMUser/MaliciousIPCaller", "Trojan:EC2/DNSDataExfiltration"] } } },
  { criterion: { accountId: { equals: ["410000000002"] } } },
  { criterion: { "resource.resourceType": { equals: ["Instance"] } } },
  { criterion: { region: { equals: ["eu-west-1"] } } },
  { criterion: { region: { notEquals: ["eu-west-1"] }, severity: { lessThan: 7 }, "service.archived": { equals: ["false"] } } },
  { criterion: { "resource.resourceType": { equals: ["AccessKey", "S3Bucket"] }, "service.archived": { equals: ["false"] } } },
];
const GROUPINGS: FindingsStatisticsRequest[] = [
  {},
  { groupBy: "SEVERITY" },
  { groupBy: "DATE", maxResults: 100 },
  { groupBy: "ACCOUNT", orderBy: "ASC" },
  { groupBy: "FINDING_TYPE", maxResults: 3 },
  { groupBy: "RESOURCE", maxResults: 5 },
  { groupBy: "RESOURCE", maxResults: 1 },
  { groupBy: "RESOURCE", maxResults: 50, orderBy: "ASC" },
];

describe("finding counts (the summary behind getFindingsStatistics)", () => {
  let database: TestDatabase;
  let services: Services;
  let admin: Party;
  let member: Party;
  let outsider: Party;

  async function party(accountId: string, n: number): Promise<Party> {
    const account = await database.db.account.create({ data: { accountId, name: `counts ${n}`, email: `counts${n}@example.com` } });
    const detectorId = String(n).repeat(32);
    await database.db.detector.create({ data: { id: detectorId, accountId: account.id, status: "ENABLED" } });
    const { secret } = await services.apiKeys.issue(account.id, "counts");
    return { actor: await services.apiKeys.authenticate(secret), accountId, detectorId };
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    services = createServices({ db: database.db, operatorToken: "x".repeat(32), pubSub: createLocalPubSub() });
    admin = await party("410000000001", 1);
    member = await party("410000000002", 2);
    outsider = await party("410000000003", 3);
    const [adminRow, memberRow] = await Promise.all([admin, member].map((p) => database.db.account.findUniqueOrThrow({ where: { accountId: p.accountId } })));
    await database.db.membership.create({ data: { administratorId: adminRow.id, memberId: memberRow.id, email: "m@example.com", relationshipStatus: "ENABLED" } });
  });
  afterAll(() => database.drop());

  const findingsOf = (p: Party, from: number, to: number) => Array.from({ length: to - from }, (_, i) => syntheticFinding(p.detectorId, p.accountId, from + i));

  /** What a full scan of the findings answers, as getFindingsStatistics did before the counts. */
  async function scanned(p: Party, request: FindingsStatisticsRequest): Promise<unknown[]> {
    const { query } = statisticsQuery(request);
    const samples = request.includeSamples ? Prisma.sql`TRUE` : Prisma.sql`NOT f.sample`;
    const where = Prisma.sql`${await visibleToAccountSql(database.db, p.actor.accountRowId)} AND ${criteriaToSql(compileCriteria(request.findingCriteria), "f")} AND ${samples}`;
    return database.db.$queryRaw<unknown[]>(statisticsSql(query, where));
  }

  async function cellsMatchFindings(): Promise<void> {
    const cells = (table: string, columns: string) =>
      database.db.$queryRawUnsafe(`SELECT ${columns}, sum(count)::int AS n FROM ${table} GROUP BY ${columns} HAVING sum(count) <> 0 ORDER BY ${columns}`);
    const scan = (columns: string, expressions: string) =>
      database.db.$queryRawUnsafe(`SELECT ${expressions}, count(*)::int AS n FROM findings GROUP BY ${columns} ORDER BY ${columns}`);
    const keys = `"detectorId", "accountId", sample, archived`;
    expect(await cells("finding_counts_by_day", `${keys}, day, severity`)).toEqual(
      await scan(`${keys}, day, severity`, `${keys}, timezone('UTC', "updatedAt")::date AS day, severity`),
    );
    expect(await cells("finding_counts_by_type", `${keys}, type`)).toEqual(await scan(`${keys}, type`, `${keys}, type`));
    expect(await cells("finding_counts_by_region", `${keys}, region, severity`)).toEqual(await scan(`${keys}, region, severity`, `${keys}, region, severity`));
    const resource = `${keys}, "resourceType"`;
    const resourceCells = `SELECT ${resource}, "resourceKey", keyed, count FROM finding_counts_by_resource UNION ALL
      SELECT ${resource}, "resourceKey", keyed, count FROM finding_resource_count_deltas`;
    expect(await cells(`(${resourceCells}) cells`, `${resource}, "resourceKey", keyed`)).toEqual(
      await scan(`${resource}, "resourceKey"`, `${resource}, COALESCE("resourceKey", '') AS "resourceKey", "resourceKey" IS NOT NULL AS keyed`),
    );
  }

  /** Every grouping under every criteria, for every party, equals the scan; returns the admin's answers. */
  async function statisticsMatchScan(includeSamples = false): Promise<Record<string, unknown>> {
    await cellsMatchFindings();
    const answers: Record<string, unknown> = {};
    for (const p of [admin, member, outsider]) {
      // Every criteria for the administrator; for the others, enough to show nothing crosses.
      for (const findingCriteria of p === admin ? CRITERIA : CRITERIA.slice(0, 4)) {
        for (const grouping of GROUPINGS) {
          const request = { ...grouping, findingCriteria, includeSamples };
          const answer = await services.findings.statistics(p.actor, p.detectorId, request);
          const rows = Object.values(answer)[0];
          expect({ request, rows }).toEqual({ request, rows: await scanned(p, request) });
          if (p === admin) answers[JSON.stringify(request)] = rows;
        }
      }
    }
    return answers;
  }

  const total = (rows: unknown) => (rows as Array<{ count: number }>).reduce((sum, row) => sum + row.count, 0);

  it("equals a full scan after creates, repeats, archive, unarchive, samples, retention and deletes, for each account alone", async () => {
    await storeFindings(database.db, [...findingsOf(admin, 0, 40), ...findingsOf(member, 10, 60), ...findingsOf(outsider, 0, 30)]);
    let answers = await statisticsMatchScan();
    expect(total(answers[JSON.stringify({ includeSamples: false })])).toBe(90); // the admin sees its own and its member's
    expect(total((await services.findings.statistics(outsider.actor, outsider.detectorId, {})).countBySeverity)).toBe(30);

    // Repeats: counts add up, severity changes, the last update moves to another day.
    const repeats: Finding[] = findingsOf(member, 10, 30).map((f, i) => {
      const later = new Date(Date.parse(f.updatedAt) + (i % 3) * DAY + HOUR).toISOString();
      return { ...f, severity: i % 2 ? 8.5 : f.severity, updatedAt: later, service: { ...f.service, count: 2, eventLastSeen: later } };
    });
    await storeFindings(database.db, repeats);
    await statisticsMatchScan();

    const some = (p: Party, from: number, to: number) => findingsOf(p, from, to).map((f) => f.id);
    await services.findings.archive(admin.actor, admin.detectorId, [...some(admin, 0, 12), ...some(member, 20, 35)]);
    await services.findings.archive(outsider.actor, outsider.detectorId, some(outsider, 5, 9));
    answers = await statisticsMatchScan();
    await services.findings.unarchive(admin.actor, admin.detectorId, some(member, 25, 30));
    await statisticsMatchScan();

    await services.findings.createSamples(member.actor, member.detectorId, null);
    await statisticsMatchScan();
    await statisticsMatchScan(true);

    // Retention: findings last updated before BASE_TIME + 30 h go, and with them their cells.
    expect(await services.findings.purgeUpdatedBefore(new Date(BASE_TIME + 30 * HOUR), 7)).toBeGreaterThan(0);
    await statisticsMatchScan();
    const [{ empty }] = await database.db.$queryRaw<Array<{ empty: number }>>`SELECT count(*)::int AS empty FROM finding_counts_by_day WHERE count = 0`;
    expect(empty).toBe(0);
  }, 120_000);

  it("stays exact with two writers on the same cells at once: neither waits, the second appends deltas that a read folds", async () => {
    const base = Date.parse("2026-06-01T12:00:00.000Z");
    const at = (f: Finding, hour: number) => {
      const time = new Date(base + hour * HOUR).toISOString();
      return { ...f, createdAt: time, updatedAt: time, service: { ...f.service, eventFirstSeen: time, eventLastSeen: time } };
    };
    // The cells exist (committed) before the two writers meet on them.
    await storeFindings(database.db, findingsOf(member, 900, 904).map((f) => at(f, 0)));
    const first = findingsOf(member, 1000, 1200).map((f) => at(f, 0));
    const second = findingsOf(member, 2000, 2200).map((f) => at(f, 1));
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let firstWritten!: () => void;
    const written = new Promise<void>((resolve) => (firstWritten = resolve));
    const firstWriter = database.db.$transaction(
      async (tx) => {
        await upsertFindings(tx, first);
        firstWritten();
        await held; // holds its cells' rows locked until the second writer is done
      },
      { timeout: 20_000 },
    );
    await written;
    const started = Date.now();
    await database.db.$transaction((tx) => upsertFindings(tx, second), { timeout: 5_000 });
    expect(Date.now() - started).toBeLessThan(3_000);
    release();
    await firstWriter;

    const [{ deltas }] = await database.db.$queryRaw<Array<{ deltas: number }>>`
      SELECT count(*)::int AS deltas FROM finding_counts_by_day WHERE "detectorId" = ${member.detectorId} AND NOT compacted`;
    expect(deltas).toBeGreaterThan(0);
    await statisticsMatchScan();
    const [{ left }] = await database.db.$queryRaw<Array<{ left: number }>>`
      SELECT count(*)::int AS left FROM finding_counts_by_day WHERE "detectorId" = ${member.detectorId} AND NOT compacted`;
    expect(left).toBe(0);
  }, 60_000);

  it("survives two writers upserting overlapping findings in many statements concurrently, without deadlock", async () => {
    const overlapping = (offset: number) => findingsOf(admin, 3000 + offset, 4300 + offset).map((f, i) => ({ ...f, severity: [3, 6, 9][i % 3] }));
    await Promise.all([
      database.db.$transaction((tx) => upsertFindings(tx, overlapping(0)), { timeout: 30_000 }),
      database.db.$transaction((tx) => upsertFindings(tx, overlapping(600).reverse()), { timeout: 30_000 }),
      services.findings.statistics(admin.actor, admin.detectorId, { groupBy: "SEVERITY" }),
    ]);
    await statisticsMatchScan();
  }, 60_000);

  it("ranks groups tied at the top count exactly while deltas a read has not folded change one of them", async () => {
    const p = await party("410000000004", 4);
    // Three buckets tied at 5 findings each; the top 2 are read from each partition's first cells.
    const findings = Array.from({ length: 15 }, (_, i) => {
      const f = syntheticFinding(p.detectorId, p.accountId, 3 * i + 2);
      const name = `tie-${i % 3}`;
      return { ...f, resource: { resourceType: "S3Bucket", s3BucketDetails: [{ name, arn: `arn:aws:s3:::${name}`, type: "Destination" }] } } as Finding;
    });
    await storeFindings(database.db, findings);
    const request: FindingsStatisticsRequest = { groupBy: "RESOURCE", maxResults: 2, findingCriteria: { criterion: { "service.archived": { equals: ["false"] } } } };
    await services.findings.statistics(p.actor, p.detectorId, request); // folds every delta so far
    // tie-0, first in the tie order, loses 3 findings; the change waits in the deltas, as a writer's
    // committed after a read's fold does.
    await services.findings.archive(p.actor, p.detectorId, findings.filter((_, i) => i % 3 === 0).slice(0, 3).map((f) => f.id));
    const [{ deltas }] = await database.db.$queryRaw<Array<{ deltas: number }>>`
      SELECT count(*)::int AS deltas FROM finding_resource_count_deltas WHERE "detectorId" = ${p.detectorId}`;
    expect(deltas).toBeGreaterThan(0);
    const filter = { detectorIds: [p.detectorId], criteria: compileCriteria(request.findingCriteria), includeSamples: false };
    const rows = await database.db.$queryRaw<Array<{ resourceId: string; totalFindings: number }>>(resourceStatisticsSql(filter, 2));
    expect(rows.map((row) => [row.resourceId, row.totalFindings])).toEqual([
      ["tie-1", 5],
      ["tie-2", 5],
    ]);
    expect(rows).toEqual(await scanned(p, request));
  });

  it("drops a detector's counts with its findings when the detector is deleted (a cascade)", async () => {
    await database.db.detector.delete({ where: { id: outsider.detectorId } });
    await cellsMatchFindings();
    const [{ left }] = await database.db.$queryRaw<Array<{ left: number }>>`
      SELECT count(*)::int AS left FROM finding_counts_by_type WHERE "detectorId" = ${outsider.detectorId} AND count <> 0`;
    expect(left).toBe(0);
  });
});
