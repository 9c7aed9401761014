import type { Finding } from "../../../detection/findings/types.js";
import { affectedResources } from "./affected-resource.js";
import { severityLabel } from "./severity.js";

/** The OCSF schema version the mapping follows (and test/fixtures/ocsf checks it against). */
export const OCSF_VERSION = "1.9.0-dev";

const CATEGORY_UID = 2; // Findings
const CLASS_UID = 2004; // Detection Finding
const ACCOUNT_TYPE_AWS = 10;

const ACTIVITY = { create: [1, "Create"], update: [2, "Update"], close: [3, "Close"] } as const;
const SEVERITY_ID = { LOW: [2, "Low"], MEDIUM: [3, "Medium"], HIGH: [4, "High"], CRITICAL: [5, "Critical"] } as const;

/** An OCSF timestamp_t: milliseconds since the epoch. */
const millis = (iso: string) => Date.parse(iso);

function activity(finding: Finding) {
  if (finding.service.archived) return ACTIVITY.close;
  return finding.createdAt === finding.updatedAt ? ACTIVITY.create : ACTIVITY.update;
}

/**
 * An OCSF Detection Finding (class 2004) with the cloud profile. An archived finding is a Close
 * activity with status Archived, as OCSF models a finding's lifecycle; GuardDuty's own JSON rides
 * along in `unmapped` for what OCSF has no attribute for.
 */
export function ocsfDetectionFinding(finding: Finding) {
  const [activityId, activityName] = activity(finding);
  const [severityId, severityName] = SEVERITY_ID[severityLabel(finding.severity)];
  return {
    activity_id: activityId,
    activity_name: activityName,
    category_uid: CATEGORY_UID,
    category_name: "Findings",
    class_uid: CLASS_UID,
    class_name: "Detection Finding",
    type_uid: CLASS_UID * 100 + activityId,
    type_name: `Detection Finding: ${activityName}`,
    severity_id: severityId,
    severity: severityName,
    status_id: finding.service.archived ? 5 : 1,
    status: finding.service.archived ? "Archived" : "New",
    time: millis(finding.createdAt),
    start_time: millis(finding.service.eventFirstSeen),
    end_time: millis(finding.service.eventLastSeen),
    count: finding.service.count,
    message: finding.title,
    metadata: {
      version: OCSF_VERSION,
      profiles: ["cloud"],
      uid: finding.id,
      product: { name: "Vigil", vendor_name: "Vigil" },
      modified_time: millis(finding.updatedAt),
    },
    finding_info: {
      uid: finding.id,
      title: finding.title,
      desc: finding.description,
      types: [finding.type],
      created_time: millis(finding.createdAt),
      modified_time: millis(finding.updatedAt),
      first_seen_time: millis(finding.service.eventFirstSeen),
      last_seen_time: millis(finding.service.eventLastSeen),
    },
    cloud: { provider: "AWS", region: finding.region, cloud_partition: finding.partition, account: { uid: finding.accountId, type_id: ACCOUNT_TYPE_AWS, type: "AWS Account" } },
    resources: affectedResources(finding).map((resource) => ({
      uid: resource.id,
      name: resource.name,
      type: resource.asffType,
      region: finding.region,
      cloud_partition: finding.partition,
    })),
    unmapped: { guardduty: finding },
  };
}
