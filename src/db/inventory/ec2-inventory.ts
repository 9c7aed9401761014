import { applyChanges, groupIdsOf, lookupKeysOf, targetKeysOf } from "../../detection/inventory/apply-changes.js";
import { describeInstance, type InventorySnapshot } from "../../detection/inventory/instance-details.js";
import type { InstanceDetails } from "../../detection/findings/types.js";
import { Prisma } from "../../generated/prisma/client.js";
import type { InstanceRecord, InventoryChange } from "../../detection/inventory/inventory-model.js";
import type { Database } from "../prisma.js";
import type { Transaction } from "../transaction.js";

const TRANSACTION = { maxWait: 10_000, timeout: 60_000 };

async function recordsByKeys(tx: Transaction | Database, detectorId: string, keys: readonly string[]): Promise<InstanceRecord[]> {
  if (keys.length === 0) return [];
  const rows = await tx.$queryRaw<Array<{ record: InstanceRecord }>>`
    SELECT record FROM ec2_instances WHERE "detectorId" = ${detectorId} AND "lookupKeys" && ${keys}::text[]`;
  return rows.map((row) => row.record);
}

// Rows per statement, as for findings: few round trips, and never thousands of row locks in one statement.
const ROWS_PER_STATEMENT = 500;

async function writeRecords(tx: Transaction, detectorId: string, records: readonly InstanceRecord[]): Promise<void> {
  for (let start = 0; start < records.length; start += ROWS_PER_STATEMENT) {
    const rows = records.slice(start, start + ROWS_PER_STATEMENT);
    // Arrays of arrays cannot be unnested row by row, so each row's keys and groups travel as a JSON array.
    await tx.$executeRaw`
      INSERT INTO ec2_instances ("detectorId", "instanceId", "accountId", region, record, "lookupKeys", "groupIds", "updatedAt")
      SELECT ${detectorId}, row.id, row.account, row.region, row.record,
        ARRAY(SELECT jsonb_array_elements_text(row.keys)), ARRAY(SELECT jsonb_array_elements_text(row.groups)), now()
      FROM unnest(${rows.map((r) => r.instanceId)}::text[], ${rows.map((r) => r.accountId)}::text[], ${rows.map((r) => r.region)}::text[],
        ${rows.map((r) => JSON.stringify(r))}::jsonb[], ${rows.map((r) => JSON.stringify(lookupKeysOf(r)))}::jsonb[], ${rows.map((r) => JSON.stringify(groupIdsOf(r)))}::jsonb[])
        AS row(id, account, region, record, keys, groups)
      ON CONFLICT ("detectorId", "instanceId") DO UPDATE SET
        record = EXCLUDED.record, "lookupKeys" = EXCLUDED."lookupKeys", "groupIds" = EXCLUDED."groupIds", "updatedAt" = EXCLUDED."updatedAt"`;
  }
}

async function writeGroupNames(tx: Transaction, detectorId: string, changes: ReturnType<typeof applyChanges>["groupNames"]): Promise<void> {
  const unique = [...new Map(changes.map((group) => [group.groupId, group])).values()];
  if (unique.length === 0) return;
  // A group's name is fixed when it is created: the first name recorded stays.
  await tx.$executeRaw`
    INSERT INTO ec2_security_groups ("detectorId", "groupId", "accountId", "groupName", "vpcId")
    SELECT ${detectorId}, id, account, name, vpc FROM unnest(${unique.map((g) => g.groupId)}::text[], ${unique.map((g) => g.accountId)}::text[],
      ${unique.map((g) => g.groupName)}::text[], ${unique.map((g) => g.vpcId ?? null)}::text[]) AS g(id, account, name, vpc)
    ON CONFLICT ("detectorId", "groupId") DO NOTHING`;
}

/**
 * Applies one object's inventory changes for a detector in one transaction: the records they touch
 * read in one statement, folded in memory, and only those a change wrote stored, in one statement.
 * Writers of one detector's inventory take turns (an advisory lock), so two objects read at once
 * never lose each other's changes. Returns how many instance records were written.
 */
export function applyInventoryChanges(db: Database, detectorId: string, changes: readonly InventoryChange[]): Promise<number> {
  if (changes.length === 0) return Promise.resolve(0);
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`vigil.ec2-inventory:${detectorId}`}, 0))`;
    const loaded = await recordsByKeys(tx, detectorId, targetKeysOf(changes));
    const applied = applyChanges(loaded, changes);
    await writeRecords(tx, detectorId, applied.written);
    await writeGroupNames(tx, detectorId, applied.groupNames);
    return applied.written.length;
  }, TRANSACTION);
}

// The names of the groups a row references, beside its record.
const WITH_GROUP_NAMES = Prisma.sql`i.record, (SELECT jsonb_object_agg(g."groupId", g."groupName") FROM ec2_security_groups g
  WHERE g."detectorId" = i."detectorId" AND g."accountId" = i."accountId" AND g."groupId" = ANY(i."groupIds")) AS "groupNames"`;

type RowWithGroupNames = { record: InstanceRecord; groupNames: Record<string, string> | null };

/** The detector's records found by any of `keys`, with the names of the groups they reference: one statement. */
export async function inventorySnapshot(db: Database, detectorId: string, keys: readonly string[]): Promise<InventorySnapshot> {
  if (keys.length === 0) return { records: [], groupNames: new Map() };
  const rows = await db.$queryRaw<RowWithGroupNames[]>`
    SELECT ${WITH_GROUP_NAMES} FROM ec2_instances i WHERE i."detectorId" = ${detectorId} AND i."lookupKeys" && ${keys}::text[]`;
  const groupNames = new Map<string, string>();
  for (const row of rows) for (const [id, name] of Object.entries(row.groupNames ?? {})) groupNames.set(id, name);
  return { records: rows.map((row) => row.record), groupNames };
}

export type InstanceRow = { instanceId: string; accountId: string; region: string; instanceDetails: InstanceDetails; updatedAt: Date };

/** Up to `take` of the detector's instances (of one account, when given) after `afterInstanceId`, by instance id, described. */
export async function instancePage(db: Database, detectorId: string, options: { accountId?: string; afterInstanceId?: string; take: number }): Promise<InstanceRow[]> {
  const rows = await db.$queryRaw<Array<RowWithGroupNames & { updatedAt: Date }>>`
    SELECT ${WITH_GROUP_NAMES}, i."updatedAt" FROM ec2_instances i
    WHERE i."detectorId" = ${detectorId}
      AND (${options.accountId ?? null}::text IS NULL OR i."accountId" = ${options.accountId ?? null})
      AND (${options.afterInstanceId ?? null}::text IS NULL OR i."instanceId" > ${options.afterInstanceId ?? null})
    ORDER BY i."instanceId" LIMIT ${options.take}`;
  return rows.map(({ record, groupNames, updatedAt }) => ({
    instanceId: record.instanceId,
    accountId: record.accountId,
    region: record.region,
    instanceDetails: describeInstance(record, new Map(Object.entries(groupNames ?? {}))),
    updatedAt,
  }));
}

/** System task: deletes the records of instances terminated (by the call's event time) before `cutoff`, in every detector. */
export function purgeInstancesTerminatedBefore(db: Database, cutoff: Date): Promise<number> {
  return db.$executeRaw`
    DELETE FROM ec2_instances
    WHERE record #>> '{state,value}' = 'terminated' AND (record #>> '{state,at}')::bigint < ${cutoff.getTime()}`;
}
