/**
 * SSM remote execution by one identity within a window:
 * - Execution:IAMUser/SSMCommandOnManyInstances — SendCommand reaching two or more distinct
 *   instances (one call listing several, or calls one after another), or any call addressed by
 *   targets (tags, resource groups, "*": an unknown number of instances).
 * - Execution:IAMUser/SSMSessionStarted — StartSession: Low for one instance (administrators do it),
 *   Medium from three.
 * Calls that failed ran nothing and are left out (refusals are DeniedCallsBurst's); so are calls made
 * by AWS services (State Manager associations, Patch Manager: invokedBy), which run what was
 * configured before.
 */
import type { CloudTrailEvent } from "../../../events.js";
import { SEVERITY, type WindowedRule } from "../../../engine/types.js";
import { isAwsActingForAccount } from "../shared/aws-acting.js";
import { apiCallCandidate } from "../shared/candidate.js";
import { identityBurstRule, type IdentityBurstPartial } from "../shared/identity-burst.js";
import { principalKey } from "../shared/identity.js";
import { asArray, field, text } from "../shared/request.js";
import { SSM_COMMAND_ON_MANY_INSTANCES, SSM_SESSION_STARTED } from "./meta.js";

export type SsmSettings = { windowMs: number; commandInstances: number; sessionInstances: number };

export const SSM_DEFAULTS: SsmSettings = { windowMs: 10 * 60_000, commandInstances: 2, sessionInstances: 3 };

const COMMAND = "command";
const SESSION = "session";
/** Value prefixes: an instance reached, a targets expression, a document run. */
const INSTANCE = "i:";
const TARGETS = "t:";
const DOCUMENT = "d:";

function strings(value: unknown): string[] {
  return asArray(value).filter((item): item is string => typeof item === "string");
}

/** What one SendCommand reaches and runs, as window values. */
function commandValues(parameters: Record<string, unknown> | null): string[] {
  const values = strings(field(parameters, "instanceIds")).map((id) => INSTANCE + id);
  for (const target of asArray(field(parameters, "targets"))) {
    const key = text(field(target, "key")) ?? "";
    const targetValues = strings(field(target, "values"));
    if (key === "InstanceIds") values.push(...targetValues.map((id) => INSTANCE + id));
    else values.push(`${TARGETS}${key}=${targetValues.join(",")}`);
  }
  const document = text(field(parameters, "documentName"));
  if (document) values.push(DOCUMENT + document);
  return values;
}

function withPrefix(values: readonly string[], prefix: string): string[] {
  return values.filter((value) => value.startsWith(prefix)).map((value) => value.slice(prefix.length));
}

export function ssmRemoteExecutionRule(overrides: Partial<SsmSettings> = {}): WindowedRule<CloudTrailEvent, IdentityBurstPartial> {
  const settings = { ...SSM_DEFAULTS, ...overrides };
  const window = String(settings.windowMs / 60_000);
  return identityBurstRule({
    id: "ssm-remote-execution",
    findingTypes: [SSM_COMMAND_ON_MANY_INSTANCES, SSM_SESSION_STARTED],
    settings: { windowMs: settings.windowMs, cap: 128 },
    triggers: [{ eventSource: "ssm.amazonaws.com", eventNames: ["StartSession", "SendCommand"] }],
    observe(event) {
      if (event.eventSource !== "ssm.amazonaws.com" || event.errorCode !== undefined) return undefined;
      if (event.eventName !== "StartSession" && event.eventName !== "SendCommand") return undefined;
      if (isAwsActingForAccount(event)) return undefined;
      if (event.eventName === "SendCommand") return { subject: COMMAND, values: commandValues(event.requestParameters) };
      const target = text(field(event.requestParameters, "target"));
      return target ? { subject: SESSION, values: [target] } : undefined;
    },
    decide(values, sample, subject, _context, emit) {
      const key = [principalKey(sample.identity)];
      if (subject === SESSION) {
        emit(
          apiCallCandidate(SSM_SESSION_STARTED, sample, {
            key,
            severity: values.length >= settings.sessionInstances ? SEVERITY.MEDIUM : SSM_SESSION_STARTED.severity,
            affectedResources: { "AWS::EC2::Instance": values.join(",") },
            templateValues: { count: String(values.length), targetList: values.join(", "), window },
            additionalInfo: { targets: values, windowMinutes: settings.windowMs / 60_000 },
          }),
        );
        return;
      }
      const instances = withPrefix(values, INSTANCE);
      const targets = withPrefix(values, TARGETS);
      if (targets.length === 0 && instances.length < settings.commandInstances) return;
      const reach = [instances.length > 0 ? `${instances.length} instance(s)` : "", targets.length > 0 ? `the instances matching ${targets.join("; ")}` : ""]
        .filter(Boolean)
        .join(" and ");
      emit(
        apiCallCandidate(SSM_COMMAND_ON_MANY_INSTANCES, sample, {
          key,
          affectedResources: { "AWS::EC2::Instance": instances.join(",") },
          templateValues: { reach, documents: withPrefix(values, DOCUMENT).join(", ") || "unnamed document", targetList: instances.length ? ` (${instances.join(", ")})` : "", window },
          additionalInfo: { instances, targets, documents: withPrefix(values, DOCUMENT), windowMinutes: settings.windowMs / 60_000 },
        }),
      );
    },
  });
}
