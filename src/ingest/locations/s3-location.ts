import { Readable } from "node:stream";
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from "@aws-sdk/client-s3";
import { newestOf, type ListingState } from "./listing-state.js";
import { LocationError, type Listing, type LogLocation, type ObjectInfo } from "./log-location.js";
import { s3Call, type S3Settings } from "./s3-client.js";

/** A folder holding year folders (…/CloudTrail/us-east-1/2025/) is where one stream of time-ordered keys starts. */
const YEAR_FOLDER = /(?:^|\/)\d{4}\/$/;
/** Deeper than any AWS delivery layout above its year folders (org trails: AWSLogs/o-…/<account>/CloudTrail/<region>/). */
const MAX_DISCOVERY_DEPTH = 8;
/** New regions and accounts appear rarely; re-walking the folders above the streams every poll would cost requests for nothing. */
const DISCOVERY_INTERVAL_MS = 10 * 60_000;
/**
 * Delivery is not strictly in key order: a file named for 10:05 may land after one named 10:06. A
 * stream's cursor therefore only moves past objects that landed this long ago; younger ones are
 * listed again next time (and de-duplicated), so a late one sorting before them is not skipped.
 */
export const SETTLE_MS = 10 * 60_000;
/** Bounds one poll during a backfill; the next poll goes on from the cursor. */
const MAX_OBJECTS_PER_STREAM = 5000;

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

export class S3Location implements LogLocation {
  constructor(
    private readonly settings: S3Settings,
    private readonly client: S3Client,
  ) {}

  async listNew(state: ListingState, now: Date): Promise<Listing> {
    let streams = state.streams ?? {};
    let discoveredAt = state.discoveredAt;
    // A missing or unreadable time (NaN) fails the comparison, so it counts as due too.
    if (!(now.getTime() - Date.parse(discoveredAt ?? "") < DISCOVERY_INTERVAL_MS)) {
      const found = await this.discoverStreams();
      streams = Object.fromEntries(found.map((prefix) => [prefix, streams[prefix] ?? null]));
      discoveredAt = now.toISOString();
    }
    const objects: ObjectInfo[] = [];
    const cursors: Record<string, string | null> = {};
    for (const [prefix, after] of Object.entries(streams)) {
      const listed = await this.listAfter(prefix, after);
      objects.push(...listed);
      cursors[prefix] = settledCursor(after, listed, now.getTime() - SETTLE_MS);
    }
    return { objects, state: { streams: cursors, discoveredAt, newest: newestOf(state.newest, objects) } };
  }

  async open(key: string): Promise<Readable> {
    const { bucket } = this.settings;
    const answer = await s3Call(`GetObject s3://${bucket}/${key}`, () => this.client.send(new GetObjectCommand({ Bucket: bucket, Key: key })));
    if (!(answer.Body instanceof Readable)) throw new LocationError(`GetObject s3://${bucket}/${key}: the answer has no body`);
    return answer.Body;
  }

  /**
   * The stream prefixes under the source's prefix: walks folders (one delimited listing each) down to
   * the first folder that holds year folders or files; that folder's whole subtree is one stream.
   */
  private async discoverStreams(): Promise<string[]> {
    const streams: string[] = [];
    let level = [this.settings.prefix];
    for (let depth = 0; level.length > 0; depth++) {
      const next: string[] = [];
      for (const folder of level) {
        const look = await this.lookInto(folder);
        if (look === "stream" || (depth >= MAX_DISCOVERY_DEPTH && look.length > 0)) streams.push(folder);
        else next.push(...look);
      }
      level = next;
    }
    return streams.sort();
  }

  /** "stream" when the folder holds files or year folders; otherwise its sub-folders. */
  private async lookInto(folder: string): Promise<"stream" | string[]> {
    const { bucket } = this.settings;
    const folders: string[] = [];
    let token: string | undefined;
    do {
      const page = await s3Call(`ListObjectsV2 s3://${bucket}/${folder}`, () =>
        this.client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: folder, Delimiter: "/", ContinuationToken: token })),
      );
      if ((page.Contents ?? []).some((object) => object.Key && !isFolderMarker(object.Key))) return "stream";
      for (const { Prefix: sub } of page.CommonPrefixes ?? []) {
        if (!sub) continue;
        if (YEAR_FOLDER.test(sub.slice(folder.length))) return "stream";
        folders.push(sub);
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return folders;
  }

  /** Objects of one stream after its cursor, in key order. */
  private async listAfter(prefix: string, after: string | null): Promise<ObjectInfo[]> {
    const { bucket } = this.settings;
    const objects: ObjectInfo[] = [];
    let token: string | undefined;
    do {
      const page = await s3Call(`ListObjectsV2 s3://${bucket}/${prefix}`, () =>
        this.client.send(
          new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, StartAfter: token ? undefined : (after ?? undefined), ContinuationToken: token }),
        ),
      );
      for (const object of page.Contents ?? []) {
        if (!object.Key || isFolderMarker(object.Key)) continue;
        objects.push({ key: object.Key, size: object.Size ?? 0, lastModified: object.LastModified ?? new Date(0) });
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token && objects.length < MAX_OBJECTS_PER_STREAM);
    return objects;
  }
}
