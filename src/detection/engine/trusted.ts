/**
 * GuardDuty generates no finding for an address or domain on the account's trusted list ("trusted
 * beats threat"). The engine applies it to candidates rather than to events: candidates are rare,
 * so the list is consulted a handful of times per batch instead of once per event.
 */
import type { IntelLookup } from "../intel/lookup.js";
import type { FindingCandidate } from "./types.js";

export function isTrustedCounterpart(candidate: FindingCandidate, intel: IntelLookup): boolean {
  const action = candidate.action;
  const account = candidate.accountId;
  switch (action.actionType) {
    case "AWS_API_CALL":
      return intel.isTrustedIp(account, action.caller);
    case "NETWORK_CONNECTION":
      return action.remoteIp !== undefined && intel.isTrustedIp(account, action.remoteIp);
    case "PORT_PROBE":
      return action.probes.length > 0 && action.probes.every((probe) => intel.isTrustedIp(account, probe.remoteIp));
    case "DNS_REQUEST":
      return intel.isTrustedDomain(account, action.domain);
  }
}
