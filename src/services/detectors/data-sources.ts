import type { Detector } from "../../generated/prisma/client.js";

export const DATA_SOURCE_NAMES = ["CLOUD_TRAIL", "FLOW_LOGS", "DNS_LOGS", "S3_DATA_EVENTS"] as const;
export type DataSourceName = (typeof DATA_SOURCE_NAMES)[number];
export type DataSourceSetting = { name: DataSourceName; enabled: boolean };

const COLUMN: Record<DataSourceName, "cloudTrail" | "flowLogs" | "dnsLogs" | "s3DataEvents"> = {
  CLOUD_TRAIL: "cloudTrail",
  FLOW_LOGS: "flowLogs",
  DNS_LOGS: "dnsLogs",
  S3_DATA_EVENTS: "s3DataEvents",
};

/** Detector columns for the data sources a request names; the others stay as they are. */
export function dataSourceColumns(settings: readonly DataSourceSetting[] | null | undefined) {
  const columns: Partial<Record<(typeof COLUMN)[DataSourceName], boolean>> = {};
  for (const setting of settings ?? []) columns[COLUMN[setting.name]] = setting.enabled;
  return columns;
}

export function dataSourcesOf(detector: Detector): DataSourceSetting[] {
  return DATA_SOURCE_NAMES.map((name) => ({ name, enabled: detector[COLUMN[name]] }));
}

/** What the audit log keeps of a detector. */
export function detectorSnapshot(detector: Detector) {
  return {
    status: detector.status,
    findingPublishingFrequency: detector.findingPublishingFrequency,
    membersCanArchive: detector.membersCanArchive,
    trustedAccountIds: detector.trustedAccountIds,
    dataSources: Object.fromEntries(dataSourcesOf(detector).map((d) => [d.name, d.enabled])),
  };
}

/** A data source that was on and is now off: the detector analyses less than before. */
export function dataSourcesSwitchedOff(before: Detector, after: Detector): boolean {
  return DATA_SOURCE_NAMES.some((name) => before[COLUMN[name]] && !after[COLUMN[name]]);
}
