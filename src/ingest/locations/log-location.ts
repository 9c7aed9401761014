import type { Readable } from "node:stream";
import type { ListingState } from "./listing-state.js";

/** One log object as a listing sees it. `lastModified` is when it landed (S3 LastModified, a file's arrival). */
export type ObjectInfo = { key: string; size: number; lastModified: Date };

export type Listing = {
  /** Objects that may be new since the previous listing; some may have been queued before (callers de-duplicate). */
  objects: ObjectInfo[];
  /** What the next listing starts from. */
  state: ListingState;
  /** Objects were seen that could not be listed yet (still being written): worth listing again this soon. */
  revisitInMs?: number;
};

/** Where a log source's objects are: an S3 prefix or a local folder. */
export interface LogLocation {
  listNew(state: ListingState, now: Date): Promise<Listing>;
  open(key: string): Promise<Readable>;
}

/**
 * The location cannot be reached or read (access denied, missing bucket or folder, network). Shown on
 * the source's status; unlike a broken object, it is the source's configuration that needs fixing.
 */
export class LocationError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "LocationError";
  }
}
