/**
 * Bedrock abuse ("LLMjacking") by one identity within a window:
 * - Impact:IAMUser/BedrockModelAccessEnabled — PutFoundationModelEntitlement, PutUseCaseForModelAccess
 *   or CreateFoundationModelAgreement succeeded: Low (3), Medium when the identity also invoked models.
 * - Impact:IAMUser/BedrockInvocationBurst — `minCalls` or more InvokeModel / Converse calls (and their
 *   streaming forms) made with a long-term credential (an IAM user's or root's key) or from a public
 *   address outside AWS. Role sessions called from inside AWS (the application pattern) are not counted.
 *
 * Window values: "access:<api>", "by:<why the caller is suspicious>", "call:<eventId>" for the
 * suspicious invocations, "invoked" once any invocation was seen, "model:<id>". The cap keeps the
 * lowest values in string order: enablement calls and the reasons sort before the calls and are never
 * dropped; past the cap, calls crowd out only "invoked" (implied by the calls) and the model names.
 */
import type { CloudTrailEvent } from "../../../events.js";
import { SEVERITY, type DetectionContext, type WindowedRule } from "../../../engine/types.js";
import { isAwsActingForAccount } from "../shared/aws-acting.js";
import { apiCallCandidate } from "../shared/candidate.js";
import { identityBurstRule, type IdentityBurstPartial } from "../shared/identity-burst.js";
import { principalKey } from "../shared/identity.js";
import { field, text } from "../shared/request.js";
import { sourceAddressKind } from "../shared/source-address.js";
import { BEDROCK_INVOCATION_BURST, BEDROCK_MODEL_ACCESS_ENABLED } from "./meta.js";

export type BedrockSettings = { windowMs: number; minCalls: number };

export const BEDROCK_DEFAULTS: BedrockSettings = { windowMs: 10 * 60_000, minCalls: 20 };

const ACCESS_APIS: ReadonlySet<string> = new Set(["PutFoundationModelEntitlement", "PutUseCaseForModelAccess", "CreateFoundationModelAgreement"]);
const INVOKE_APIS: ReadonlySet<string> = new Set(["InvokeModel", "InvokeModelWithResponseStream", "Converse", "ConverseStream"]);

const ACCESS = "access:";
const CALL = "call:";
const INVOKED = "invoked";
const MODEL = "model:";
const HOW = "by:";

/** How the caller looks unlike an application: a long-term key, or an address outside AWS. */
function suspiciousCaller(event: CloudTrailEvent, context: DetectionContext): string | undefined {
  const type = event.identity.type;
  if (type === "IAMUser" || type === "Root") return "a long-term access key";
  if (sourceAddressKind(event.sourceIp) === "public" && !context.awsRanges.find(event.sourceIp)) return "credentials used from outside AWS";
  return undefined;
}

function withPrefix(values: readonly string[], prefix: string): string[] {
  return values.filter((value) => value.startsWith(prefix)).map((value) => value.slice(prefix.length));
}

export function bedrockModelAbuseRule(overrides: Partial<BedrockSettings> = {}): WindowedRule<CloudTrailEvent, IdentityBurstPartial> {
  const settings = { ...BEDROCK_DEFAULTS, ...overrides };
  const window = String(settings.windowMs / 60_000);
  return identityBurstRule({
    id: "bedrock-model-abuse",
    findingTypes: [BEDROCK_MODEL_ACCESS_ENABLED, BEDROCK_INVOCATION_BURST],
    settings: { windowMs: settings.windowMs, cap: 128 },
    triggers: [{ eventSource: "bedrock.amazonaws.com", eventNames: [...ACCESS_APIS, ...INVOKE_APIS] }],
    observe(event, context) {
      if (event.eventSource !== "bedrock.amazonaws.com" || event.errorCode !== undefined) return undefined;
      const access = ACCESS_APIS.has(event.eventName);
      if (!access && !INVOKE_APIS.has(event.eventName)) return undefined;
      if (isAwsActingForAccount(event)) return undefined;
      if (access) return { subject: "", values: [ACCESS + event.eventName] };
      const model = text(field(event.requestParameters, "modelId"));
      const values = [INVOKED];
      if (model) values.push(MODEL + model);
      const how = suspiciousCaller(event, context);
      if (how) values.push(CALL + event.eventId, HOW + how);
      return { subject: "", values };
    },
    decide(values, sample, _subject, _context, emit) {
      const key = [principalKey(sample.identity)];
      const access = withPrefix(values, ACCESS);
      const invoked = values.includes(INVOKED) || values.some((value) => value.startsWith(CALL));
      const models = withPrefix(values, MODEL).join(", ") || "model ids not kept";
      if (access.length > 0) {
        emit(
          apiCallCandidate(BEDROCK_MODEL_ACCESS_ENABLED, sample, {
            key,
            severity: invoked ? SEVERITY.MEDIUM : BEDROCK_MODEL_ACCESS_ENABLED.severity,
            templateValues: { accessApis: access.join(", "), invoked: invoked ? `, and invoked models (${models})` : "" },
            additionalInfo: { accessApis: access, invokedModels: invoked },
          }),
        );
      }
      const calls = withPrefix(values, CALL).length;
      if (calls < settings.minCalls) return;
      const how = withPrefix(values, HOW).join(" and ");
      emit(
        apiCallCandidate(BEDROCK_INVOCATION_BURST, sample, {
          key,
          templateValues: { calls: String(calls), models, how, window },
          additionalInfo: { calls, models: withPrefix(values, MODEL), windowMinutes: settings.windowMs / 60_000 },
        }),
      );
    },
  });
}
