import { heldOutIds, splitOf } from "./holdout.js";

// The 24 Stratus techniques of the shared data (names only, so the test needs no data files).
const STRATUS_TECHNIQUES = [
  "aws.credential-access.ec2-steal-instance-credentials",
  "aws.credential-access.secretsmanager-retrieve-secrets",
  "aws.credential-access.ssm-retrieve-securestring-parameters",
  "aws.defense-evasion.cloudtrail-event-selectors",
  "aws.defense-evasion.cloudtrail-stop",
  "aws.defense-evasion.organizations-leave",
  "aws.defense-evasion.vpc-remove-flow-logs",
  "aws.discovery.ec2-download-user-data",
  "aws.execution.ec2-launch-unusual-instances",
  "aws.execution.ssm-send-command",
  "aws.exfiltration.ec2-security-group-open-port-22-ingress",
  "aws.exfiltration.ec2-share-ami",
  "aws.exfiltration.rds-share-snapshot",
  "aws.impact.bedrock-invoke-model",
  "aws.initial-access.console-login-without-mfa",
  "aws.lateral-movement.ec2-instance-connect",
  "aws.persistence.iam-backdoor-role",
  "aws.persistence.iam-backdoor-user",
  "aws.persistence.iam-create-admin-user",
  "aws.persistence.iam-create-user-login-profile",
  "aws.persistence.lambda-backdoor-function",
  "aws.persistence.lambda-overwrite-code",
  "aws.persistence.rolesanywhere-create-trust-anchor",
  "aws.privilege-escalation.iam-update-user-login-profile",
];

describe("held-out split", () => {
  it("holds out exactly these 8 of the 24 Stratus techniques, so the split cannot drift", () => {
    expect([...heldOutIds(STRATUS_TECHNIQUES)].sort()).toEqual([
      "aws.credential-access.secretsmanager-retrieve-secrets",
      "aws.defense-evasion.cloudtrail-stop",
      "aws.discovery.ec2-download-user-data",
      "aws.execution.ec2-launch-unusual-instances",
      "aws.execution.ssm-send-command",
      "aws.initial-access.console-login-without-mfa",
      "aws.persistence.iam-backdoor-user",
      "aws.persistence.rolesanywhere-create-trust-anchor",
    ]);
  });

  it("does not depend on order or repeats, and takes floor(n/3)", () => {
    const reversed = [...STRATUS_TECHNIQUES].reverse();
    expect(heldOutIds([...reversed, ...reversed])).toEqual(heldOutIds(STRATUS_TECHNIQUES));
    expect(heldOutIds(["a", "b"]).size).toBe(0);
    expect(heldOutIds(["a", "b", "c", "d", "e"]).size).toBe(1);
  });

  it("names the split of an id", () => {
    const heldOut = heldOutIds(STRATUS_TECHNIQUES);
    expect(splitOf("aws.defense-evasion.cloudtrail-stop", heldOut)).toBe("held-out");
    expect(splitOf("aws.exfiltration.ec2-share-ami", heldOut)).toBe("own");
  });
});
