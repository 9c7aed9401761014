import { type FSWatcher, watch } from "node:fs";
import { realpath } from "node:fs/promises";
import path from "node:path";
import { isInside } from "../../paths.js";
import type { IngestQueues } from "../../queues/ingest.js";
import type { IngestionLedger } from "../ports.js";

/** Calls `onChange` with the changed path (relative to `folder`, null when the platform does not say) for every change below `folder`. */
export type WatchFolder = (folder: string, onChange: (relativePath: string | null) => void) => FSWatcher;

/** Node 20's recursive fs.watch (inotify on Linux, one watch per sub-folder). */
export const watchRecursively: WatchFolder = (folder, onChange) => watch(folder, { recursive: true, persistent: false }, (_event, relativePath) => onChange(relativePath));

/** A change is polled this soon: the writes of one file, or many files landing together, make one poll. */
const POLL_DELAY_MS = 20;
/** At most one change-triggered poll per source this often: each walks the whole folder. */
const POLL_GAP_MS = 200;
/** A watch that could not start or broke is tried again this much later; polling covers the meantime. */
const RETRY_MS = 10_000;

type Watch = { folder: string; watcher?: FSWatcher; retry?: NodeJS.Timeout; pending?: NodeJS.Timeout; lastPollAt: number };

export type WatchProblem = { logSourceId: string; folder: string; error: Error };

/**
 * Watches the folder of every enabled local-folder source and polls it moments after each change,
 * instead of waiting for its poll interval. The watch only says *when* to look: what is listed is
 * still decided by the poll (LocalLocation), so a lost or duplicate event costs nothing but a walk,
 * and the scheduled polls remain the safety net when a watch fails (inotify limits, a folder replaced
 * or missing), while the watch is tried again. Each worker process watches every folder; on several
 * machines only the one that holds the folder sees changes.
 */
export class FolderWatchers {
  private readonly watches = new Map<string, Watch>();

  constructor(
    private readonly ledger: Pick<IngestionLedger, "source" | "polledSources">,
    private readonly queues: Pick<IngestQueues, "pollNow">,
    private readonly options: { logsRoot: string; watchFolder?: WatchFolder; onProblem?: (problem: WatchProblem) => void },
  ) {}

  /** Starts, moves or stops the watch of one source after it changed. */
  async sync(logSourceId: string): Promise<void> {
    const source = await this.ledger.source(logSourceId);
    if (source?.enabled && source.location === "LOCAL" && source.localPath) this.watch(source.id, source.localPath);
    else this.unwatch(logSourceId);
  }

  /**
   * Watches exactly the enabled local-folder sources, each afresh: a watch can break without a word
   * (a folder replaced by another of the same name leaves it watching the old one).
   */
  async reconcile(): Promise<{ watched: number }> {
    const wanted = new Map<string, string>();
    for await (const page of this.ledger.polledSources()) for (const source of page) if (source.localPath) wanted.set(source.id, source.localPath);
    for (const id of [...this.watches.keys()]) this.unwatch(id);
    for (const [id, folder] of wanted) this.watch(id, folder);
    return { watched: wanted.size };
  }

  /** Sources whose folder is being watched right now (not those waiting to try again). */
  watching(): string[] {
    return [...this.watches].filter(([, watch]) => watch.watcher).map(([id]) => id);
  }

  /** Stops every watch (a later sync or reconcile starts them again). */
  close(): void {
    for (const id of [...this.watches.keys()]) this.unwatch(id);
  }

  private watch(logSourceId: string, folder: string): void {
    const current = this.watches.get(logSourceId);
    if (current && current.folder === folder) return;
    this.unwatch(logSourceId);
    const entry: Watch = { folder, lastPollAt: 0 };
    this.watches.set(logSourceId, entry);
    void this.start(logSourceId, entry);
  }

  private unwatch(logSourceId: string): void {
    const entry = this.watches.get(logSourceId);
    if (!entry) return;
    this.watches.delete(logSourceId);
    entry.watcher?.close();
    clearTimeout(entry.retry);
    clearTimeout(entry.pending);
  }

  private async start(logSourceId: string, entry: Watch): Promise<void> {
    entry.retry = undefined;
    try {
      const folder = await realpath(entry.folder);
      const root = await realpath(this.options.logsRoot).catch(() => path.resolve(this.options.logsRoot));
      // The poll refuses such a folder and says so on the source; watching it would only cost inotify watches.
      if (!isInside(root, folder)) return;
      if (this.watches.get(logSourceId) !== entry) return; // unwatched meanwhile
      entry.watcher = (this.options.watchFolder ?? watchRecursively)(folder, (relativePath) => this.changed(logSourceId, entry, relativePath));
      entry.watcher.on("error", (error) => this.failed(logSourceId, entry, error));
      // Whatever arrived while nothing watched is listed now, not a poll interval later.
      this.pollSoon(logSourceId, entry);
    } catch (error) {
      this.failed(logSourceId, entry, error as Error);
    }
  }

  private failed(logSourceId: string, entry: Watch, error: Error): void {
    entry.watcher?.close();
    entry.watcher = undefined;
    if (this.watches.get(logSourceId) !== entry) return;
    this.options.onProblem?.({ logSourceId, folder: entry.folder, error });
    entry.retry = setTimeout(() => void this.start(logSourceId, entry), RETRY_MS);
    entry.retry.unref();
  }

  private changed(logSourceId: string, entry: Watch, relativePath: string | null): void {
    // Hidden files are never listed: a temporary file being written is news only once renamed to its visible name.
    if (relativePath?.split(path.sep).some((part) => part.startsWith("."))) return;
    this.pollSoon(logSourceId, entry);
  }

  private pollSoon(logSourceId: string, entry: Watch): void {
    if (entry.pending) return;
    const delay = Math.max(POLL_DELAY_MS, entry.lastPollAt + POLL_GAP_MS - Date.now());
    entry.pending = setTimeout(() => {
      entry.pending = undefined;
      entry.lastPollAt = Date.now();
      this.queues.pollNow(logSourceId).catch((error: unknown) => this.options.onProblem?.({ logSourceId, folder: entry.folder, error: error as Error }));
    }, delay);
    entry.pending.unref();
  }
}
