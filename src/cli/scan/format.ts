/** How `vigil scan` prints findings: JSON lines (one finding per line) or a table for people. */
import type { Finding } from "../../detection/findings/types.js";

export function severityLabel(severity: number): string {
  if (severity >= 9) return "Critical";
  if (severity >= 7) return "High";
  if (severity >= 4) return "Medium";
  return "Low";
}

function resourceName(finding: Finding): string {
  const { resource } = finding;
  if (resource.s3BucketDetails?.length) return resource.s3BucketDetails.map((bucket) => bucket.name).join(", ");
  if (resource.instanceDetails) return resource.instanceDetails.instanceId;
  return resource.accessKeyDetails?.userName ?? resource.accessKeyDetails?.principalId ?? "";
}

export function formatJsonLines(findings: readonly Finding[]): string {
  return findings.map((finding) => `${JSON.stringify(finding)}\n`).join("");
}

export function formatTable(findings: readonly Finding[]): string {
  if (findings.length === 0) return "No findings.\n";
  const header = ["SEVERITY", "TYPE", "COUNT", "ACCOUNT", "REGION", "RESOURCE", "LAST SEEN", "TITLE"];
  const rows = findings.map((finding) => [
    `${severityLabel(finding.severity)} (${finding.severity.toFixed(1)})`,
    finding.type,
    String(finding.service.count),
    finding.accountId,
    finding.region,
    resourceName(finding),
    finding.service.eventLastSeen.replace(".000Z", "Z"),
    finding.title,
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column])))
      .join("  ")
      .trimEnd();
  return [line(header), ...rows.map(line)].join("\n") + "\n";
}
