import type { Finding } from "../../../detection/findings/types.js";

export const DEFAULT_SPLUNK_SOURCETYPE = "aws:cloudwatch:guardduty";

/** How many findings go in one HEC request. */
export const SPLUNK_BATCH = 100;

export type SplunkTarget = { sourcetype: string; index: string | null };

/**
 * A batch for HEC's /services/collector/event endpoint: events concatenated, each with the
 * finding's last-seen time (epoch seconds), so searches order them by when things happened.
 */
export function splunkBatch(findings: ReadonlyArray<{ finding: Finding; event: object }>, target: SplunkTarget): string {
  return findings
    .map(({ finding, event }) =>
      JSON.stringify({
        time: Date.parse(finding.service.eventLastSeen) / 1000,
        host: "vigil",
        source: `vigil:${finding.service.detectorId}`,
        sourcetype: target.sourcetype,
        ...(target.index ? { index: target.index } : {}),
        event,
      }),
    )
    .join("\n");
}
