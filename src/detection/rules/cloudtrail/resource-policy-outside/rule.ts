/**
 * Exfiltration:IAMUser/ResourceSharedOutside — a successful call that opens a KMS key, secret, ECR
 * repository, SQS queue, SNS topic, EFS file system, Backup vault or OpenSearch domain to everyone
 * (a "*" principal no condition pins down, read as for bucket policies: shared/policy-exposure.ts)
 * or to an outside account (shared/accounts.ts; statements pinned to an organization excepted).
 * KMS grants AWS services create for the account (attaching an encrypted volume, a Lambda using
 * its key) are service-invoked and name AWS-owned grantees: they are left alone, whatever account
 * the grantee is in. Resources created without a policy get the default one, which is private.
 */
import type { CloudTrailEvent } from "../../../events.js";
import type { CloudTrailRule, DetectionContext } from "../../../engine/types.js";
import { isOutsideAccount, principalAccount } from "../shared/accounts.js";
import { apiCallCandidate } from "../shared/candidate.js";
import { isServiceInvoked } from "../shared/identity.js";
import { policyAccountGrants, policyGrants } from "../shared/policy-exposure.js";
import { sharedWith, type SharingGrant } from "../shared/permission-grants.js";
import { jsonDocument, succeeded } from "../shared/request.js";
import { RESOURCE_SHARED_OUTSIDE } from "./meta.js";
import { RESOURCE_CALLS, RESOURCE_TYPES, type ResourceCall } from "./resource-calls.js";

/** eventSource → eventName → call, read without building a key per event. */
const CALLS = new Map<string, Map<string, ResourceCall>>();
for (const call of RESOURCE_CALLS) {
  const byName = CALLS.get(call.eventSource) ?? new Map<string, ResourceCall>();
  CALLS.set(call.eventSource, byName.set(call.eventName, call));
}

type Exposure = SharingGrant & { grants: string[] };

function policyExposure(document: unknown, event: CloudTrailEvent, context: DetectionContext): Exposure | undefined {
  const policy = jsonDocument(document);
  if (!policy) return undefined;
  const open = policyGrants(policy).map((grant) => grant.statement);
  const outside = policyAccountGrants(policy, (account) => isOutsideAccount(account, event, context));
  if (open.length === 0 && outside.length === 0) return undefined;
  return { public: open.length > 0, outsideAccounts: outside.map((grant) => grant.account), grants: [...open, ...outside.map((grant) => grant.statement)] };
}

function principalExposure(principals: string[], event: CloudTrailEvent, context: DetectionContext): Exposure | undefined {
  const isPublic = principals.some((principal) => principal.trim() === "*");
  const accounts = principals.map(principalAccount).filter((account): account is string => !!account && isOutsideAccount(account, event, context));
  const outsideAccounts = [...new Set(accounts)];
  if (!isPublic && outsideAccounts.length === 0) return undefined;
  return { public: isPublic, outsideAccounts, grants: [`${event.eventName} to ${principals.join(", ")}`] };
}

function exposureOf(call: ResourceCall, event: CloudTrailEvent, context: DetectionContext): Exposure | undefined {
  if (call.principals) {
    if (event.eventName === "CreateGrant" && (isServiceInvoked(event) || event.identity.type === "AWSService")) return undefined;
    return principalExposure(call.principals(event.requestParameters), event, context);
  }
  const document = call.policy?.(event.requestParameters);
  return document === undefined ? undefined : policyExposure(document, event, context);
}

export const resourcePolicyOutsideRule: CloudTrailRule = {
  id: "resource-policy-outside",
  kind: "cloudtrail",
  findingTypes: [RESOURCE_SHARED_OUTSIDE],
  triggers: [...CALLS].map(([eventSource, byName]) => ({ eventSource, eventNames: [...byName.keys()] })),
  evaluate(event, context, emit) {
    if (!succeeded(event)) return;
    const call = CALLS.get(event.eventSource)?.get(event.eventName);
    const exposure = call && exposureOf(call, event, context);
    if (!call || !exposure) return;
    const resource = call.resource(event.requestParameters) ?? `an unnamed ${call.kind}`;
    emit(
      apiCallCandidate(RESOURCE_SHARED_OUTSIDE, event, {
        key: [call.kind, resource],
        severity: exposure.public ? 8 : RESOURCE_SHARED_OUTSIDE.severity,
        affectedResources: { [RESOURCE_TYPES[call.kind]]: resource },
        templateValues: { kind: call.kind, resource, sharedWith: sharedWith(exposure), grants: exposure.grants.join("; ") },
        additionalInfo: { public: exposure.public, outsideAccounts: exposure.outsideAccounts, grants: exposure.grants },
        remoteAccountDetails: exposure.outsideAccounts.length > 0 ? { accountId: exposure.outsideAccounts[0], affiliated: false } : undefined,
      }),
    );
  },
};
