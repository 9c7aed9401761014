import { SEVERITY, type FindingTypeMeta } from "../../../engine/types.js";

export const IMAGE_SHARED_OUTSIDE: FindingTypeMeta = {
  type: "Exfiltration:IAMUser/ImageSharedOutside",
  severity: 7,
  severityVaries: "8 when the image is made public; 7 when shared with outside accounts only",
  dataSource: "CLOUD_TRAIL",
  method: "RULE",
  resourceType: "AccessKey",
  resourceRole: "TARGET",
  title: "AMI {image} was shared with {sharedWith}.",
  description:
    "{principal} called {api} on AMI {image}, letting {sharedWith} launch it. An image carries its instances' disks " +
    "(code, configuration, secrets left on them); whoever can launch it can read them in their own account. " +
    "Attackers share images to an account they own to exfiltrate data. Remove the launch permission unless the sharing is intended.",
  mitre: { tactic: "Exfiltration", technique: "T1537 Transfer Data to Cloud Account" },
  aggregation: "account + image",
  vigilOnly: true,
};

export const IMAGE_BLOCK_PUBLIC_ACCESS_DISABLED: FindingTypeMeta = {
  type: "Policy:IAMUser/ImageBlockPublicAccessDisabled",
  severity: SEVERITY.MEDIUM,
  dataSource: "CLOUD_TRAIL",
  method: "RULE",
  resourceType: "AccessKey",
  resourceRole: "TARGET",
  title: "AMI block public access was disabled in {region} by {principal}.",
  description:
    "{principal} called {api}, so AMIs in {region} can be made public again. The setting is the guard against " +
    "an image shared with everyone; re-enable it unless public images are intended.",
  mitre: { tactic: "Defense Evasion", technique: "T1562 Impair Defenses" },
  aggregation: "account + region",
  vigilOnly: true,
};
