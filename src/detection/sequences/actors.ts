/** Who did a CloudTrail call, as a signal names it. */
import ipaddr from "ipaddr.js";
import { ipv4Mask, parseIpv4 } from "../intel/address/ipv4.js";
import type { CloudTrailEvent } from "../events.js";
import type { SignalActor } from "./signal.js";

const ADDRESS_TEXT = /^[0-9.]+$|^[0-9a-f:.]+$/i;
/** Ranges many callers share: VPC endpoints, NAT, the host itself. */
const SHARED_RANGES = new Set(["private", "loopback", "linkLocal", "uniqueLocal", "unspecified", "carrierGradeNat"]);
/** The IPv4 networks of those ranges, as ipaddr.js names them (no range it checks first overlaps them), as [network, mask]. */
const SHARED_IPV4 = (
  [
    ["0.0.0.0", 8], // unspecified
    ["10.0.0.0", 8], // private
    ["100.64.0.0", 10], // carrierGradeNat
    ["127.0.0.0", 8], // loopback
    ["169.254.0.0", 16], // linkLocal
    ["172.16.0.0", 12], // private
    ["192.168.0.0", 16], // private
  ] as const
).map(([network, prefix]) => [parseIpv4(network), ipv4Mask(prefix)] as const);

/**
 * The caller's address when it can tell one actor from another. Private addresses (calls through VPC
 * endpoints) and AWS service names are shared by everyone behind them. Documentation and reserved
 * ranges are kept: anonymised logs rewrite real addresses into them, and text that looks like an
 * address but does not parse ("06.237.252.245") is kept as it is, for the same reason.
 */
export function actorAddress(sourceIp: string): string | undefined {
  // Most callers are plain dotted quads: those are read here, not by ipaddr.js (a microsecond and a few objects a parse).
  const ipv4 = parseIpv4(sourceIp);
  if (ipv4 >= 0) return SHARED_IPV4.some(([base, mask]) => ((ipv4 & mask) >>> 0) === base) ? undefined : sourceIp;
  if (!ADDRESS_TEXT.test(sourceIp)) return undefined;
  if (!ipaddr.isValid(sourceIp)) return sourceIp.includes(":") || sourceIp.split(".").length === 4 ? sourceIp : undefined;
  return SHARED_RANGES.has(ipaddr.parse(sourceIp).range()) ? undefined : sourceIp;
}

/** The principal behind a call: the user, the role behind a session, or the account's root. */
export function principalOf(event: CloudTrailEvent): string | undefined {
  const { identity } = event;
  if (identity.type === "AssumedRole") return identity.sessionIssuer?.arn ?? identity.arn;
  return identity.arn ?? identity.principalId;
}

export function actorOf(event: CloudTrailEvent): SignalActor {
  const { identity } = event;
  const sessionName = identity.type === "AssumedRole" ? identity.arn?.split("/").pop() : undefined;
  return {
    accessKeyId: identity.accessKeyId,
    principal: principalOf(event),
    userName: identity.type === "AssumedRole" ? identity.sessionIssuer?.userName : identity.userName,
    userType: identity.type,
    ...(sessionName ? { sessionName } : {}),
    ...(identity.mfaAuthenticated !== undefined ? { mfaAuthenticated: identity.mfaAuthenticated } : {}),
    sourceIp: actorAddress(event.sourceIp),
    userAgent: event.userAgent || undefined,
  };
}

/** How a batch's signals name an event's actor. */
export type ActorOf = (event: CloudTrailEvent) => SignalActor;

/**
 * `actorOf` worked out once per event of a batch: the batch groups each event by its actor, then names
 * the first and last event of every signal (parsing its address each time was a quarter of collecting).
 * The actors are shared by the signals that name them, and never changed.
 */
export function batchActors(): ActorOf {
  const known = new Map<CloudTrailEvent, SignalActor>();
  return (event) => {
    let actor = known.get(event);
    if (actor === undefined) known.set(event, (actor = actorOf(event)));
    return actor;
  };
}

/** AWS acting for the account (CloudFormation, service-linked roles) is nobody's attack story. */
export function isAwsActing(event: CloudTrailEvent): boolean {
  return event.identity.type === "AWSService" || event.identity.invokedBy !== undefined;
}

/** "secretsmanager" for "secretsmanager.amazonaws.com". */
export function serviceOf(event: CloudTrailEvent): string {
  return event.eventSource.replace(/\.amazonaws\.com$/, "");
}

/** One actor as logged, for grouping a batch's calls: key, principal and address together. */
export function actorKey(actor: SignalActor): string {
  return `${actor.accessKeyId ?? ""}|${actor.principal ?? ""}|${actor.sourceIp ?? ""}`;
}
