/**
 * `npm run build:reference-data` (part of `npm run build`): writes, under dist/reference-data/, the
 * forms of the reference data that a process reads at start without parsing it — the bundled AWS
 * ranges' prefix tables and the installed IPv4 ASN CSV's block index. Each records the file it was
 * made from and is ignored once that file changes.
 */
import { writeCompactAwsRanges } from "./aws-ranges.js";
import { writeAsnIpv4Blocks } from "./geo.js";

writeCompactAwsRanges();
writeAsnIpv4Blocks();
