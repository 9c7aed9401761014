/**
 * CredentialAccess:IAMUser/SSMParametersBulkDecrypted — many distinct Systems Manager parameters read
 * with `withDecryption: true` by one identity within `windowMs` (default ≥ 10 in 10 minutes; High from
 * 30), through GetParameter, GetParameters (up to 10 names a call) and GetParametersByPath (a
 * hierarchy counts once). Decrypting the whole store (GetParametersByPath "/" recursive) fires on
 * its own, High.
 *
 * The request does not say which parameters are SecureStrings: `withDecryption` on plain strings is
 * counted too, which is why the threshold sits above the handful a workload reads at start.
 * Quiet on: reads without decryption, failed calls, AWS acting for the account (ECS and Lambda
 * injecting configured parameters, CloudFormation resolving `ssm-secure` references), AWS's public
 * parameters, and the same parameters read again and again (distinct names are counted).
 * Infrastructure as code: Terraform and Pulumi read every parameter they manage back with decryption
 * after creating it and on each refresh (a plan, a destroy), and list its tags with it
 * (ListTagsForResource). A parameter whose tags the same identity listed in the window is managed,
 * not harvested, and is not counted; dumping tools read values, not tags. (Stopping to count a value
 * can lower the window's count; the store raises a window once, when it first crosses.)
 * Trade-off: a service reading ten or more distinct parameters each start (one by one) fires; such
 * services usually read a hierarchy with GetParametersByPath instead, which counts once.
 */
import type { CloudTrailEvent } from "../../../events.js";
import type { WindowedRule } from "../../../engine/types.js";
import { isAwsActingForAccount } from "../shared/aws-acting.js";
import { countWith, distinctBurstRule, SUCCEEDED, valuesWith, type BurstPartial } from "../shared/distinct-burst.js";
import { principalKey } from "../shared/identity.js";
import { succeeded } from "../shared/request.js";
import { SSM_PARAMETERS_BULK_DECRYPTED } from "./meta.js";
import { decryptedParameters, EVERYTHING, taggedParameter } from "./parameter-names.js";

export type SsmBulkSettings = { windowMs: number; minDistinct: number; highDistinct: number };

export const SSM_BULK_DEFAULTS: SsmBulkSettings = { windowMs: 10 * 60_000, minDistinct: 10, highDistinct: 30 };

const EXAMPLES = 5;
/** A parameter the identity also read the tags of: managed by it (see above). */
const MANAGED = 4;

export function ssmParametersBulkDecryptedRule(overrides: Partial<SsmBulkSettings> = {}): WindowedRule<CloudTrailEvent, BurstPartial> {
  const settings = { ...SSM_BULK_DEFAULTS, ...overrides };
  return distinctBurstRule({
    id: "ssm-parameters-bulk-decrypted",
    meta: SSM_PARAMETERS_BULK_DECRYPTED,
    windowMs: settings.windowMs,
    eventSource: "ssm.amazonaws.com",
    eventNames: new Set(["GetParameter", "GetParameters", "GetParametersByPath", "ListTagsForResource"]),
    maxValues: Math.max(64, settings.highDistinct),
    subjectOf: (event) => (succeeded(event) && !isAwsActingForAccount(event) ? principalKey(event.identity) : undefined),
    valuesOf(event) {
      if (event.eventName !== "ListTagsForResource") return decryptedParameters(event.eventName, event.requestParameters);
      const tagged = taggedParameter(event.requestParameters);
      return tagged ? [tagged] : [];
    },
    flagsOf: (event) => (event.eventName === "ListTagsForResource" ? MANAGED : SUCCEEDED),
    isExample: (sample) => sample.eventName !== "ListTagsForResource",
    judge(partial) {
      const distinct = countWith(partial.values, SUCCEEDED, MANAGED);
      const everything = EVERYTHING in partial.values;
      if (distinct < settings.minDistinct && !everything) return undefined;
      const examples = valuesWith(partial.values, SUCCEEDED, EXAMPLES, MANAGED);
      const how = everything ? "including every parameter under the root path" : `${partial.calls} calls within ${settings.windowMs / 60_000} minutes`;
      return {
        severity: everything || distinct >= settings.highDistinct ? 8 : undefined,
        templateValues: { parameters: `${distinct} distinct parameters or hierarchies`, how, examples: examples.join(", ") },
        additionalInfo: { parameterCount: distinct, parameters: examples, wholeStore: everything },
      };
    },
  });
}
