import { SEVERITY, type FindingTypeMeta } from "../../../engine/types.js";

export const INSTANCE_CONNECT_TO_MANY_INSTANCES: FindingTypeMeta = {
  type: "Execution:IAMUser/InstanceConnectToManyInstances",
  severity: SEVERITY.MEDIUM,
  dataSource: "CLOUD_TRAIL",
  method: "RULE",
  resourceType: "AccessKey",
  resourceRole: "ACTOR",
  title: "{principal} pushed SSH keys to {count} instances through EC2 Instance Connect.",
  description:
    "{principal} sent SSH public keys to {count} instances ({instanceList}) within {window} minutes through EC2 Instance Connect " +
    "(OS users: {osUsers}). Each key opens a shell for 60 seconds to whoever holds its private half; pushed across instances it " +
    "is how a cloud credential turns into logins on the fleet.",
  mitre: { tactic: "Lateral Movement", technique: "T1021.004 Remote Services: SSH" },
  aggregation: "account + principal",
  vigilOnly: true,
};

export const SERIAL_CONSOLE_SSH_KEY_SENT: FindingTypeMeta = {
  type: "Execution:IAMUser/SerialConsoleSSHKeySent",
  severity: SEVERITY.MEDIUM,
  dataSource: "CLOUD_TRAIL",
  method: "RULE",
  resourceType: "AccessKey",
  resourceRole: "ACTOR",
  title: "{principal} pushed an SSH key for the serial console of {instanceList}.",
  description:
    "{principal} sent an SSH public key for the EC2 serial console of {instanceList}. The serial console reaches an instance even " +
    "with no network path or broken SSH, at the boot loader and OS console; it is rarely used outside emergencies, and gives an " +
    "attacker interactive access that no security group stops.",
  mitre: { tactic: "Lateral Movement", technique: "T1021 Remote Services" },
  aggregation: "account + principal",
  vigilOnly: true,
};
