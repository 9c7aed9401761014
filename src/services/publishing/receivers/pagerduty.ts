import type { Finding } from "../../../detection/findings/types.js";
import { affectedResources } from "../formats/affected-resource.js";
import { severityLabel, type SeverityLabel } from "../formats/severity.js";

export const PAGERDUTY_EVENTS_URL = "https://events.pagerduty.com/v2/enqueue";

const PAGERDUTY_SEVERITY: Record<SeverityLabel, "critical" | "error" | "warning" | "info"> = { CRITICAL: "critical", HIGH: "error", MEDIUM: "warning", LOW: "info" };

/**
 * An Events API v2 event. The finding id is the dedup_key, so every update of a finding lands on
 * the same incident, and archiving the finding resolves it.
 */
export function pagerDutyEvent(finding: Finding, routingKey: string, details: object) {
  const dedupKey = finding.id;
  if (finding.service.archived) return { routing_key: routingKey, event_action: "resolve" as const, dedup_key: dedupKey };
  return {
    routing_key: routingKey,
    event_action: "trigger" as const,
    dedup_key: dedupKey,
    payload: {
      summary: `${finding.type}: ${finding.title}`.slice(0, 1024),
      source: affectedResources(finding)[0].name,
      severity: PAGERDUTY_SEVERITY[severityLabel(finding.severity)],
      timestamp: finding.service.eventLastSeen,
      component: finding.resource.resourceType,
      group: finding.accountId,
      class: finding.type,
      custom_details: details,
    },
  };
}
