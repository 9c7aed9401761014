/**
 * Writes a generated log object of any size, gzip'd as AWS delivers them:
 *   npx tsx bench/generate/cli.ts cloudtrail 100MB out.json.gz [--malicious 0.01] [--seed 1]
 *   npx tsx bench/generate/cli.ts flow 1GB out.log.gz
 *   npx tsx bench/generate/cli.ts dns 10MB out.log.gz
 */
import { createWriteStream } from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import { objectChunks, type GeneratedKind } from "./objects.js";

function bytes(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(KB|MB|GB)?$/i.exec(text);
  if (!match) throw new Error(`size must look like 500KB, 100MB or 1GB, got ${text}`);
  const unit = { KB: 1e3, MB: 1e6, GB: 1e9 }[(match[2] ?? "").toUpperCase() as "KB" | "MB" | "GB"] ?? 1;
  return Math.round(Number(match[1]) * unit);
}

async function main(): Promise<void> {
  const [kind, size, out, ...rest] = process.argv.slice(2);
  if (!["cloudtrail", "flow", "dns"].includes(kind) || !size || !out) {
    process.stderr.write("usage: generate (cloudtrail|flow|dns) SIZE OUT.gz [--malicious SHARE] [--seed N]\n");
    process.exit(2);
  }
  const option = (name: string, fallback: number) => {
    const at = rest.indexOf(name);
    return at >= 0 ? Number(rest[at + 1]) : fallback;
  };
  const chunks = objectChunks(kind as GeneratedKind, bytes(size), { maliciousShare: option("--malicious", 0.01), seed: option("--seed", 1) });
  await pipeline(Readable.from(chunks), createGzip(), createWriteStream(out));
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
});
