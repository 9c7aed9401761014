import type { Database } from "../prisma.js";

export type SystemCounterName = "reconciled_objects" | "redis_reconnects";

export async function addToSystemCounter(db: Database, name: SystemCounterName, amount: number): Promise<void> {
  if (amount === 0) return;
  await db.$executeRaw`
    INSERT INTO system_counters (name, value) VALUES (${name}, ${amount})
    ON CONFLICT (name) DO UPDATE SET value = system_counters.value + EXCLUDED.value`;
}

export async function readSystemCounters(db: Database): Promise<Record<SystemCounterName, number>> {
  const rows = await db.systemCounter.findMany();
  const value = (name: SystemCounterName) => Number(rows.find((row) => row.name === name)?.value ?? 0n);
  return { reconciled_objects: value("reconciled_objects"), redis_reconnects: value("redis_reconnects") };
}
