/**
 * Persistence:IAMUser/IdentityProviderChanged — a successful IAM call that creates a SAML or OpenID
 * Connect provider or changes what it trusts (SAML metadata, OIDC thumbprints and audiences).
 *
 * Trade-off: providers are configured once per account and rarely touched, but adding GitHub's or
 * another CI's OIDC provider is routine IaC; OIDC changes stay Low and SAML ones, whose metadata
 * carries the signing certificate that decides who may sign in (a "Golden SAML" backdoor), Medium.
 * Whether the provider is one the operator uses cannot be told from the event and is left to them.
 * IAM Identity Center creates its own SAML provider (AWSSSO_…_DO_NOT_DELETE) through its
 * service-linked role when permission sets are provisioned: AWS acting for the account, not raised.
 */
import type { CloudTrailEvent } from "../../../events.js";
import { SEVERITY, type CloudTrailRule } from "../../../engine/types.js";
import { isServiceLinkedRoleSession } from "../shared/aws-acting.js";
import { apiCallCandidate } from "../shared/candidate.js";
import { isPipelineCall } from "../shared/iam-identity.js";
import { field, succeeded, text } from "../shared/request.js";
import { IDENTITY_PROVIDER_CHANGED } from "./meta.js";

const CHANGES: Readonly<Record<string, { verb: string; saml: boolean }>> = {
  CreateSAMLProvider: { verb: "SAML provider created", saml: true },
  UpdateSAMLProvider: { verb: "SAML provider metadata replaced", saml: true },
  CreateOpenIDConnectProvider: { verb: "OpenID Connect provider created", saml: false },
  UpdateOpenIDConnectProviderThumbprint: { verb: "OpenID Connect provider certificate thumbprints replaced", saml: false },
  AddClientIDToOpenIDConnectProvider: { verb: "audience added to OpenID Connect provider", saml: false },
};

/** The provider a call names: its SAML name or ARN, its OIDC URL or ARN, else the ARN returned. */
function providerName(event: CloudTrailEvent): string {
  const parameters = event.requestParameters;
  const response = event.responseElements;
  return (
    text(field(parameters, "name")) ??
    text(field(parameters, "sAMLProviderArn")) ??
    text(field(parameters, "url")) ??
    text(field(parameters, "openIDConnectProviderArn")) ??
    text(field(response, "sAMLProviderArn")) ??
    text(field(response, "openIDConnectProviderArn")) ??
    "an unnamed provider"
  );
}

const URL_SCHEME = /^https:\/\//;

/** The provider's host or name, so an ARN (…:oidc-provider/host), its URL (https://host) and its name key alike. */
function providerKey(provider: string): string {
  const slash = provider.indexOf("-provider/");
  if (provider.startsWith("arn:") && slash > 0) return provider.slice(slash + "-provider/".length);
  return provider.replace(URL_SCHEME, "");
}

export const identityProviderChangedRule: CloudTrailRule = {
  id: "identity-provider-changed",
  kind: "cloudtrail",
  findingTypes: [IDENTITY_PROVIDER_CHANGED],
  triggers: [{ eventSource: "iam.amazonaws.com", eventNames: Object.keys(CHANGES) }],
  evaluate(event, _context, emit) {
    const kind = CHANGES[event.eventName];
    if (!kind || !succeeded(event) || isServiceLinkedRoleSession(event.identity)) return;
    const provider = providerName(event);
    const change = `${kind.verb}: ${provider}`;
    emit(
      apiCallCandidate(IDENTITY_PROVIDER_CHANGED, event, {
        key: [providerKey(provider)],
        severity: kind.saml && !isPipelineCall(event) ? SEVERITY.MEDIUM : SEVERITY.LOW,
        affectedResources: { [kind.saml ? "AWS::IAM::SAMLProvider" : "AWS::IAM::OIDCProvider"]: provider },
        templateValues: { change },
        additionalInfo: { change },
      }),
    );
  },
};
