import type { SourceUsageRow } from "../../db/usage/usage-rows.js";

export type UsageAmount = { objects: number; events: number; bytes: number };
export type AccountUsage = UsageAmount & { accountId: string };
export type DataSourceUsage = UsageAmount & { dataSource: string };
export type SourceUsage = UsageAmount & { logSourceId: string; name: string; accountId: string; dataSource: string };

export type UsageStatistics = {
  from: Date;
  to: Date;
  total: UsageAmount;
  byAccount: AccountUsage[];
  byDataSource: DataSourceUsage[];
  bySource: SourceUsage[];
  /** The sources that processed the most bytes (then events). */
  topSources: SourceUsage[];
};

export const TOP_SOURCES = 10;

function add(into: UsageAmount, row: UsageAmount): void {
  into.objects += row.objects;
  into.events += row.events;
  into.bytes += row.bytes;
}

const byVolume = (a: UsageAmount, b: UsageAmount) => b.bytes - a.bytes || b.events - a.events;

function sumBy<K extends string>(rows: readonly SourceUsage[], key: (row: SourceUsage) => string, label: K): Array<UsageAmount & Record<K, string>> {
  const sums = new Map<string, UsageAmount>();
  for (const row of rows) {
    const sum = sums.get(key(row)) ?? { objects: 0, events: 0, bytes: 0 };
    add(sum, row);
    sums.set(key(row), sum);
  }
  return [...sums].map(([value, sum]) => ({ [label]: value, ...sum }) as UsageAmount & Record<K, string>).sort(byVolume);
}

/** The sums GuardDuty's GetUsageStatistics gives, as what Vigil processed: by account, data source and source, and the top sources. */
export function usageStatistics(rows: readonly SourceUsageRow[], from: Date, to: Date, filter: { accountIds?: readonly string[] | null }): UsageStatistics {
  const wanted = filter.accountIds?.length ? new Set(filter.accountIds) : null;
  const bySource: SourceUsage[] = rows
    .filter((row) => !wanted || wanted.has(row.accountId))
    .map((row) => ({ logSourceId: row.logSourceId, name: row.name, accountId: row.accountId, dataSource: row.kind, objects: row.objects, events: row.events, bytes: row.bytes }))
    .sort(byVolume);
  const total: UsageAmount = { objects: 0, events: 0, bytes: 0 };
  for (const row of bySource) add(total, row);
  return {
    from,
    to,
    total,
    byAccount: sumBy(bySource, (row) => row.accountId, "accountId"),
    byDataSource: sumBy(bySource, (row) => row.dataSource, "dataSource"),
    bySource,
    topSources: bySource.filter((row) => row.objects > 0).slice(0, TOP_SOURCES),
  };
}
