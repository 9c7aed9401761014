/**
 * Persistence:IAMUser/RolesAnywhereTrustAnchorCreated — a successful IAM Roles Anywhere call that
 * lets certificates obtain AWS credentials: a trust anchor created, updated or enabled (Medium), or
 * a profile created or updated (Low: it names the roles, but only an anchor admits a certificate).
 *
 * Trade-off: Roles Anywhere is rarely configured, so every anchor change is worth a look even when
 * IaC makes it; an anchor whose source is an uploaded certificate bundle (an attacker's own CA) or
 * an ACM private CA are both reported, the source named in the finding. From a pipeline: Low.
 */
import type { CloudTrailEvent } from "../../../events.js";
import { SEVERITY, type CloudTrailRule } from "../../../engine/types.js";
import { apiCallCandidate } from "../shared/candidate.js";
import { isPipelineCall } from "../shared/iam-identity.js";
import { asArray, field, succeeded, text } from "../shared/request.js";
import { ROLES_ANYWHERE_TRUST_CHANGED } from "./meta.js";

const ANCHOR_APIS = new Set(["CreateTrustAnchor", "UpdateTrustAnchor", "EnableTrustAnchor"]);

/** The anchor or profile a call names: its name, else its id, else the id the response returned. */
function subject(event: CloudTrailEvent, kind: "trustAnchor" | "profile"): string {
  const parameters = event.requestParameters;
  const returned = field(event.responseElements, kind);
  return (
    text(field(parameters, "name")) ??
    text(field(parameters, `${kind}Id`)) ??
    text(field(returned, "name")) ??
    text(field(returned, `${kind}Id`)) ??
    `an unnamed ${kind === "trustAnchor" ? "trust anchor" : "profile"}`
  );
}

function anchorChange(event: CloudTrailEvent, anchor: string): string {
  const sourceType = text(field(field(event.requestParameters, "source"), "sourceType"));
  const verb = event.eventName.replace("TrustAnchor", "").toLowerCase();
  return `trust anchor ${anchor} ${verb}d${sourceType ? ` with source ${sourceType}` : ""}`;
}

function profileChange(event: CloudTrailEvent, profile: string): string {
  const roles = asArray(field(event.requestParameters, "roleArns")).filter((role): role is string => typeof role === "string");
  const verb = event.eventName.replace("Profile", "").toLowerCase();
  return `profile ${profile} ${verb}d${roles.length > 0 ? ` for roles ${roles.join(", ")}` : ""}`;
}

export const rolesAnywhereTrustAnchorRule: CloudTrailRule = {
  id: "rolesanywhere-trust-anchor",
  kind: "cloudtrail",
  findingTypes: [ROLES_ANYWHERE_TRUST_CHANGED],
  triggers: [
    { eventSource: "rolesanywhere.amazonaws.com", eventNames: ["CreateTrustAnchor", "UpdateTrustAnchor", "EnableTrustAnchor", "CreateProfile", "UpdateProfile"] },
  ],
  evaluate(event, _context, emit) {
    if (!succeeded(event)) return;
    const isAnchor = ANCHOR_APIS.has(event.eventName);
    const name = subject(event, isAnchor ? "trustAnchor" : "profile");
    const change = isAnchor ? anchorChange(event, name) : profileChange(event, name);
    const severity = isAnchor && !isPipelineCall(event) ? SEVERITY.MEDIUM : SEVERITY.LOW;
    emit(
      apiCallCandidate(ROLES_ANYWHERE_TRUST_CHANGED, event, {
        key: [isAnchor ? "trust-anchor" : "profile", name],
        severity,
        affectedResources: { [isAnchor ? "AWS::RolesAnywhere::TrustAnchor" : "AWS::RolesAnywhere::Profile"]: name },
        templateValues: { change },
        additionalInfo: { change },
      }),
    );
  },
};
