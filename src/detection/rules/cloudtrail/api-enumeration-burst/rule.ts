/**
 * Discovery:IAMUser/APIEnumerationBurst — one identity walks the account's inventories: within a
 * window it makes many distinct account-wide reads (List/Describe/Get calls that name no resource)
 * across several services, or several of the inventory reads attackers make first (whoami, users,
 * roles, buckets, secrets, trails, detectors, mail quotas — RECON_APIS).
 *
 * What stays quiet, and why (measured on the benign console activity of the OTRF capture: an EC2
 * console page load makes ~27 distinct reads in 4 services):
 * - Infrastructure as code reads what it manages by id or filter (DescribeInstances with instance
 *   ids, GetBucketPolicy of its bucket): scoped reads are not counted, only inventories are.
 * - Console page loads list a lot: console calls (user agent naming the console) are counted apart,
 *   need twice the breadth, and raise Low. A forged console agent only lowers the severity.
 * - AWS services acting for the account (invokedBy, AwsServiceEvent) are left out.
 * Failed reads count too: enumeration that is refused is still enumeration.
 */
import type { CloudTrailEvent } from "../../../events.js";
import { SEVERITY, type WindowedRule } from "../../../engine/types.js";
import { isAwsActingForAccount } from "../shared/aws-acting.js";
import { apiCallCandidate } from "../shared/candidate.js";
import { isConsoleCall } from "../shared/console-call.js";
import { identityBurstRule, type IdentityBurstPartial } from "../shared/identity-burst.js";
import { principalKey } from "../shared/identity.js";
import { API_ENUMERATION_BURST } from "./meta.js";
import { isManagementRead, isUnscoped, RECON_APIS, RECON_EVEN_SCOPED } from "./read-calls.js";

export type ApiEnumerationSettings = {
  windowMs: number;
  /** Distinct account-wide read APIs… */
  minApis: number;
  /** …in at least this many services. */
  minServices: number;
  /** Or this many distinct RECON_APIS, in any services. */
  minReconApis: number;
  /** Console calls need this many times the breadth (the recon count does not apply to them). */
  consoleFactor: number;
};

export const API_ENUMERATION_DEFAULTS: ApiEnumerationSettings = { windowMs: 10 * 60_000, minApis: 20, minServices: 3, minReconApis: 4, consoleFactor: 2 };

const CONSOLE = "console";
const API = "api";


/**
 * "<eventSource>:<eventName>", built once per distinct API rather than once per call. AWS has some
 * 15,000 APIs; past MAX_NAMES (names that are not real APIs) they are built per call instead.
 */
const apiNames = new Map<string, string>();
const MAX_NAMES = 20_000;

function apiName(event: CloudTrailEvent): string {
  const known = apiNames.get(event.eventName);
  if (known !== undefined && known.length === event.eventSource.length + 1 + event.eventName.length && known.startsWith(event.eventSource)) return known;
  const name = `${event.eventSource}:${event.eventName}`;
  if (apiNames.size < MAX_NAMES) apiNames.set(event.eventName, name);
  return name;
}

function serviceOf(value: string): string {
  return value.slice(0, value.indexOf(":"));
}

export function apiEnumerationBurstRule(overrides: Partial<ApiEnumerationSettings> = {}): WindowedRule<CloudTrailEvent, IdentityBurstPartial> {
  const settings = { ...API_ENUMERATION_DEFAULTS, ...overrides };
  return identityBurstRule({
    id: "api-enumeration-burst",
    findingTypes: [API_ENUMERATION_BURST],
    settings: { windowMs: settings.windowMs, cap: 128 },
    observe(event) {
      if (!isManagementRead(event) || isAwsActingForAccount(event)) return undefined;
      const name = apiName(event);
      if (!isUnscoped(event.requestParameters) && !RECON_EVEN_SCOPED.has(name)) return undefined;
      return { subject: isConsoleCall(event) ? CONSOLE : API, values: [name] };
    },
    decide(values, sample, subject, _context, emit) {
      const viaConsole = subject === CONSOLE;
      const factor = viaConsole ? settings.consoleFactor : 1;
      // Decided per window and batch: most windows hold too few APIs to fire, told before any set is built.
      if (values.length < (viaConsole ? settings.minApis * factor : Math.min(settings.minApis, settings.minReconApis))) return;
      const services = [...new Set(values.map(serviceOf))].sort();
      const recon = values.filter((value) => RECON_APIS.has(value));
      const broad = values.length >= settings.minApis * factor && services.length >= settings.minServices * factor;
      const targeted = !viaConsole && recon.length >= settings.minReconApis;
      if (!broad && !targeted) return;
      emit(
        apiCallCandidate(API_ENUMERATION_BURST, sample, {
          key: [principalKey(sample.identity)],
          severity: viaConsole ? SEVERITY.LOW : API_ENUMERATION_BURST.severity,
          templateValues: {
            apis: String(values.length),
            services: String(services.length),
            serviceList: services.join(", "),
            recon: String(recon.length),
            reconList: recon.join(", ") || "none",
            window: String(settings.windowMs / 60_000),
          },
          additionalInfo: { distinctApis: values.length, services, reconApis: recon, viaConsole, windowMinutes: settings.windowMs / 60_000 },
        }),
      );
    },
  });
}
