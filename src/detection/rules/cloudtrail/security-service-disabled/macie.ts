/**
 * Amazon Macie: switched off or paused, members or the administrator cut off, auto-archiving
 * filters, or findings published less often than the default fifteen minutes (Panther's Macie
 * evasion rule counts that: a six-hour delay keeps findings from alerting in time), which is Low.
 */
import type { CloudTrailEvent } from "../../../events.js";
import { SEVERITY } from "../../../engine/types.js";
import type { Impairment, ImpairmentCheck } from "../shared/impairment-rule.js";
import { hidingFilter, onNamed, onService, parameter } from "./checks.js";

const SESSION = "AWS::Macie::Session";

function sessionUpdated(event: CloudTrailEvent): Impairment | undefined {
  if (parameter(event, "status") === "PAUSED") return { effect: "paused Macie", target: "the account", resourceType: SESSION };
  const frequency = parameter(event, "findingPublishingFrequency");
  if (!frequency || frequency === "FIFTEEN_MINUTES") return undefined;
  return { effect: `slowed the publishing of findings to ${frequency}`, target: "the account", resourceType: SESSION, severity: SEVERITY.LOW };
}

function memberPaused(event: CloudTrailEvent): Impairment | undefined {
  if (parameter(event, "status") !== "PAUSED") return undefined;
  const member = parameter(event, "id") ?? "a member account";
  return { effect: `paused Macie for member ${member}`, target: member, resourceType: SESSION };
}

export const MACIE: Readonly<Record<string, ImpairmentCheck>> = {
  DisableMacie: onService("disabled Macie and deleted its findings and configuration", SESSION, SEVERITY.HIGH),
  UpdateMacieSession: sessionUpdated,
  UpdateMemberSession: memberPaused,
  DisassociateFromAdministratorAccount: onService("disassociated the account from its Macie administrator", SESSION),
  DisassociateFromMasterAccount: onService("disassociated the account from its Macie administrator", SESSION),
  DisassociateMember: onNamed(["id"], (member) => `disassociated the member account ${member}`, SESSION),
  DeleteMember: onNamed(["id"], (member) => `deleted the member account ${member}`, SESSION),
  DisableOrganizationAdminAccount: onNamed(["adminAccountId"], (admin) => `removed ${admin} as the organization's Macie administrator`, SESSION),
  CreateFindingsFilter: hidingFilter("ARCHIVE", ["name"], "AWS::Macie::FindingsFilter"),
  UpdateFindingsFilter: hidingFilter("ARCHIVE", ["name", "id"], "AWS::Macie::FindingsFilter"),
};
