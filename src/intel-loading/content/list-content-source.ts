import type { ListSettings } from "../../config.js";
import type { FetchedContent, ListContentSource } from "../../services/intel-lists/list-content.js";
import type { ListLocation } from "../../services/intel-lists/list-location.js";
import { FetchError } from "./fetch-error.js";
import { fetchS3Object } from "./fetch-s3.js";
import { fetchUrl } from "./fetch-url.js";
import { readListFile } from "./read-file.js";

/** Reads list content from URLs, S3 and allowed local folders, as the settings allow. */
export function createListContentSource(settings: ListSettings): ListContentSource {
  const read = (location: Exclude<ListLocation, { kind: "inline" }>, maxBytes: number): Promise<Buffer> => {
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
