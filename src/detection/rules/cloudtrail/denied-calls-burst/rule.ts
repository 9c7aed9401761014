/**
 * Discovery:IAMUser/DeniedCallsBurst — one identity is refused many distinct APIs within a window
 * (AccessDenied, UnauthorizedOperation, …: shared/denied.ts). Distinct APIs, not calls: an
 * application retrying the one call it lacks a permission for is a misconfiguration, not a probe.
 * Calls made by AWS services for the principal (invokedBy, a service name as source address) are
 * left out; console calls are counted apart, need twice as many and raise Low.
 */
import type { CloudTrailEvent } from "../../../events.js";
import { SEVERITY, type WindowedRule } from "../../../engine/types.js";
import { isAwsActingForAccount } from "../shared/aws-acting.js";
import { apiCallCandidate } from "../shared/candidate.js";
import { isConsoleCall } from "../shared/console-call.js";
import { isDeniedCode } from "../shared/denied.js";
import { identityBurstRule, type IdentityBurstPartial } from "../shared/identity-burst.js";
import { principalKey } from "../shared/identity.js";
import { DENIED_CALLS_BURST } from "./meta.js";

export type DeniedCallsSettings = { windowMs: number; minApis: number; consoleFactor: number };

export const DENIED_CALLS_DEFAULTS: DeniedCallsSettings = { windowMs: 10 * 60_000, minApis: 8, consoleFactor: 2 };

const CONSOLE = "console";


export function deniedCallsBurstRule(overrides: Partial<DeniedCallsSettings> = {}): WindowedRule<CloudTrailEvent, IdentityBurstPartial> {
  const settings = { ...DENIED_CALLS_DEFAULTS, ...overrides };
  return identityBurstRule({
    id: "denied-calls-burst",
    findingTypes: [DENIED_CALLS_BURST],
    settings: { windowMs: settings.windowMs, cap: 64 },
    observe(event) {
      if (!isDeniedCode(event.errorCode) || isAwsActingForAccount(event)) return undefined;
      return { subject: isConsoleCall(event) ? CONSOLE : "api", values: [`${event.eventSource}:${event.eventName}`] };
    },
    decide(values, sample, subject, _context, emit) {
      const viaConsole = subject === CONSOLE;
      if (values.length < settings.minApis * (viaConsole ? settings.consoleFactor : 1)) return;
      emit(
        apiCallCandidate(DENIED_CALLS_BURST, sample, {
          key: [principalKey(sample.identity)],
          severity: viaConsole ? SEVERITY.LOW : DENIED_CALLS_BURST.severity,
          templateValues: { apis: String(values.length), apiList: values.join(", "), window: String(settings.windowMs / 60_000) },
          additionalInfo: { deniedApis: values, viaConsole, windowMinutes: settings.windowMs / 60_000 },
        }),
      );
    },
  });
}
