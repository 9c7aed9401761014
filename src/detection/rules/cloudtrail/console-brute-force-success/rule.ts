/**
 * CredentialAccess:IAMUser/ConsoleBruteForceSuccess — a successful console sign-in of a user who
 * failed to sign in ≥ `minFailures` times (default 5) earlier in the same `windowMs` (default 30
 * minutes), from any address (a spray rotates them). Keyed on the user: account + user name.
 *
 * "Earlier" is judged on the window's first failure and its latest success, which merge without
 * keeping every timestamp: failures that all came after the success are not counted as leading to
 * it, though a success followed by more failures than the threshold and then a second success is.
 * People mistype a password two or three times; five and a success is rare for them.
 * Names CloudTrail hides (users that do not exist) never succeed and are not counted.
 */
import type { CloudTrailEvent } from "../../../events.js";
import type { WindowedRule } from "../../../engine/types.js";
import { windowStart } from "../../../engine/windows.js";
import { apiCallCandidate } from "../shared/candidate.js";
import { consoleLoginOutcome, HIDDEN_USER, signInUser, SIGNIN_SOURCE } from "../shared/console-login.js";
import { laterSample, sampleOf, type BurstSample } from "../shared/distinct-burst.js";
import { CONSOLE_BRUTE_FORCE_SUCCESS } from "./meta.js";

export type BruteForceSuccessSettings = { windowMs: number; minFailures: number };

export const BRUTE_FORCE_SUCCESS_DEFAULTS: BruteForceSuccessSettings = { windowMs: 30 * 60_000, minFailures: 5 };

const MAX_ADDRESSES = 32;

export type BruteForcePartial = {
  failures: number;
  /** Epoch ms of the earliest failure; null when none. */
  firstFailure: number | null;
  /** Addresses the failures came from, sorted, at most MAX_ADDRESSES. */
  addresses: string[];
  success: BurstSample | null;
};

function laterSuccess(a: BurstSample | null, b: BurstSample | null): BurstSample | null {
  return a && b ? laterSample(a, b) : (a ?? b);
}

function earlier(a: number | null, b: number | null): number | null {
  if (a === null || b === null) return a ?? b;
  return Math.min(a, b);
}

function unionAddresses(a: string[], b: string[]): string[] {
  return [...new Set([...a, ...b])].sort().slice(0, MAX_ADDRESSES);
}

export function consoleBruteForceSuccessRule(overrides: Partial<BruteForceSuccessSettings> = {}): WindowedRule<CloudTrailEvent, BruteForcePartial> {
  const settings = { ...BRUTE_FORCE_SUCCESS_DEFAULTS, ...overrides };
  return {
    id: "console-brute-force-success",
    kind: "cloudtrail",
    findingTypes: [CONSOLE_BRUTE_FORCE_SUCCESS],
    windowMs: settings.windowMs,
    triggers: [{ eventSource: SIGNIN_SOURCE, eventNames: ["ConsoleLogin"] }],
    accumulate(event, _context, partials) {
      if (event.eventSource !== SIGNIN_SOURCE || event.eventName !== "ConsoleLogin") return;
      const outcome = consoleLoginOutcome(event);
      const user = signInUser(event);
      if (!outcome || user === HIDDEN_USER) return;
      const key = `${windowStart(event.time, settings.windowMs)}|${event.accountId}|${user}`;
      let partial = partials.get(key);
      if (!partial) partials.set(key, (partial = { failures: 0, firstFailure: null, addresses: [], success: null }));
      if (outcome === "Success") {
        partial.success = laterSuccess(partial.success, sampleOf(event));
        return;
      }
      partial.failures += 1;
      partial.firstFailure = earlier(partial.firstFailure, event.time);
      if (!partial.addresses.includes(event.sourceIp)) partial.addresses = unionAddresses(partial.addresses, [event.sourceIp]);
    },
    merge: (a, b) => ({
      failures: a.failures + b.failures,
      firstFailure: earlier(a.firstFailure, b.firstFailure),
      addresses: unionAddresses(a.addresses, b.addresses),
      success: laterSuccess(a.success, b.success),
    }),
    decide(key, merged, _context, emit) {
      const success = merged.success;
      if (!success || merged.firstFailure === null || merged.failures < settings.minFailures || merged.firstFailure >= success.time) return;
      const user = key.slice(key.indexOf("|", key.indexOf("|") + 1) + 1);
      emit(
        apiCallCandidate(CONSOLE_BRUTE_FORCE_SUCCESS, success, {
          key: [user],
          templateValues: { failures: String(merged.failures), windowMinutes: String(settings.windowMs / 60_000), addresses: String(merged.addresses.length) },
          additionalInfo: { failures: merged.failures, failureAddresses: merged.addresses, windowMinutes: settings.windowMs / 60_000 },
        }),
      );
    },
  };
}
