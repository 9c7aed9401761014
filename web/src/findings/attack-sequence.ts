import type { Finding } from "../api/findings";

// service.detection.sequence is built from attacker-influenced logs: every value is read defensively and shown as text.
type Json = Record<string, unknown>;

const object = (value: unknown): Json => (typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : {});
const objects = (value: unknown): Json[] => (Array.isArray(value) ? value.map(object) : []);
const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === "string" && v !== "") : []);
const text = (value: unknown): string | undefined => (typeof value === "string" && value !== "" ? value : undefined);
const number = (value: unknown): number | undefined => (typeof value === "number" && Number.isFinite(value) ? value : undefined);

/** One step of an attack sequence, as GuardDuty's console lists a sequence's signals. */
export type TimelineSignal = {
  key: string;
  /** FINDING, CLOUD_TRAIL or S3_DATA_EVENTS. */
  type: string;
  /** The finding type, or the API ("secretsmanager:GetSecretValue"). */
  name: string;
  description: string;
  firstSeen: string | undefined;
  lastSeen: string | undefined;
  severity: number | undefined;
  count: number | undefined;
  actors: string[];
  resources: string[];
  tactics: string[];
  /** The member finding a FINDING signal is, which the console can open. */
  findingId: string | undefined;
};

function indicatorValues(indicators: unknown, key: string): string[] {
  return objects(indicators).flatMap((indicator) => (indicator.key === key ? strings(indicator.values) : []));
}

/** How an actor is named: its user (and key), else the raw id. */
function actorNames(sequence: Json): Map<string, string> {
  const names = new Map<string, string>();
  for (const actor of objects(sequence.actors)) {
    const id = text(actor.id);
    if (!id) continue;
    const user = object(actor.user);
    const name = [text(user.name) ?? text(user.uid), text(user.credentialUid)].filter(Boolean).join(" / ");
    names.set(id, name || id);
    // Signals name an actor by its key or by its principal: both are the same person.
    const principal = text(user.uid);
    if (principal && name) names.set(`principal:${principal}`, name);
  }
  for (const endpoint of objects(sequence.endpoints)) {
    const id = text(endpoint.id);
    if (id) names.set(id, text(endpoint.ip) ?? id);
  }
  return names;
}

/** The sequence's signals in time order, or null when the finding is no attack sequence. */
export function attackTimeline(finding: Finding): { description: string | undefined; signals: TimelineSignal[] } | null {
  const sequence = object(object(object(finding.service).detection).sequence);
  if (!Array.isArray(sequence.signals)) return null;
  const names = actorNames(sequence);
  const signals = objects(sequence.signals).map((signal, index): TimelineSignal => {
    const type = text(signal.type) ?? "UNKNOWN";
    return {
      key: `${index}-${text(signal.uid) ?? ""}`,
      type,
      name: text(signal.name) ?? "",
      description: text(signal.description) ?? "",
      firstSeen: text(signal.firstSeenAt) ?? text(signal.createdAt),
      lastSeen: text(signal.lastSeenAt) ?? text(signal.updatedAt),
      severity: number(signal.severity),
      count: number(signal.count),
      actors: [...new Set([...strings(signal.actorIds), ...strings(signal.endpointIds)].map((id) => names.get(id) ?? id))],
      resources: strings(signal.resourceUids),
      tactics: indicatorValues(signal.signalIndicators, "ATTACK_TACTIC"),
      findingId: type === "FINDING" ? text(signal.uid) : undefined,
    };
  });
  // ISO-8601 UTC sorts as text; a signal without a time goes last, the rest keep their order.
  signals.sort((a, b) => (a.firstSeen ?? "\uffff").localeCompare(b.firstSeen ?? "\uffff"));
  return { description: text(sequence.description), signals };
}
