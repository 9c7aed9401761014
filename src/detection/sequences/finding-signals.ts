/** A finding candidate as a signal: its type, tactic, severity, actor and source event. */
import type { FindingCandidate } from "../engine/types.js";
import type { CloudTrailEvent } from "../events.js";
import { renderTemplate } from "../findings/templates.js";
import { actorAddress, serviceOf, type ActorOf } from "./actors.js";
import { signalId, type S3DataAccess, type Signal, type SignalActor } from "./signal.js";
import { stageOf } from "./tactics.js";
import { weakSignalSpec } from "./weak-signal-table.js";

function s3DataOf(type: string): S3DataAccess | undefined {
  if (!type.includes(":S3/")) return undefined;
  if (type.startsWith("Exfiltration:S3/BucketAccessGranted") || type.startsWith("Exfiltration:S3/Replication") || type.startsWith("Policy:S3/Bucket")) return "exposed";
  if (type.startsWith("Exfiltration:S3/")) return "read";
  if (type.startsWith("Impact:S3/")) return "destroyed";
  return undefined;
}

/** From the source event when the batch holds it (windowed and baseline candidates may name an older one). */
function candidateActor(candidate: FindingCandidate, event: CloudTrailEvent | undefined, actorOf: ActorOf): SignalActor {
  if (event) return actorOf(event);
  const key = candidate.resource.accessKeyDetails;
  const caller = candidate.action.actionType === "AWS_API_CALL" ? candidate.action.caller : undefined;
  return { accessKeyId: key?.accessKeyId, principal: key?.principalId, userName: key?.userName, userType: key?.userType, sourceIp: caller ? actorAddress(caller) : undefined };
}

export function findingSignal(candidate: FindingCandidate, event: CloudTrailEvent | undefined, actorOf: ActorOf): Signal | undefined {
  // Only calls have an identity to follow; instance-side findings (flow, DNS) tell another kind of story.
  if (candidate.action.actionType !== "AWS_API_CALL") return undefined;
  const stage = stageOf(candidate.meta.mitre.tactic);
  if (stage === undefined) return undefined;
  const buckets = candidate.resource.s3BucketDetails?.map((bucket) => bucket.name) ?? [];
  const affected = Object.values(candidate.action.affectedResources);
  const s3Data = s3DataOf(candidate.meta.type);
  return {
    id: signalId(candidate.meta.type, candidate.aggregationKey, candidate.time),
    type: "FINDING",
    name: candidate.meta.type,
    finding: { type: candidate.meta.type, aggregationKey: candidate.aggregationKey },
    tactic: candidate.meta.mitre.tactic,
    technique: candidate.meta.mitre.technique,
    stage,
    api: event ? `${serviceOf(event)}:${event.eventName}` : `${candidate.action.serviceName.replace(/\.amazonaws\.com$/, "")}:${candidate.action.api}`,
    // A finding GuardDuty rates Low (a trail stopped) can still be a telling step of a story.
    severity: Math.max(candidate.severity, (event && weakSignalSpec(event)?.severity) || 0),
    accountId: candidate.accountId,
    region: candidate.region,
    firstSeen: candidate.time,
    lastSeen: candidate.time,
    count: 1,
    summary: renderTemplate(candidate.meta.title, candidate.templateValues).replace(/\.$/, ""),
    actor: candidateActor(candidate, event, actorOf),
    resources: [...new Set([...buckets, ...affected])],
    ...(s3Data ? { s3Data } : {}),
    eventIds: candidate.source.eventId ? [candidate.source.eventId] : [],
    object: candidate.source.object,
  };
}
