import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import path from "node:path";
import type { IngestionLedger } from "../ports.js";
import { LogObjectError } from "../parsers/index.js";
import { failureReason } from "../process/process-job.js";
import type { ObjectReader } from "../process/object-reader.js";
import { ImportError } from "./import-error.js";

export type ImportFile = { path: string; size: number };

export type ImportProgress = {
  onFile(file: ImportFile, outcome: "read" | "already imported" | "failed", detail: { events: number; findings: number; reason?: string }): void;
  onBytes(bytes: number): void;
};

export type ImportSummary = { read: number; alreadyImported: number; failed: number; events: number; findings: number };

/** An imported file's object key: its absolute path, so importing it again (from anywhere) is recognised. */
export function importObjectKey(file: string): string {
  return `import:${path.resolve(file)}`;
}

/**
 * Backfills a log source from local files through the same reader as the workers, with the same
 * bookkeeping: each file is recorded once with its findings, a file imported before is skipped, and
 * an unreadable one is recorded failed with its reason while the import goes on.
 */
export async function importFiles(
  dependencies: { ledger: IngestionLedger; reader: ObjectReader },
  logSourceId: string,
  files: readonly ImportFile[],
  progress: ImportProgress,
): Promise<ImportSummary> {
  const summary: ImportSummary = { read: 0, alreadyImported: 0, failed: 0, events: 0, findings: 0 };
  for (const file of files) {
    // Read again for every file: the detector may be switched off while a long import runs.
    const source = await dependencies.ledger.source(logSourceId);
    if (!source) throw new ImportError(`log source ${logSourceId} not found (deleted while importing?)`);
    const key = importObjectKey(file.path);
    let read = 0;
    const onBytes = (bytes: number) => {
      read += bytes;
      progress.onBytes(bytes);
    };
    try {
      const lastModified = (await stat(file.path)).mtime;
      const result = await dependencies.reader.read(source, { key, size: file.size, lastModified, open: async () => createReadStream(file.path) }, onBytes);
      progress.onBytes(Math.max(0, file.size - read));
      if (result.status === "ALREADY_RECORDED") {
        summary.alreadyImported++;
        progress.onFile(file, "already imported", { events: 0, findings: 0 });
        continue;
      }
      summary.read++;
      summary.events += result.events;
      summary.findings += result.findings;
      progress.onFile(file, "read", { events: result.events, findings: result.findings });
    } catch (error) {
      if (!(error instanceof LogObjectError)) throw new ImportError(`cannot import ${file.path}: ${failureReason(error)}`);
      await dependencies.ledger.recordFailure(source.id, key, error.reason, { bytes: file.size, locationProblem: false });
      progress.onBytes(Math.max(0, file.size - read));
      summary.failed++;
      progress.onFile(file, "failed", { events: 0, findings: 0, reason: error.reason });
    }
  }
  return summary;
}
