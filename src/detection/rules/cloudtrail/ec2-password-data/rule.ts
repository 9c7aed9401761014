/**
 * EC2 GetPasswordData: the encrypted Windows Administrator password of an instance.
 *
 * - CredentialAccess:IAMUser/EC2PasswordDataRetrieved (Low): one successful call by a principal, not
 *   by AWS acting for the account. Administrators retrieve a password now and then; kept Low.
 * - CredentialAccess:IAMUser/EC2PasswordDataRetrievalBurst (High): within `windowMs` one identity asks
 *   for the password data of ≥ `minInstances` distinct instances, or is refused ≥ `minFailures` times.
 *   Failed attempts count: an attacker without the permission (Client.UnauthorizedOperation) or
 *   guessing instance ids (Client.InvalidInstanceID.NotFound) shows the same intent, and a single
 *   failed call raises nothing (the discovery rules own bursts of denied calls in general).
 *   Calls on one instance are counted once for `minInstances`: `aws ec2 wait password-data-available`
 *   polls one instance every 15 seconds while a new Windows instance boots.
 */
import type { CloudTrailEvent } from "../../../events.js";
import type { CloudTrailRule, WindowedRule } from "../../../engine/types.js";
import { isAwsActingForAccount } from "../shared/aws-acting.js";
import { apiCallCandidate } from "../shared/candidate.js";
import { distinctBurstRule, valuesWith, type BurstPartial } from "../shared/distinct-burst.js";
import { principalKey } from "../shared/identity.js";
import { field, succeeded, text } from "../shared/request.js";
import { size } from "../../flow/shared/capped.js";
import { EC2_PASSWORD_DATA_BURST, EC2_PASSWORD_DATA_RETRIEVED } from "./meta.js";

export type PasswordDataSettings = { windowMs: number; minInstances: number; minFailures: number };

export const PASSWORD_DATA_DEFAULTS: PasswordDataSettings = { windowMs: 10 * 60_000, minInstances: 5, minFailures: 10 };

const SOURCE = "ec2.amazonaws.com";
const EXAMPLES = 5;

function instanceOf(event: CloudTrailEvent): string | undefined {
  return text(field(event.requestParameters, "instanceId"));
}

export const ec2PasswordDataRule: CloudTrailRule = {
  id: "ec2-password-data",
  kind: "cloudtrail",
  findingTypes: [EC2_PASSWORD_DATA_RETRIEVED],
  triggers: [{ eventSource: SOURCE, eventNames: ["GetPasswordData"] }],
  evaluate(event, _context, emit) {
    if (!succeeded(event) || isAwsActingForAccount(event)) return;
    const instance = instanceOf(event) ?? "an instance";
    emit(
      apiCallCandidate(EC2_PASSWORD_DATA_RETRIEVED, event, {
        key: [principalKey(event.identity)],
        affectedResources: { "AWS::EC2::Instance": instance },
        templateValues: { instance },
      }),
    );
  },
};

export function ec2PasswordDataBurstRule(overrides: Partial<PasswordDataSettings> = {}): WindowedRule<CloudTrailEvent, BurstPartial> {
  const settings = { ...PASSWORD_DATA_DEFAULTS, ...overrides };
  return distinctBurstRule({
    id: "ec2-password-data.burst",
    meta: EC2_PASSWORD_DATA_BURST,
    windowMs: settings.windowMs,
    eventSource: SOURCE,
    eventNames: new Set(["GetPasswordData"]),
    maxValues: Math.max(64, settings.minInstances),
    subjectOf: (event) => (isAwsActingForAccount(event) ? undefined : principalKey(event.identity)),
    valuesOf: (event) => [instanceOf(event) ?? "(no instance id)"],
    judge(partial) {
      const instances = size(partial.values);
      if (instances < settings.minInstances && partial.failures < settings.minFailures) return undefined;
      const examples = valuesWith(partial.values, 0, EXAMPLES);
      return {
        templateValues: { instances: String(instances), calls: String(partial.calls), failures: String(partial.failures), examples: examples.join(", ") },
        additionalInfo: { instanceCount: instances, failedCalls: partial.failures, instances: examples },
      };
    },
  });
}
