/**
 * DefenseEvasion:IAMUser/GuardDutyImpaired — GuardDuty blinded from inside the account: the detector
 * deleted or disabled, protection features turned off, the account cut off from its administrator or
 * members cut off from it, the publishing destination deleted, a filter that auto-archives findings, a
 * trusted IP list created or updated (GuardDuty raises nothing for traffic from trusted addresses, so
 * attackers list their own), a threat list deleted or deactivated.
 *
 * Teardown versus impairment: a GuardDuty detector lives as long as the account, so IaC rarely
 * destroys one; turning single features off is common cost tuning, so it is Low. AWS services acting
 * for the account are lowered to Low by the table.
 */
import type { CloudTrailEvent } from "../../../events.js";
import { SEVERITY } from "../../../engine/types.js";
import { impairmentRule, type Impairment } from "../shared/impairment-rule.js";
import { asArray, field, flag, text } from "../shared/request.js";
import { detectorChange } from "./detector-update.js";
import { GUARDDUTY_IMPAIRED } from "./meta.js";

const DETECTOR = "AWS::GuardDuty::Detector";

function parameter(event: CloudTrailEvent, name: string): string | undefined {
  return text(field(event.requestParameters, name));
}

function detectorId(event: CloudTrailEvent): string {
  return parameter(event, "detectorId") ?? "(detector not named)";
}

/** The detector plus what the call named within it, e.g. "<detector>/<filter>". */
function within(event: CloudTrailEvent, name: string | undefined): string {
  return name ? `${detectorId(event)}/${name}` : detectorId(event);
}

function onDetector(effect: string, severity?: number) {
  return (event: CloudTrailEvent): Impairment => ({ effect, target: detectorId(event), resourceType: DETECTOR, severity });
}

function accountIds(event: CloudTrailEvent): string {
  const ids = asArray(field(event.requestParameters, "accountIds")).filter((id): id is string => typeof id === "string");
  return ids.length > 0 ? ids.join(", ") : "member accounts";
}

function onMembers(verb: string) {
  return (event: CloudTrailEvent): Impairment => {
    const members = accountIds(event);
    return { effect: `${verb} ${members}`, target: within(event, members), resourceType: DETECTOR };
  };
}

function detectorUpdated(event: CloudTrailEvent): Impairment | undefined {
  const change = detectorChange(event.requestParameters);
  if (!change) return undefined;
  if (change.disabled === "detector") return { effect: "suspended the detector", target: detectorId(event), resourceType: DETECTOR, severity: SEVERITY.HIGH };
  return { effect: `turned off ${change.features.join(", ")}`, target: detectorId(event), resourceType: DETECTOR, severity: SEVERITY.LOW };
}

function archivingFilter(event: CloudTrailEvent): Impairment | undefined {
  if (parameter(event, "action") !== "ARCHIVE") return undefined;
  const filter = parameter(event, "name") ?? parameter(event, "filterName");
  return { effect: `set filter ${filter ?? "(unnamed)"} to archive matching findings automatically`, target: within(event, filter), resourceType: DETECTOR };
}

/** A trusted IP list only takes effect when active; an update that deactivates it or only renames it changes nothing trusted. */
function trustedListChanged(event: CloudTrailEvent): Impairment | undefined {
  const activate = flag(field(event.requestParameters, "activate"));
  const location = parameter(event, "location");
  if (activate === false) return undefined;
  if (activate !== true && (event.eventName === "CreateIPSet" || !location)) return undefined;
  const list = parameter(event, "name") ?? parameter(event, "ipSetId");
  const effect = `made the addresses of ${location ?? `trusted IP list ${list ?? "(unnamed)"}`} trusted, so GuardDuty raises no finding for them`;
  return { effect, target: within(event, list), resourceType: DETECTOR };
}

function threatListDeactivated(event: CloudTrailEvent): Impairment | undefined {
  if (event.eventName === "UpdateThreatIntelSet" && flag(field(event.requestParameters, "activate")) !== false) return undefined;
  const list = parameter(event, "threatIntelSetId");
  const verb = event.eventName === "DeleteThreatIntelSet" ? "deleted" : "deactivated";
  return { effect: `${verb} threat intelligence list ${list ?? "(unnamed)"}`, target: within(event, list), resourceType: DETECTOR };
}

function administratorDisabled(event: CloudTrailEvent): Impairment {
  const admin = parameter(event, "adminAccountId") ?? "the delegated administrator";
  return { effect: `removed ${admin} as the organization's GuardDuty administrator`, target: admin, resourceType: DETECTOR };
}

export const guardDutyImpairedRule = impairmentRule({
  id: "guardduty-impaired",
  meta: GUARDDUTY_IMPAIRED,
  table: {
    "guardduty.amazonaws.com": {
      DeleteDetector: onDetector("deleted the detector", SEVERITY.HIGH),
      UpdateDetector: detectorUpdated,
      DisassociateFromMasterAccount: onDetector("disassociated the account from its GuardDuty administrator"),
      DisassociateFromAdministratorAccount: onDetector("disassociated the account from its GuardDuty administrator"),
      DisassociateMembers: onMembers("disassociated the member accounts"),
      DeleteMembers: onMembers("deleted the member accounts"),
      StopMonitoringMembers: onMembers("stopped monitoring the member accounts"),
      DisableOrganizationAdminAccount: administratorDisabled,
      DeletePublishingDestination: (event) => ({
        effect: "deleted the destination findings were exported to",
        target: within(event, parameter(event, "destinationId")),
        resourceType: DETECTOR,
      }),
      CreateFilter: archivingFilter,
      UpdateFilter: archivingFilter,
      CreateIPSet: trustedListChanged,
      UpdateIPSet: trustedListChanged,
      DeleteThreatIntelSet: threatListDeactivated,
      UpdateThreatIntelSet: threatListDeactivated,
    },
  },
  serviceNames: { "guardduty.amazonaws.com": "Amazon GuardDuty" },
});
