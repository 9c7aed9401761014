/**
 * CredentialAccess:IAMUser/SecretsBulkRetrieval — secret values read in bulk, two ways:
 *
 * - one call for many: BatchGetSecretValue with `filters` (every secret that matches, often all of
 *   them) or with a `secretIdList` of at least `minDistinct` secrets (`secretsBatchRetrievalRule`);
 * - many distinct secrets read by one identity within `windowMs` through GetSecretValue (and small
 *   batches) (`secretsRetrievalBurstRule`, default ≥ 5 distinct secrets in 10 minutes).
 *
 * Quiet on: an application reading its one or two secrets again and again (distinct secrets are
 * counted, not calls), ECS, Lambda or CloudFormation resolving secrets for a task or stack (AWS acting
 * for the account, see shared/aws-acting.ts), and failed calls (nothing was read; a burst of denied
 * calls is the discovery rules' signal).
 * A GetSecretValue naming a `versionId` reads back a version the caller already knows: what
 * infrastructure as code does after writing one and on every refresh (Terraform's
 * aws_secretsmanager_secret_version), while a dump reads the current values by secret id. Such
 * reads are not counted.
 * Trade-off: a configuration reading five or more secrets by id in one run (Terraform data sources)
 * looks the same as a dump; raise `minDistinct` for such pipelines rather than skipping callers by
 * user agent, which an attacker would copy.
 */
import type { CloudTrailEvent } from "../../../events.js";
import type { CloudTrailRule, WindowedRule } from "../../../engine/types.js";
import { isAwsActingForAccount } from "../shared/aws-acting.js";
import { apiCallCandidate } from "../shared/candidate.js";
import { countWith, distinctBurstRule, SUCCEEDED, valuesWith, type BurstPartial } from "../shared/distinct-burst.js";
import { principalKey } from "../shared/identity.js";
import { field, succeeded } from "../shared/request.js";
import { SECRETS_BULK_RETRIEVAL } from "./meta.js";
import { namedSecrets, secretFilters } from "./secret-ids.js";

export type SecretsBulkSettings = { windowMs: number; minDistinct: number; highDistinct: number };

export const SECRETS_BULK_DEFAULTS: SecretsBulkSettings = { windowMs: 10 * 60_000, minDistinct: 5, highDistinct: 20 };

const SOURCE = "secretsmanager.amazonaws.com";
const EXAMPLES = 5;

function severityFor(distinct: number, settings: SecretsBulkSettings): number | undefined {
  return distinct >= settings.highDistinct ? 8 : undefined;
}

export function secretsBatchRetrievalRule(overrides: Partial<SecretsBulkSettings> = {}): CloudTrailRule {
  const settings = { ...SECRETS_BULK_DEFAULTS, ...overrides };
  return {
    id: "secrets-bulk-retrieval",
    kind: "cloudtrail",
    findingTypes: [SECRETS_BULK_RETRIEVAL],
    triggers: [{ eventSource: SOURCE, eventNames: ["BatchGetSecretValue"] }],
    evaluate(event, _context, emit) {
      if (!succeeded(event) || isAwsActingForAccount(event)) return;
      const filters = secretFilters(event.requestParameters);
      const named = namedSecrets(event.requestParameters);
      const distinct = new Set(named).size;
      if (!filters && distinct < settings.minDistinct) return;
      const how = filters ? `one BatchGetSecretValue call returning every secret matching ${filters}` : "one BatchGetSecretValue call";
      emit(
        apiCallCandidate(SECRETS_BULK_RETRIEVAL, event, {
          key: [principalKey(event.identity)],
          severity: filters ? 8 : severityFor(distinct, settings),
          templateValues: { secrets: filters ? "every secret matching a filter" : `${distinct} distinct secrets`, how, examples: named.slice(0, EXAMPLES).join(", ") || filters! },
          additionalInfo: { filters, secretCount: distinct, secrets: named.slice(0, EXAMPLES) },
        }),
      );
    },
  };
}

function countedSubject(event: CloudTrailEvent): string | undefined {
  return succeeded(event) && !isAwsActingForAccount(event) ? principalKey(event.identity) : undefined;
}

export function secretsRetrievalBurstRule(overrides: Partial<SecretsBulkSettings> = {}): WindowedRule<CloudTrailEvent, BurstPartial> {
  const settings = { ...SECRETS_BULK_DEFAULTS, ...overrides };
  return distinctBurstRule({
    id: "secrets-bulk-retrieval.burst",
    meta: SECRETS_BULK_RETRIEVAL,
    windowMs: settings.windowMs,
    eventSource: SOURCE,
    eventNames: new Set(["GetSecretValue", "BatchGetSecretValue"]),
    maxValues: Math.max(64, settings.highDistinct),
    subjectOf: countedSubject,
    valuesOf: (event) => (field(event.requestParameters, "versionId") === undefined ? namedSecrets(event.requestParameters) : []),
    judge(partial) {
      const distinct = countWith(partial.values, SUCCEEDED);
      if (distinct < settings.minDistinct) return undefined;
      const examples = valuesWith(partial.values, SUCCEEDED, EXAMPLES);
      return {
        severity: severityFor(distinct, settings),
        templateValues: { secrets: `${distinct} distinct secrets`, how: `${partial.calls} calls within ${settings.windowMs / 60_000} minutes`, examples: examples.join(", ") },
        additionalInfo: { secretCount: distinct, secrets: examples },
      };
    },
  });
}
