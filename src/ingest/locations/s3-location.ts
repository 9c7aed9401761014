import { Readable } from "node:stream";
import { GetObjectCommand, ListObjectsCommand, type S3Client } from "@aws-sdk/client-s3";
import { newestOf, type ListingState, type StreamState } from "./listing-state.js";
import { LocationError, type Listing, type LogLocation, type ObjectInfo } from "./log-location.js";
import { s3Call, type S3Settings } from "./s3-client.js";

/**
 * The date folders AWS delivers under (`2026/03/01/`, or Hive-style `year=2026/month=03/day=01/`).
 * Keys below them arrive in (roughly) key order, so the folder above them starts one stream.
 */
const DATE_FOLDERS = /(^|\/)(?:year=)?\d{4}\/(?:month=)?\d{2}\/(?:day=)?\d{2}\//;
/** Sorts after every key that starts with a given prefix (the highest code point). */
const AFTER_ALL = "\u{10FFFF}";
/** New regions and accounts appear rarely; finding the streams again every poll would cost requests for nothing. */
const DISCOVERY_INTERVAL_MS = 10 * 60_000;
/**
 * Delivery is not strictly in key order: a file named for 10:05 may land after one named 10:06. A
 * stream's cursor therefore only moves past objects that landed this long ago; younger ones are
 * listed again next time (and de-duplicated), so a late one sorting before them is not skipped.
 */
const SETTLE_MS = 10 * 60_000;
/** Bounds one poll during a backfill; the next poll goes on from the cursor. */
const MAX_OBJECTS_PER_STREAM = 5000;

/** The key a dated stream's listing starts after to begin on `from`'s day, in the layout the stream uses. */
function dayStart(stream: string, layout: string, from: Date): string {
  const [yyyy, mm, dd] = from.toISOString().slice(0, 10).split("-");
  return stream + layout.replace(/^(\D*)\d{4}(\D*)\d{2}(\D*)\d{2}\/$/, `$1${yyyy}$2${mm}$3${dd}/`);
}

function isFolderMarker(key: string): boolean {
  return key.endsWith("/");
}

/** The cursor moves over the leading run of settled objects; everything after the first unsettled one is listed again. */
function settledCursor(previous: string | null, listed: readonly ObjectInfo[], settledBefore: number): string | null {
  let cursor = previous;
  for (const object of listed) {
    if (object.lastModified.getTime() > settledBefore) break;
    cursor = object.key;
  }
  return cursor;
}

/** `lastKey` is the page's last key, folder markers included; `next` is where the next page starts, when there is one. */
type Page = { objects: ObjectInfo[]; lastKey?: string; next?: string };

export class S3Location implements LogLocation {
  constructor(
    private readonly settings: S3Settings,
    private readonly client: S3Client,
  ) {}

  async listNew(state: ListingState, now: Date): Promise<Listing> {
    let streams = state.streams ?? {};
    let discoveredAt = state.discoveredAt;
    const backfillFrom = state.backfillFrom ? new Date(state.backfillFrom) : undefined;
    // A missing or unreadable time (NaN) fails the comparison, so it counts as due too.
    if (!(now.getTime() - Date.parse(discoveredAt ?? "") < DISCOVERY_INTERVAL_MS)) {
      const known = streams;
      const found = await this.discoverStreams(backfillFrom);
      streams = Object.fromEntries(Object.entries(found).map(([prefix, stream]) => [prefix, { ...stream, after: Object.hasOwn(known, prefix) ? known[prefix].after : stream.after }]));
      discoveredAt = now.toISOString();
    }
    const objects: ObjectInfo[] = [];
    const next: Record<string, StreamState> = {};
    for (const [prefix, stream] of Object.entries(streams)) {
      const listed = await this.listStream(prefix, stream);
      // Undated files carry no day in their key: a backfill goes by when they landed.
      objects.push(...(stream.flat && backfillFrom ? listed.filter((object) => object.lastModified >= backfillFrom) : listed));
      next[prefix] = { ...stream, after: settledCursor(stream.after, listed, now.getTime() - SETTLE_MS) };
    }
    return { objects, state: { streams: next, discoveredAt, newest: newestOf(state.newest, objects), backfillFrom: state.backfillFrom } };
  }

  async open(key: string): Promise<Readable> {
    const { bucket } = this.settings;
    const answer = await s3Call(`GetObject s3://${bucket}/${key}`, () => this.client.send(new GetObjectCommand({ Bucket: bucket, Key: key })));
    if (!(answer.Body instanceof Readable)) throw new LocationError(`GetObject s3://${bucket}/${key}: the answer has no body`);
    return answer.Body;
  }

  /**
   * The streams under the source's prefix, found by skipping from one to the next: the first key
   * after the previous stream names the next one (one request per stream, and no reliance on
   * delimited listings, which some S3-compatible stores get wrong for nested folders). With a
   * backfill start, a dated stream starts at that day's folder rather than at its first key.
   */
  private async discoverStreams(backfillFrom: Date | undefined): Promise<Record<string, StreamState>> {
    const { prefix } = this.settings;
    const streams: Record<string, StreamState> = {};
    let after: string | undefined;
    for (;;) {
      const page = await this.page({ prefix, after, maxKeys: 1 });
      const [first] = page.objects;
      if (!first) {
        if (!page.lastKey) return streams;
        after = page.lastKey; // a folder marker: step over it
        continue;
      }
      const rest = first.key.slice(prefix.length);
      const dated = DATE_FOLDERS.exec(rest);
      const stream = dated ? prefix + rest.slice(0, dated.index + dated[1].length) : undefined;
      const layout = dated?.[0].slice(dated[1].length);
      if (stream && streams[stream]) {
        after = first.key; // a key sorting after AFTER_ALL (beyond the Basic Multilingual Plane): step over it alone
      } else if (stream) {
        streams[stream] = { after: backfillFrom && layout ? dayStart(stream, layout, backfillFrom) : null };
        after = stream + AFTER_ALL;
      } else {
        // Files outside a date layout: their folder's own files are one stream; its sub-folders are looked at next.
        const folder = first.key.slice(0, first.key.lastIndexOf("/") + 1);
        streams[folder] = { after: null, flat: true };
        after = await this.lastFileOf(folder);
      }
    }
  }

  private async lastFileOf(folder: string): Promise<string> {
    let last = "";
    let after: string | undefined;
    do {
      const page = await this.page({ prefix: folder, flat: true, after });
      last = page.objects.at(-1)?.key ?? last;
      after = page.next;
    } while (after);
    return last;
  }

  /** Objects of one stream after its cursor, in key order. */
  private async listStream(prefix: string, stream: StreamState): Promise<ObjectInfo[]> {
    const objects: ObjectInfo[] = [];
    let after = stream.after ?? undefined;
    do {
      const page = await this.page({ prefix, flat: stream.flat, after });
      objects.push(...page.objects);
      after = page.next;
    } while (after && objects.length < MAX_OBJECTS_PER_STREAM);
    return objects;
  }

  /**
   * One page of ListObjects (version 1): its Marker is V2's StartAfter, and paging by key needs no
   * continuation token, which some S3-compatible stores cannot produce.
   */
  private async page(request: { prefix: string; flat?: boolean; after?: string; maxKeys?: number }): Promise<Page> {
    const { bucket } = this.settings;
    const answer = await s3Call(`ListObjects s3://${bucket}/${request.prefix}`, () =>
      this.client.send(
        new ListObjectsCommand({ Bucket: bucket, Prefix: request.prefix, Delimiter: request.flat ? "/" : undefined, Marker: request.after, MaxKeys: request.maxKeys }),
      ),
    );
    const objects: ObjectInfo[] = [];
    for (const object of answer.Contents ?? []) {
      if (!object.Key || isFolderMarker(object.Key)) continue;
      objects.push({ key: object.Key, size: object.Size ?? 0, lastModified: object.LastModified ?? new Date(0) });
    }
    const lastKey = answer.Contents?.at(-1)?.Key;
    return { objects, lastKey, next: answer.IsTruncated ? (answer.NextMarker ?? lastKey) : undefined };
  }
}
