import type { ListSettings } from "../../config.js";
import { FetchError } from "./fetch-error.js";
import { fetchS3Object } from "./fetch-s3.js";
import { fetchUrl } from "./fetch-url.js";
import { readListFile } from "./read-file.js";

/** A list location whose content is read from elsewhere (inline content is stored with the list). */
export type FetchableLocation = { kind: "url"; url: URL } | { kind: "s3"; bucket: string; key: string } | { kind: "file"; path: string };

export type FetchedContent = { ok: true; bytes: Uint8Array } | { ok: false; message: string };

/** Reads a list's bytes from its location, refusing more than maxBytes. Never throws for a bad location. */
export interface ListContentSource {
  fetch(location: FetchableLocation, maxBytes: number): Promise<FetchedContent>;
}

/** Reads list content from URLs, S3 and allowed local folders, as the settings allow. */
export function createListContentSource(settings: ListSettings): ListContentSource {
  const read = (location: FetchableLocation, maxBytes: number): Promise<Buffer> => {
    switch (location.kind) {
      case "url":
        return fetchUrl(location.url, { maxBytes, timeoutMs: settings.fetchTimeoutMs, maxRedirects: settings.maxRedirects, allowHttp: settings.allowHttp, allowPrivateAddresses: settings.allowPrivateAddresses });
      case "s3":
        return fetchS3Object(location.bucket, location.key, settings.s3, maxBytes, settings.fetchTimeoutMs);
      case "file":
        return readListFile(location.path, settings.fileDirs, maxBytes);
    }
  };
  return {
    async fetch(location, maxBytes): Promise<FetchedContent> {
      try {
        return { ok: true, bytes: await read(location, maxBytes) };
      } catch (error) {
        if (error instanceof FetchError) return { ok: false, message: error.message };
        throw error;
      }
    },
  };
}
