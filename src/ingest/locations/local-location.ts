import { createReadStream } from "node:fs";
import { lstat, readdir, realpath } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { isInside } from "../../paths.js";
import { type FileCompleteness, sharedFileCompleteness } from "./file-completeness.js";
import { newestOf, type ListingState } from "./listing-state.js";
import { LocationError, type Listing, type LogLocation, type ObjectInfo } from "./log-location.js";

/** A file whose content cannot show whether it is whole (plain text, NDJSON, very large) is listed once it has been quiet this long. */
const QUIET_MS = 2000;
/** A file that still looks cut short after this long without a write is listed anyway: its writer is gone, and the reader records why it fails. */
const ABANDONED_MS = 5 * 60_000;
/** Files whose arrival is this close before the previous walk are listed again: timestamps are coarse on some file systems. */
const OVERLAP_MS = 2000;

type FolderFile = { key: string; full: string; size: number; modified: number; statusChanged: number; arrival: number };

/**
 * A folder on the worker's machine. People drop files into it in any order and under any name, so
 * key order means nothing here: every poll walks the folder and lists what arrived since the
 * previous walk. A file's arrival is the later of its modification and status-change times, so a
 * copy that keeps an old modification time (`cp -p`) or a file moved in still counts as new.
 *
 * A file is listed once it is complete (see `waitBeforeListing`), not after a fixed wait: workers watch the
 * folder (FolderWatchers) and poll it moments after each change, so a file renamed into place or
 * whose last byte was just written is read at once.
 */
export class LocalLocation implements LogLocation {
  constructor(
    private readonly folder: string,
    /** Sources may only read under this folder; checked again here, where the files are read. */
    private readonly root: string,
    private readonly completeness: FileCompleteness = sharedFileCompleteness,
  ) {}

  async listNew(state: ListingState, now: Date): Promise<Listing> {
    const folder = await this.checkedFolder();
    const walkStarted = now.getTime();
    const since = state.since ? Date.parse(state.since) - OVERLAP_MS : Number.NEGATIVE_INFINITY;
    // A backfill skips, by modification time (the logs' own age), what was already in the folder at its
    // first walk, on every later walk too: the walks' overlap would otherwise list those files again.
    // Files copied in after the first walk count by arrival as usual.
    const modifiedFrom = state.backfillFrom ? Date.parse(state.backfillFrom) : Number.NEGATIVE_INFINITY;
    const backfillWalk = state.backfillFrom ? Date.parse(state.backfillWalkAt ?? new Date(walkStarted).toISOString()) : Number.NEGATIVE_INFINITY;
    let watermark = walkStarted;
    let revisitInMs: number | undefined;
    const objects: ObjectInfo[] = [];
    for (const file of await this.walk(folder)) {
      if (file.arrival < since || (file.modified < modifiedFrom && file.arrival <= backfillWalk)) continue;
      const waitMs = await this.waitBeforeListing(file, walkStarted);
      if (waitMs > 0) {
        // Not listed yet, and the next walk must still consider it.
        watermark = Math.min(watermark, file.arrival);
        revisitInMs = Math.min(revisitInMs ?? waitMs, waitMs);
        continue;
      }
      objects.push({ key: file.key, size: file.size, lastModified: new Date(file.arrival) });
    }
    const backfill = state.backfillFrom ? { backfillFrom: state.backfillFrom, backfillWalkAt: new Date(backfillWalk).toISOString() } : {};
    return { objects, state: { since: new Date(watermark).toISOString(), newest: newestOf(state.newest, objects), ...backfill }, revisitInMs };
  }

  /**
   * 0 when the file is complete, else how long until a walk should look again. Complete means:
   * its content proves it whole (a gzip member to its trailer, a JSON document that closes: what a
   * writer has closed); or, when the content cannot tell (plain text), it was renamed or moved into
   * place after its last write (status change later than modification: `mv`, rsync's rename, `cp -p`)
   * or has been quiet for QUIET_MS. A file whose content is cut short waits for its writer up to
   * ABANDONED_MS, however long the writer pauses between pieces.
   */
  private async waitBeforeListing(file: FolderFile, now: number): Promise<number> {
    const quietFor = now - file.modified;
    if (quietFor >= ABANDONED_MS) return 0;
    const completeness = await this.completeness.of(file.full, file);
    if (completeness === "whole") return 0;
    // Looked at again on the watcher's next event; this revisit only matters when the watcher is not working.
    if (completeness === "partial") return QUIET_MS;
    if (file.statusChanged > file.modified) return 0;
    return Math.max(0, QUIET_MS - quietFor);
  }

  async open(key: string): Promise<Readable> {
    const folder = await this.checkedFolder();
    const file = path.resolve(folder, key);
    if (!isInside(folder, file)) throw new LocationError(`${key} is outside the source's folder`);
    return createReadStream(file);
  }

  private async checkedFolder(): Promise<string> {
    let folder: string;
    let root: string;
    try {
      folder = await realpath(this.folder);
      root = await realpath(this.root).catch(() => path.resolve(this.root));
    } catch (error) {
      throw new LocationError(`cannot read folder ${this.folder}: ${(error as NodeJS.ErrnoException).code === "ENOENT" ? "it does not exist" : (error as Error).message}`);
    }
    if (!isInside(root, folder)) throw new LocationError(`folder ${this.folder} is outside the logs root ${this.root} (VIGIL_LOGS_ROOT)`);
    return folder;
  }

  /** Every regular file under the folder, hidden ones excepted (editors' and copy tools' temporary files). */
  private async walk(folder: string): Promise<FolderFile[]> {
    const files: FolderFile[] = [];
    const visit = async (dir: string): Promise<void> => {
      let names: string[];
      try {
        names = await readdir(dir);
      } catch (error) {
        throw new LocationError(`cannot read folder ${dir}: ${(error as Error).message}`, { cause: error });
      }
      for (const name of names.sort()) {
        if (name.startsWith(".")) continue;
        const full = path.join(dir, name);
        const stats = await lstat(full).catch(() => undefined); // gone since readdir: nothing to list
        if (stats?.isDirectory()) await visit(full);
        else if (stats?.isFile()) {
          files.push({
            key: path.relative(folder, full).split(path.sep).join("/"),
            full,
            size: stats.size,
            modified: stats.mtimeMs,
            statusChanged: stats.ctimeMs,
            arrival: Math.max(stats.mtimeMs, stats.ctimeMs),
          });
        }
      }
    };
    await visit(folder);
    return files;
  }
}
