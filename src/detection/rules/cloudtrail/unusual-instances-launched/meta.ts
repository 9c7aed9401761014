import { SEVERITY, type FindingTypeMeta } from "../../../engine/types.js";

export const UNUSUAL_INSTANCES_LAUNCHED: FindingTypeMeta = {
  type: "Impact:IAMUser/UnusualInstancesLaunched",
  severity: SEVERITY.MEDIUM,
  severityVaries: "High (8) for accelerated instances launched ten or more at a time; Low (2) for launches by an AWS service (Auto Scaling, EC2 Fleet) for its group.",
  dataSource: "CLOUD_TRAIL",
  method: "RULE",
  resourceType: "AccessKey",
  resourceRole: "ACTOR",
  title: "{principal} launched {count} {instanceType} instance(s): {why}.",
  description:
    "{principal} called {api} for up to {count} instance(s) of type {instanceType} ({why}){outcome}. GPU, accelerator and very " +
    "large instances, or many at once, are what stolen credentials are used for to mine cryptocurrency or run models at the " +
    "account's expense; an attempt that AWS refused shows the intent.",
  mitre: { tactic: "Impact", technique: "T1496 Resource Hijacking" },
  aggregation: "account + principal + instance type",
  vigilOnly: true,
};
