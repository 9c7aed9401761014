/**
 * A signal: one thing an actor did that matters to an attack story — a finding of any rule or model,
 * or a weaker event that is no finding by itself (a denied sensitive call, an enumeration burst, a
 * secret read). Signals are plain JSON so a store can keep them across batches, workers and restarts.
 */
import type { Stage } from "./tactics.js";

/** Who acted. Every field is as logged: attacker-controlled text (user agent) is shown, never trusted. */
export type SignalActor = {
  accessKeyId?: string;
  /** The user, role (a session's issuer) or root ARN. */
  principal?: string;
  userName?: string;
  userType?: string;
  sessionName?: string;
  mfaAuthenticated?: boolean;
  sourceIp?: string;
  userAgent?: string;
};

/** What S3 data a signal touched, which makes the story also `AttackSequence:S3/CompromisedData`. */
export type S3DataAccess = "read" | "exposed" | "destroyed";

export type Signal = {
  /** Stable across retries and batches: the kind of signal, its actor (or finding key) and its hour (signalId). */
  id: string;
  /** GuardDuty's signal types: a finding, or CloudTrail events that are not one. */
  type: "FINDING" | "CLOUD_TRAIL" | "S3_DATA_EVENTS";
  /** The finding type, or the API ("secretsmanager:GetSecretValue"). */
  name: string;
  /** A FINDING's type and aggregation key: with the detector id they name the member finding. */
  finding?: { type: string; aggregationKey: string };
  tactic: string;
  /** A finding's MITRE technique ("T1562.008 …"). */
  technique?: string;
  stage: Stage;
  /** The call behind the signal ("cloudtrail:StopLogging"); absent for aggregates (enumeration). */
  api?: string;
  /** 1-10, as findings; weak signals are at most Medium. */
  severity: number;
  accountId: string;
  region: string;
  firstSeen: number;
  lastSeen: number;
  count: number;
  /** The timeline phrase: "read 9 secrets", "stopped trail main". */
  summary: string;
  actor: SignalActor;
  /** Actor ids this signal's actor handed credentials to (the session keys of an AssumeRole): one story with them. */
  links?: string[];
  /** Resource ARNs or names the signal acted on. */
  resources: string[];
  s3Data?: S3DataAccess;
  /** Source eventIDs (at most MAX_SIGNAL_EVENTS), and the log object of the newest. */
  eventIds: string[];
  object: string;
};

export const MAX_SIGNAL_EVENTS = 20;

/** Repeats of one step within this span are one signal (the earliest copy stands for them: store.ts). */
export const SIGNAL_SPAN_MS = 60 * 60_000;

/**
 * A signal is one step of a story: the same kind of signal by the same actor (or of the same finding)
 * in the same hour is the same step, however many batches carry it. So an application that reads its
 * secret in every log object leaves 24 signals a day, not thousands, and a retried batch — same
 * events, same hour — names its signals as the first run did.
 */
export function signalId(name: string, subject: string, time: number): string {
  return `${name}|${subject}|${time - (time % SIGNAL_SPAN_MS)}`;
}

/** The actor ids a signal shares with others of the same story: its access key, principal and address. */
export function actorIds(actor: SignalActor): string[] {
  const ids: string[] = [];
  if (actor.accessKeyId) ids.push(`key:${actor.accessKeyId}`);
  if (actor.principal) ids.push(`principal:${actor.principal}`);
  if (actor.sourceIp) ids.push(`ip:${actor.sourceIp}`);
  return ids;
}
