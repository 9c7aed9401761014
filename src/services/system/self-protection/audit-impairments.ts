/**
 * Which security-relevant audit events blind detection, and how: the self-protection decisions made
 * from Vigil's own audit log. Pure: the service hands in the entries with the 12-digit ids it loaded.
 */
import { DETECTION_IMPAIRED, LOG_SOURCE_REMOVED, MEMBER_LEFT, MONITORING_STOPPED } from "../../../detection/self-protection/types.js";
import type { Impairment } from "../../../detection/self-protection/impairment.js";
import type { FindingTypeMeta } from "../../../detection/engine/types.js";

/** An audit entry as it was written (the administrator resolved), with its accounts' 12-digit ids. */
export type ReviewedEntry = {
  accountRowId: string;
  accountId: string;
  relatedAccountRowId: string | null;
  operation: string;
  targetType: string;
  targetId: string;
  before: unknown;
  after: unknown;
};

/** An impairment and the accounts (row ids) whose detectors are told of it. */
export type Notice = { impairment: Impairment; tell: string[] };

type Snapshot = Record<string, unknown> | null | undefined;

function field(snapshot: unknown, name: string): unknown {
  return snapshot && typeof snapshot === "object" ? (snapshot as Record<string, unknown>)[name] : undefined;
}

function dataSourcesOf(snapshot: unknown): Record<string, boolean> {
  const value = field(snapshot, "dataSources");
  return value && typeof value === "object" ? (value as Record<string, boolean>) : {};
}

const MEMBER_LEAVING: Record<string, string> = {
  disassociateMembers: "its administrator disassociated it",
  deleteMembers: "its administrator deleted it",
  disassociateFromAdministratorAccount: "it disassociated from its administrator",
};

/** The impairments one audit entry reveals: none for most. */
export function auditImpairments(entry: ReviewedEntry, actor: string, time: number): Notice[] {
  const bothSides = [entry.accountRowId, ...(entry.relatedAccountRowId ? [entry.relatedAccountRowId] : [])];
  const notice = (meta: FindingTypeMeta, accountId: string, key: string, details: Record<string, string>, additionalInfo?: Record<string, unknown>): Notice => ({
    impairment: { meta, accountId, key, operation: entry.operation, actor, time, details, additionalInfo: { operation: entry.operation, target: entry.targetId, ...additionalInfo } },
    tell: bothSides,
  });
  switch (entry.operation) {
    case "updateDetector":
    case "updateMemberDetectors":
      return detectorImpairments(entry).map(({ key, effect }) => notice(DETECTION_IMPAIRED, entry.accountId, key, { effect }));
    case "deleteDetector":
      return [notice(DETECTION_IMPAIRED, entry.accountId, `detector:${entry.targetId}:deleted`, { effect: `detector ${entry.targetId} was deleted` })];
    case "deleteLogSource":
      return [
        notice(LOG_SOURCE_REMOVED, entry.accountId, `source:${entry.targetId}`, {
          source: String(field(entry.before, "name") ?? entry.targetId),
          kind: String(field(entry.before, "kind") ?? "unknown kind"),
        }, { location: field(entry.before, "location") }),
      ];
    case "stopMonitoringMembers":
      // The administrator's change: the member (its target) is the account no longer watched.
      return [notice(MONITORING_STOPPED, entry.targetId, `administrator:${entry.accountId}`, {})];
    case "disassociateMembers":
    case "deleteMembers":
      return [notice(MEMBER_LEFT, entry.targetId, `administrator:${entry.accountId}`, { effect: MEMBER_LEAVING[entry.operation] })];
    case "disassociateFromAdministratorAccount":
      return [notice(MEMBER_LEFT, entry.accountId, `administrator:${entry.relatedAccountRowId ?? "unknown"}`, { effect: MEMBER_LEAVING[entry.operation] })];
    default:
      return [];
  }
}

/** A detector switched off, or data sources that were on and now are off. */
function detectorImpairments(entry: ReviewedEntry): Array<{ key: string; effect: string }> {
  const found: Array<{ key: string; effect: string }> = [];
  if (field(entry.before, "status") === "ENABLED" && field(entry.after, "status") === "DISABLED") {
    found.push({ key: `detector:${entry.targetId}:disabled`, effect: `detector ${entry.targetId} was disabled` });
  }
  const before = dataSourcesOf(entry.before as Snapshot);
  const after = dataSourcesOf(entry.after as Snapshot);
  for (const [name, enabled] of Object.entries(before)) {
    if (enabled && after[name] === false) found.push({ key: `detector:${entry.targetId}:${name}`, effect: `data source ${name} of detector ${entry.targetId} was turned off` });
  }
  return found;
}
