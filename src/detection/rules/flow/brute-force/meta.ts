/**
 * Brute force against remote-login services. Each type has two faces with GuardDuty's severities:
 * the instance as the TARGET of attempts (Low: internet-facing login ports are tried all the time)
 * and as the ACTOR making them (High: an instance attacking others is compromised).
 */
import { SEVERITY, type FindingTypeMeta } from "../../../engine/types.js";

type Service = { type: string; name: string };

const MITRE = { tactic: "Credential Access", technique: "T1110 Brute Force" };

function pair({ type, name }: Service): { target: FindingTypeMeta; actor: FindingTypeMeta } {
  const common = {
    type,
    dataSource: "VPC_FLOW_LOGS" as const,
    method: "RULE" as const,
    resourceType: "Instance" as const,
    severityVaries: "Low when the instance is the target of the attempts, High when it makes them",
    mitre: MITRE,
    aggregation: "account + instance + role (each window of attempts counts once; the latest peer is shown)",
  };
  return {
    target: {
      ...common,
      severity: SEVERITY.LOW,
      resourceRole: "TARGET",
      title: `{remote} is performing ${name} brute force attacks against {instance}.`,
      description:
        `{remote} opened {attempts} short ${name} connections to {instance} (port {port}) within {window} minutes, and ` +
        `the connections were accepted. Make sure the port is open only to those who need it and that passwords are not ` +
        `accepted.`,
    },
    actor: {
      ...common,
      severity: SEVERITY.HIGH,
      resourceRole: "ACTOR",
      title: `{instance} is performing ${name} brute force attacks against {remote}.`,
      description:
        `{instance} opened {attempts} short ${name} connections to {remote} (port {port}) within {window} minutes. An ` +
        `instance guessing credentials on other hosts is likely compromised.`,
    },
  };
}

export const SSH = pair({ type: "UnauthorizedAccess:EC2/SSHBruteForce", name: "SSH" });
export const RDP = pair({ type: "UnauthorizedAccess:EC2/RDPBruteForce", name: "RDP" });
export const WINRM = pair({ type: "Impact:EC2/WinRMBruteForce", name: "WinRM" });
