import { createHash } from "node:crypto";
import type { IntelListFormat } from "../../generated/prisma/client.js";
import type { ListContentSource } from "../../ingest/lists/list-content-source.js";
import { parseList, type ListLimits, type ParsedList } from "../../detection/intel/index.js";
import { InvalidInputError } from "../errors.js";
import { type ListLocation, type LocationPolicy, parseListLocation } from "./list-location.js";
import { describeListError, describePartialLoad } from "./status-message.js";

export type LoadedList =
  | { ok: true; list: ParsedList; sha256: string; statusMessage: string | null }
  | { ok: false; statusMessage: string };

export type StoredSource = { location: string; inlineContent: string | null; format: IntelListFormat };

/** Fetch, then parse and validate: what a list or feed holds, or the reason it cannot be used. */
export async function loadListContent(source: ListContentSource, stored: StoredSource, policy: LocationPolicy, limits: ListLimits): Promise<LoadedList> {
  let location: ListLocation;
  try {
    location = parseListLocation(stored.location, policy);
  } catch (error) {
    // The settings changed since the list was saved (a folder no longer allowed, http turned off).
    if (error instanceof InvalidInputError) return { ok: false, statusMessage: error.message };
    throw error;
  }
  let bytes: Uint8Array;
  if (location.kind === "inline") {
    bytes = Buffer.from(stored.inlineContent ?? "", "utf8");
  } else {
    const fetched = await source.fetch(location, limits.maxBytes);
    if (!fetched.ok) return { ok: false, statusMessage: `Could not read ${stored.location}: ${fetched.message}` };
    bytes = fetched.bytes;
  }
  const parsed = parseList(stored.format, bytes, limits);
  if (!parsed.ok) return { ok: false, statusMessage: describeListError(parsed.error) };
  return { ok: true, list: parsed.list, sha256: createHash("sha256").update(bytes).digest("hex"), statusMessage: describePartialLoad(parsed.list) };
}
