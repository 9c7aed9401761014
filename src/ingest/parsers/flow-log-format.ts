/** VPC Flow Log field names, formats and header lines. */

/** Every documented field and the flow log version that introduced it. */
const FIELD_VERSIONS: ReadonlyMap<string, number> = new Map([
  ...introducedIn(2, ["version", "account-id", "interface-id", "srcaddr", "dstaddr", "srcport", "dstport"]),
  ...introducedIn(2, ["protocol", "packets", "bytes", "start", "end", "action", "log-status"]),
  ...introducedIn(3, ["vpc-id", "subnet-id", "instance-id", "tcp-flags", "type", "pkt-srcaddr", "pkt-dstaddr"]),
  ...introducedIn(4, ["region", "az-id", "sublocation-type", "sublocation-id"]),
  ...introducedIn(5, ["pkt-src-aws-service", "pkt-dst-aws-service", "flow-direction", "traffic-path"]),
  ...introducedIn(7, ["ecs-cluster-arn", "ecs-cluster-name", "ecs-container-instance-arn", "ecs-container-instance-id"]),
  ...introducedIn(7, ["ecs-container-id", "ecs-second-container-id", "ecs-service-name", "ecs-task-definition-arn"]),
  ...introducedIn(7, ["ecs-task-arn", "ecs-task-id"]),
  ...introducedIn(8, ["reject-reason"]),
]);

function introducedIn(version: number, names: string[]): Array<[string, number]> {
  return names.map((name) => [name, version]);
}

/** The order AWS uses when no custom format was chosen, and for records without a header line. */
export const DEFAULT_FIELDS: readonly string[] = [
  "version",
  "account-id",
  "interface-id",
  "srcaddr",
  "dstaddr",
  "srcport",
  "dstport",
  "protocol",
  "packets",
  "bytes",
  "start",
  "end",
  "action",
  "log-status",
];

const FIELD_NAME = /^[a-z][a-z0-9-]*$/;
const BLANKS = /\s+/;

export function isKnownField(name: string): boolean {
  return FIELD_VERSIONS.has(name);
}

/** Field names of a LogFormat as AWS writes it (`${version} ${srcaddr}`) or as plain names. */
export function parseFormatString(format: string): string[] {
  return splitFields(format.replace(/\$\{([^}]*)\}/g, "$1"));
}

export function splitFields(line: string): string[] {
  const trimmed = line.trim();
  return trimmed.length === 0 ? [] : trimmed.split(BLANKS);
}

/**
 * The field names when the line is a header, as AWS writes first in each S3 object. A header starts with a known
 * field and holds only field-like words, at least two of them known (unknown ones are newer fields, kept in `extra`).
 */
export function headerFields(line: string): string[] | undefined {
  const fields = splitFields(line);
  if (fields.length === 0 || !isKnownField(fields[0])) return undefined;
  let known = 0;
  for (const field of fields) {
    if (!FIELD_NAME.test(field)) return undefined;
    if (isKnownField(field)) known += 1;
  }
  return known >= 2 ? fields : undefined;
}

/** Whether a line without a header is shaped like a default-format (v2) record. */
export function looksLikeDefaultRecord(line: string): boolean {
  const values = splitFields(line);
  return (
    values.length === DEFAULT_FIELDS.length &&
    /^\d+$/.test(values[0]) &&
    /^(?:\d{12}|unknown|-)$/.test(values[1]) &&
    /^(?:ACCEPT|REJECT|-)$/.test(values[12]) &&
    /^(?:OK|NODATA|SKIPDATA)$/.test(values[13])
  );
}

/** The version AWS gives a custom format: the highest version among its fields. */
export function formatVersion(fields: readonly string[]): number {
  let version = 2;
  for (const field of fields) version = Math.max(version, FIELD_VERSIONS.get(field) ?? 2);
  return version;
}
