/**
 * What a source's listing remembers between polls, kept as JSON in the source's `cursor` column.
 *
 * S3 listings keep one cursor per stream: a folder whose keys arrive in key order, such as
 * `AWSLogs/<account>/CloudTrail/<region>/` above the `yyyy/mm/dd/` folders. One cursor for the whole
 * prefix would be wrong: once it reached `us-west-2/…`, new `us-east-1/…` objects would sort before it
 * and never be listed. Local folders are walked whole and keep a time watermark instead.
 */
export type StreamState = {
  /** The key the stream's next listing starts after; null: from its first key. */
  after: string | null;
  /** Only the files directly in the folder (a folder without the date layout); otherwise its whole subtree. */
  flat?: true;
};

export type ListingState = {
  /** S3: stream prefix → where its listing stands. */
  streams?: Record<string, StreamState>;
  /** S3: when the streams were last discovered (ISO time). */
  discoveredAt?: string;
  /** Local folders: files that arrived before this time (ISO) were seen by an earlier walk. */
  since?: string;
  /** The newest object any listing has seen, for the source's lag. */
  newest?: { key: string; at: string };
  /**
   * A backfill's start (ISO time, `backfillDays` before the first poll): S3 streams start at the date
   * folder of that day, undated S3 objects and the first walk of a local folder skip what is older.
   */
  backfillFrom?: string;
  /** Local folders: when a backfill's first walk started; files there by then and older than `backfillFrom` stay skipped. */
  backfillWalkAt?: string;
};

/** The state a source's first listing starts from: everything, or only the last `backfillDays` days. */
export function initialListingState(backfillDays: number | null, now: Date): ListingState {
  return backfillDays === null ? {} : { backfillFrom: new Date(now.getTime() - backfillDays * 86_400_000).toISOString() };
}

export function parseListingState(cursor: string | null): ListingState {
  if (!cursor) return {};
  try {
    const parsed = JSON.parse(cursor) as unknown;
    return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as ListingState) : {};
  } catch {
    // Not ours (hand-edited or from an older format): start over; already processed objects are skipped anyway.
    return {};
  }
}

export function serializeListingState(state: ListingState): string {
  return JSON.stringify(state);
}

/** The newer of the state's newest object and the newest of `objects`. */
export function newestOf(previous: ListingState["newest"], objects: ReadonlyArray<{ key: string; lastModified: Date }>): ListingState["newest"] {
  let newest = previous;
  for (const object of objects) {
    const at = object.lastModified.toISOString();
    if (!newest || at > newest.at) newest = { key: object.key, at };
  }
  return newest;
}
