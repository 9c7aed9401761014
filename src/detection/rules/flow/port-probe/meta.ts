/**
 * An open port of the instance probed by known scanners: the security group, network ACL and host
 * firewall all let the scanner's connection in (ACCEPT), so the port is reachable from the internet.
 */
import { SEVERITY, type FindingTypeMeta } from "../../../engine/types.js";

const RECON = { tactic: "Reconnaissance", technique: "T1595 Active Scanning" };

export const UNPROTECTED_PORT: FindingTypeMeta = {
  type: "Recon:EC2/PortProbeUnprotectedPort",
  catalogueNote: "accepted connections from addresses on SCANNER or MALICIOUS_IP feeds; a host firewall that drops after accepting is not visible in flow logs",
  severity: SEVERITY.LOW,
  severityVaries: "High when the port is Elasticsearch's (9200, 9300): an open Elasticsearch is read or wiped within hours",
  dataSource: "VPC_FLOW_LOGS",
  method: "TI+RULE",
  resourceType: "Instance",
  resourceRole: "TARGET",
  title: "Unprotected port {port} on {instance} is being probed.",
  description:
    "{remote}, a known scanner ({lists}), connected to port {port} ({portName}) of {instance} and the connection was " +
    "accepted: nothing blocks the port from the internet. If the service does not need to be public, close the port in " +
    "the security group or network ACL.",
  mitre: RECON,
  aggregation: "account + instance + local port (the latest probe is shown)",
};

export const EMR_UNPROTECTED_PORT: FindingTypeMeta = {
  type: "Recon:EC2/PortProbeEMRUnprotectedPort",
  catalogueNote: "by port (YARN, Livy, Spark, Hue, Zeppelin, HDFS, HBase, Hive): flow logs do not say whether the instance belongs to an EMR cluster",
  severity: SEVERITY.HIGH,
  dataSource: "VPC_FLOW_LOGS",
  method: "TI+RULE",
  resourceType: "Instance",
  resourceRole: "TARGET",
  title: "EMR-related port {port} on {instance} is unprotected and being probed.",
  description:
    "{remote}, a known scanner ({lists}), connected to port {port} of {instance}, a port Hadoop/EMR services listen on " +
    "(YARN, Livy, Spark, Hue, Zeppelin, HDFS, HBase, Hive), and the connection was accepted. Open YARN and Livy ports " +
    "let anyone submit jobs, which is remote code execution; keep them reachable from the cluster's network only.",
  mitre: RECON,
  aggregation: "account + instance + local port (the latest probe is shown)",
};
