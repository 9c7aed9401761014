/**
 * The threat-intelligence caller types: an API call whose sourceIPAddress matches a threat list.
 * Matches are split three ways — the account's own lists (.Custom types), Tor nodes, and every
 * other managed feed category (malicious) — and each group raises its own finding. Which type a
 * group raises depends on what the call does: for management events, reconnaissance (List*,
 * Describe*, Get*) or anything else; for S3 data events, discovery, object reads or object writes.
 * Failed calls count: an attacker's refused attempts are still the attacker. Trusted addresses never
 * get here (the engine drops candidates whose caller is trusted).
 */
import type { CloudTrailEvent } from "../../../events.js";
import type { CloudTrailRule, FindingTypeMeta } from "../../../engine/types.js";
import type { ThreatMatch } from "../../../intel/lookup.js";
import { apiCallCandidate } from "../shared/candidate.js";
import { principalKey } from "../shared/identity.js";
import { bucketDetail, bucketName, s3DataApiClass, type S3DataApiClass } from "../shared/s3.js";
import { isAddress } from "../shared/source-address.js";
import * as types from "./meta.js";

type Group = "custom" | "tor" | "malicious";

const RECON_API = /^(List|Describe|Get)[A-Z]/;

const IAM_TYPES: Record<Group, { recon: FindingTypeMeta; other: FindingTypeMeta }> = {
  custom: { recon: types.RECON_MALICIOUS_IP_CUSTOM, other: types.UNAUTHORIZED_MALICIOUS_IP_CUSTOM },
  tor: { recon: types.RECON_TOR, other: types.UNAUTHORIZED_TOR },
  malicious: { recon: types.RECON_MALICIOUS_IP, other: types.UNAUTHORIZED_MALICIOUS_IP },
};

const S3_TYPES: Record<Group, Record<S3DataApiClass, FindingTypeMeta>> = {
  custom: { discovery: types.S3_DISCOVERY_MALICIOUS_IP_CUSTOM, read: types.S3_UNAUTHORIZED_MALICIOUS_IP_CUSTOM, write: types.S3_UNAUTHORIZED_MALICIOUS_IP_CUSTOM },
  tor: { discovery: types.S3_DISCOVERY_TOR, read: types.S3_UNAUTHORIZED_TOR, write: types.S3_UNAUTHORIZED_TOR },
  malicious: { discovery: types.S3_DISCOVERY_MALICIOUS_IP, read: types.S3_EXFILTRATION_MALICIOUS_IP, write: types.S3_IMPACT_MALICIOUS_IP },
};

function groupOf(match: ThreatMatch): Group {
  if (match.source === "CUSTOM") return "custom";
  return match.category === "TOR_EXIT" || match.category === "TOR_RELAY" ? "tor" : "malicious";
}

function groupMatches(matches: ThreatMatch[]): Map<Group, ThreatMatch[]> {
  const groups = new Map<Group, ThreatMatch[]>();
  for (const match of matches) {
    const group = groupOf(match);
    const list = groups.get(group);
    if (list) list.push(match);
    else groups.set(group, [match]);
  }
  return groups;
}

function listNames(matches: ThreatMatch[]): string {
  return [...new Set(matches.map((match) => match.listName))].join(", ");
}

function threatInfo(matches: ThreatMatch[]): Record<string, unknown> {
  return {
    threatListName: listNames(matches),
    threatName: [...new Set(matches.flatMap((match) => match.threatNames))].join(", ") || undefined,
  };
}

function s3Candidate(event: CloudTrailEvent, meta: FindingTypeMeta, matches: ThreatMatch[], bucket: string) {
  return apiCallCandidate(meta, event, {
    key: [bucket, principalKey(event.identity)],
    buckets: [bucketDetail(bucket, event.region)],
    affectedResources: { "AWS::S3::Bucket": bucket },
    templateValues: { bucket, lists: listNames(matches) },
    threatIntel: matches,
    additionalInfo: threatInfo(matches),
  });
}

export const threatIntelCallerRule: CloudTrailRule = {
  id: "threat-intel-caller",
  kind: "cloudtrail",
  findingTypes: [...Object.values(IAM_TYPES).flatMap((t) => [t.recon, t.other]), ...new Set(Object.values(S3_TYPES).flatMap((t) => Object.values(t)))],
  evaluate(event, context, emit) {
    // The lookup first: almost every caller misses it, and the other tests then run on hits only.
    const matches = context.intel.matchIp(event.accountId, event.sourceIp);
    if (matches.length === 0 || !isAddress(event.sourceIp)) return;
    const dataClass = s3DataApiClass(event);
    if (dataClass && !context.settings.s3DataEvents) return;
    const bucket = dataClass ? bucketName(event) : undefined;
    for (const [group, groupMatchesList] of groupMatches(matches)) {
      if (dataClass && bucket) {
        emit(s3Candidate(event, S3_TYPES[group][dataClass], groupMatchesList, bucket));
        continue;
      }
      const meta = RECON_API.test(event.eventName) ? IAM_TYPES[group].recon : IAM_TYPES[group].other;
      emit(
        apiCallCandidate(meta, event, {
          key: [principalKey(event.identity)],
          templateValues: { lists: listNames(groupMatchesList) },
          threatIntel: groupMatchesList,
          additionalInfo: threatInfo(groupMatchesList),
        }),
      );
    }
  },
};
