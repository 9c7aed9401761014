/**
 * The identity model: per IAM identity (user, role — all its sessions together —, root) and per
 * account, which APIs are called, from which ASN organizations and countries, with which user
 * agents, on which buckets, and where console sign-ins come from. It raises
 *
 * - <Family>:IAMUser/AnomalousBehavior when an identity past its learning period calls an API of
 *   that family it has never called before, from a caller context (ASN organization, country, user
 *   agent) that is new for it in at least `apiContextSignals` features;
 * - <…>:S3/AnomalousBehavior(.Delete/.Permission/.Write) the same way for S3 data events, where
 *   a bucket the identity never touched counts like a new API;
 * - UnauthorizedAccess:IAMUser/ConsoleLoginSuccess.B for a successful console sign-in whose ASN
 *   organization, country and user agent include at least `consoleLoginSignals` the identity has
 *   never used (for any call: signing in from where one works is not unusual).
 *
 * A new API alone is not enough: people start using services every week, from their usual place
 * and tools. A new API from a new place or tool is what stolen credentials look like.
 */
import type { CloudTrailEvent } from "../../events.js";
import type { FindingCandidate, FindingTypeMeta } from "../../engine/types.js";
import { apiCallCandidate } from "../../rules/cloudtrail/shared/candidate.js";
import { isServiceInvoked } from "../../rules/cloudtrail/shared/identity.js";
import { field, text } from "../../rules/cloudtrail/shared/request.js";
import { bucketDetail, bucketName, s3DataApiClass } from "../../rules/cloudtrail/shared/s3.js";
import { explainFrequency, type UnusualFeature } from "../explain.js";
import type { BaselineModel } from "../model.js";
import type { EntityProfile } from "../state/profile.js";
import type { BaselineSnapshot } from "../state/store.js";
import { entityKey } from "../state/store.js";
import { apiFamily, apiName } from "./api-family.js";
import { callerContext, type CallerContext } from "./caller-context.js";
import { CONSOLE_LOGIN_SUCCESS_B, IAM_ANOMALY_META, S3_ANOMALY_META, type S3AnomalyKind } from "./meta.js";

type IdentityFact = {
  event: CloudTrailEvent;
  meta: FindingTypeMeta;
  /** The entity key and the identity it names (user or role ARN, root). */
  principal: string;
  identity: string;
  account: string;
  api: string;
  caller: CallerContext;
  bucket?: string;
};

/** The identity a baseline belongs to; undefined for AWS services and anonymous callers. */
export function identityId(event: CloudTrailEvent): string | undefined {
  const identity = event.identity;
  switch (identity.type) {
    case "Root":
      return `root:${identity.accountId ?? event.accountId}`;
    case "IAMUser":
    case "FederatedUser":
    case "IdentityCenterUser":
      return identity.arn ?? identity.principalId;
    case "AssumedRole":
      return identity.sessionIssuer?.arn ?? identity.arn?.replace(/\/[^/]*$/, "");
    default:
      return undefined;
  }
}

function s3Kind(event: CloudTrailEvent): S3AnomalyKind | undefined {
  const cls = s3DataApiClass(event);
  if (cls === "discovery") return "Discovery";
  if (cls === "read") return "Exfiltration";
  if (cls !== "write") return undefined;
  if (event.eventName.startsWith("Delete")) return "Delete";
  return /Acl|Policy|Ownership/.test(event.eventName) ? "Permission" : "Write";
}

function isConsoleLoginSuccess(event: CloudTrailEvent): boolean {
  return event.eventName === "ConsoleLogin" && text(field(event.responseElements, "ConsoleLogin")) === "Success";
}

const CALLER_FEATURES: Array<{ dimension: "asn" | "country" | "userAgent"; feature: string; noun: string; of: (c: CallerContext) => string }> = [
  { dimension: "asn", feature: "asnOrg", noun: "ASN organization", of: (c) => c.asnOrg },
  { dimension: "country", feature: "country", noun: "country", of: (c) => c.country },
  { dimension: "userAgent", feature: "userAgent", noun: "user agent", of: (c) => c.userAgent },
];

function unusualCaller(profile: EntityProfile, fact: IdentityFact): UnusualFeature[] {
  const out: UnusualFeature[] = [];
  for (const { dimension, feature, noun, of } of CALLER_FEATURES) {
    const observed = of(fact.caller);
    if (!profile.seenBefore(dimension, observed, fact.event.time) && !profile.saturated(dimension)) out.push({ dimension, feature, noun, observed });
  }
  return out;
}

function decideApi(fact: IdentityFact, profile: EntityProfile, snapshot: BaselineSnapshot, signals: number): FindingCandidate | undefined {
  const time = fact.event.time;
  const newApi = !profile.seenBefore("api", fact.api, time) && !profile.saturated("api");
  const newBucket = fact.bucket !== undefined && !profile.seenBefore("bucket", fact.bucket, time) && !profile.saturated("bucket");
  if (!newApi && !newBucket) return undefined;
  const caller = unusualCaller(profile, fact);
  if (caller.length < signals) return undefined;
  const apiFeature: UnusualFeature = { dimension: "api", feature: "api", noun: "API", observed: fact.api };
  const novelty: UnusualFeature[] = newApi ? [apiFeature] : [];
  if (newBucket) novelty.push({ dimension: "bucket", feature: "bucket", noun: "bucket", observed: fact.bucket! });
  const context = fact.identity;
  const explanation = explainFrequency(context, profile, time, [...novelty, ...caller], newApi ? [] : [apiFeature]);
  const account = snapshot.profile(fact.account);
  if (account && newApi) {
    const seen = account.seenBefore("api", fact.api, time);
    explanation.sentence += ` The account as a whole had ${seen ? "" : "never "}called ${fact.api} before.`;
  }
  return withExplanation(fact, explanation);
}

function decideLogin(fact: IdentityFact, profile: EntityProfile, signals: number): FindingCandidate | undefined {
  const caller = unusualCaller(profile, fact);
  if (caller.length < signals) return undefined;
  return withExplanation(fact, explainFrequency(fact.identity, profile, fact.event.time, caller));
}

function withExplanation(fact: IdentityFact, explanation: ReturnType<typeof explainFrequency>): FindingCandidate {
  const key = fact.bucket ? [fact.bucket, fact.principal] : [fact.principal];
  const candidate = apiCallCandidate(fact.meta, fact.event, {
    key,
    buckets: fact.bucket ? [bucketDetail(fact.bucket, fact.event.region)] : undefined,
    templateValues: { baseline: explanation.sentence, bucket: fact.bucket ?? "" },
  });
  candidate.detection = explanation.detection;
  return candidate;
}

export const identityModel: BaselineModel<IdentityFact> = {
  id: "identity-behaviour",
  findingTypes: [...Object.values(IAM_ANOMALY_META), ...Object.values(S3_ANOMALY_META), CONSOLE_LOGIN_SUCCESS_B],
  observe(event, context, batch) {
    if (event.kind !== "cloudtrail" || isServiceInvoked(event)) return;
    const id = identityId(event);
    if (!id) return;
    const principal = entityKey(event.accountId, "principal", id);
    const account = entityKey(event.accountId, "account", event.accountId);
    const api = apiName(event.eventSource, event.eventName);
    const caller = callerContext(event, context.geo);
    const time = event.time;
    const login = isConsoleLoginSuccess(event);
    batch.learn(principal, time, "api", api);
    batch.learn(principal, time, "asn", caller.asnOrg);
    batch.learn(principal, time, "country", caller.country);
    batch.learn(principal, time, "userAgent", caller.userAgent);
    batch.learn(account, time, "api", api);
    batch.learn(account, time, "asn", caller.asnOrg);
    batch.learn(account, time, "userAgent", caller.userAgent);
    const s3 = context.settings.s3DataEvents ? s3Kind(event) : undefined;
    const bucket = s3 ? bucketName(event) : undefined;
    if (bucket) batch.learn(principal, time, "bucket", bucket);
    const family = s3 ? undefined : apiFamily(event.eventSource, event.eventName);
    const meta = login ? CONSOLE_LOGIN_SUCCESS_B : s3 ? S3_ANOMALY_META[s3] : family ? IAM_ANOMALY_META[family] : undefined;
    if (!meta) return;
    batch.read(principal);
    batch.read(account);
    batch.fact({ event, meta, principal, identity: id, account, api, caller, bucket });
  },
  decide(fact, snapshot, context, emit) {
    const profile = snapshot.profile(fact.principal);
    if (!profile?.readyAt(fact.event.time, context.baseline)) return;
    const candidate =
      fact.meta === CONSOLE_LOGIN_SUCCESS_B
        ? decideLogin(fact, profile, context.baseline.consoleLoginSignals)
        : decideApi(fact, profile, snapshot, context.baseline.apiContextSignals);
    if (candidate) emit(candidate);
  },
};
