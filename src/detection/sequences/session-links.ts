/**
 * Session links: the session key a user's long-term keys obtained (AssumeRole, GetSessionToken,
 * GetFederationToken), as a context signal that joins the session's signals to the user's story.
 */
import type { CloudTrailEvent } from "../events.js";
import type { ActorOf } from "./actors.js";
import { MAX_SIGNAL_EVENTS, type Signal } from "./signal.js";
import { fold, type Group } from "./weak-signals.js";

const SESSION_CALLS = new Set(["AssumeRole", "GetSessionToken", "GetFederationToken"]);

/** The session key a user's (or root's) long-term keys obtained: the credentials an attacker moves on with. */
export function issuedSessionKey(event: CloudTrailEvent): string | undefined {
  if (event.eventSource !== "sts.amazonaws.com" || !SESSION_CALLS.has(event.eventName) || event.errorCode) return undefined;
  // Roles assuming roles (CI, role chaining) are left out: they would fill the store with every pipeline's sessions.
  if (event.identity.type !== "IAMUser" && event.identity.type !== "Root") return undefined;
  const key = (event.responseElements?.credentials as { accessKeyId?: unknown } | undefined)?.accessKeyId;
  return typeof key === "string" && key ? key : undefined;
}

export function sessionSignal(group: Group, actorOf: ActorOf): Signal {
  const keys = [...new Set(group.events.map(issuedSessionKey))].slice(0, MAX_SIGNAL_EVENTS) as string[];
  const roles = [...new Set(group.events.map((event) => event.requestParameters?.roleArn).filter((role): role is string => typeof role === "string"))];
  const what = group.name === "sts:AssumeRole" ? `assumed role ${roles.map((role) => role.split("/").pop()).join(", ")}` : `obtained ${group.name.split(":")[1]} credentials`;
  return fold(group, actorOf, () => ({
    type: "CLOUD_TRAIL",
    name: group.name,
    api: group.name,
    tactic: "Initial Access",
    stage: 0,
    severity: 1,
    summary: `${what} (session key${keys.length === 1 ? "" : "s"} ${keys.join(", ")})`,
    resources: roles,
    links: keys.map((key) => `key:${key}`),
  }));
}
