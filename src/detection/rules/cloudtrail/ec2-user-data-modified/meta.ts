import { SEVERITY, type FindingTypeMeta } from "../../../engine/types.js";

export const INSTANCE_USER_DATA_MODIFIED: FindingTypeMeta = {
  type: "Persistence:IAMUser/InstanceUserDataModified",
  severity: SEVERITY.MEDIUM,
  severityVaries: "Low when a pipeline (CloudFormation, a web-identity CI session, an EC2 build agent) changed it.",
  dataSource: "CLOUD_TRAIL",
  method: "RULE",
  resourceType: "AccessKey",
  resourceRole: "TARGET",
  title: "{principal} changed the user data of EC2 instance {instance}.",
  description:
    "{principal} called ModifyInstanceAttribute to replace the user data of instance {instance}. User data runs as root when " +
    "the instance starts, so new user data followed by a restart executes whatever it contains — with the instance role's " +
    "credentials at hand. Check the new user data and who restarted the instance.",
  mitre: { tactic: "Persistence", technique: "T1037 Boot or Logon Initialization Scripts" },
  aggregation: "account + instance",
  vigilOnly: true,
};
