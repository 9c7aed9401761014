/**
 * Persistence:IAMUser/FederationTokenCreated — a successful sts:GetFederationToken (only IAM users'
 * long-term keys and root can call it). Few workloads use federation tokens today, so every one is
 * raised, Low by default; a session policy that passes on all of the user's permissions, or a
 * duration beyond 12 hours (the default when none is asked; the maximum is 36), raises it.
 *
 * Trade-off: legacy token brokers call this all day and will show up as one aggregated Low finding
 * per broker user; the parameters, not the caller's tools, decide the severity.
 */
import type { CloudTrailEvent } from "../../../events.js";
import { SEVERITY, type CloudTrailRule } from "../../../engine/types.js";
import { apiCallCandidate } from "../shared/candidate.js";
import { adminEquivalentGrant, policyDocument } from "../shared/iam-policy.js";
import { principalKey } from "../shared/identity.js";
import { asArray, field, succeeded, text } from "../shared/request.js";
import { FEDERATION_TOKEN_CREATED } from "./meta.js";

const DEFAULT_DURATION_SECONDS = 43_200;
const ADMIN_POLICY_ARN = /^arn:aws[a-z-]*:iam::aws:policy\/AdministratorAccess$/;

/** What the session policy passes on, when it passes on everything; undefined for a narrower token. */
function broadScope(event: CloudTrailEvent): string | undefined {
  const document = policyDocument(field(event.requestParameters, "policy"));
  const grant = document && adminEquivalentGrant(document);
  if (grant) return `a session policy allowing ${grant}`;
  const managed = asArray(field(event.requestParameters, "policyArns")).map((entry) => text(field(entry, "arn")) ?? text(entry));
  return managed.some((arn) => arn !== undefined && ADMIN_POLICY_ARN.test(arn)) ? "the AdministratorAccess session policy" : undefined;
}

function durationSeconds(event: CloudTrailEvent): number {
  const requested = Number(field(event.requestParameters, "durationSeconds"));
  return Number.isFinite(requested) && requested > 0 ? requested : DEFAULT_DURATION_SECONDS;
}

export const stsFederationTokenRule: CloudTrailRule = {
  id: "sts-federation-token",
  kind: "cloudtrail",
  findingTypes: [FEDERATION_TOKEN_CREATED],
  triggers: [{ eventSource: "sts.amazonaws.com", eventNames: ["GetFederationToken"] }],
  evaluate(event, _context, emit) {
    if (!succeeded(event)) return;
    const broad = broadScope(event);
    const seconds = durationSeconds(event);
    const long = seconds > DEFAULT_DURATION_SECONDS;
    const severity = broad && long ? SEVERITY.HIGH : broad || long ? SEVERITY.MEDIUM : SEVERITY.LOW;
    const federatedUser = text(field(event.requestParameters, "name")) ?? "(unnamed)";
    const duration = `${Math.round((seconds / 3600) * 10) / 10} hours`;
    const scope = broad ?? "a narrower or no session policy";
    emit(
      apiCallCandidate(FEDERATION_TOKEN_CREATED, event, {
        key: [principalKey(event.identity)],
        severity,
        affectedResources: { "AWS::STS::FederatedUser": federatedUser },
        templateValues: { federatedUser, scope, duration },
        additionalInfo: { federatedUser, durationSeconds: seconds, broadSessionPolicy: broad !== undefined },
      }),
    );
  },
};
