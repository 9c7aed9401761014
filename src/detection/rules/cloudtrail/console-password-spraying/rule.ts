/**
 * CredentialAccess:IAMUser/ConsolePasswordSpraying — failed console sign-ins from one source address
 * within `windowMs` (default 30 minutes) for ≥ `minUsers` distinct user names (default 5), or
 * ≥ `minFailures` failures whatever the names (default 20): CloudTrail hides the names of users that
 * do not exist, so a spray of guessed names shows as one hidden name failing many times.
 * An office behind one NAT address where several people mistype their password in half an hour is
 * the benign case that comes closest; five distinct users is above it.
 */
import type { CloudTrailEvent } from "../../../events.js";
import type { WindowedRule } from "../../../engine/types.js";
import { size } from "../../flow/shared/capped.js";
import { consoleLoginOutcome, signInUser, SIGNIN_SOURCE } from "../shared/console-login.js";
import { distinctBurstRule, valuesWith, type BurstPartial } from "../shared/distinct-burst.js";
import { CONSOLE_PASSWORD_SPRAYING } from "./meta.js";

export type SprayingSettings = { windowMs: number; minUsers: number; minFailures: number };

export const SPRAYING_DEFAULTS: SprayingSettings = { windowMs: 30 * 60_000, minUsers: 5, minFailures: 20 };

export function consolePasswordSprayingRule(overrides: Partial<SprayingSettings> = {}): WindowedRule<CloudTrailEvent, BurstPartial> {
  const settings = { ...SPRAYING_DEFAULTS, ...overrides };
  return distinctBurstRule({
    id: "console-password-spraying",
    meta: CONSOLE_PASSWORD_SPRAYING,
    windowMs: settings.windowMs,
    eventSource: SIGNIN_SOURCE,
    eventNames: new Set(["ConsoleLogin"]),
    maxValues: Math.max(64, settings.minUsers),
    subjectOf: (event) => (consoleLoginOutcome(event) === "Failure" ? event.sourceIp : undefined),
    valuesOf: (event) => [signInUser(event)],
    judge(partial) {
      const users = size(partial.values);
      if (users < settings.minUsers && partial.calls < settings.minFailures) return undefined;
      const examples = valuesWith(partial.values, 0, 5);
      return {
        templateValues: { failures: String(partial.calls), users: String(users), examples: examples.join(", ") },
        additionalInfo: { failures: partial.calls, userCount: users, users: examples },
      };
    },
  });
}
