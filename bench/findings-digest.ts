/**
 * A sorted digest of a scratch database's findings, to show that a change to the pipeline's speed did
 * not change what it detects: run the same bench before and after with BENCH_FINDINGS_DIGEST=1 and
 * compare the lines it prints on stderr. Times the run itself sets (createdAt, updatedAt) are left out.
 */
import { createHash } from "node:crypto";
import { Client } from "pg";

export async function findingsDigest(databaseUrl: string): Promise<string> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ line: string }>(
      `SELECT concat_ws(' ', id, type, severity, count, "resourceKey", "eventFirstSeen", "eventLastSeen", md5(data::text), md5("sourceEvents"::text)) AS line
         FROM findings ORDER BY id`,
    );
    const lines = rows.map((row) => row.line);
    return `${lines.length} findings, digest ${createHash("sha256").update(lines.join("\n")).digest("hex").slice(0, 16)}\n${lines.join("\n")}`;
  } finally {
    await client.end();
  }
}
