import type { Finding } from "../api/findings";
import { attackTimeline, type TimelineSignal } from "./attack-sequence";
import { SeverityBadge } from "./severity-badge";

type Props = { finding: Finding; onOpenFinding(findingId: string): void };

const SIGNAL_KINDS: Record<string, string> = { FINDING: "Finding", CLOUD_TRAIL: "CloudTrail", S3_DATA_EVENTS: "S3 data events" };

function when(signal: TimelineSignal): string {
  const first = signal.firstSeen ? new Date(signal.firstSeen) : null;
  if (!first || Number.isNaN(first.getTime())) return "time unknown";
  const last = signal.lastSeen ? new Date(signal.lastSeen) : first;
  return last.getTime() > first.getTime() ? `${first.toLocaleString()} – ${last.toLocaleString()}` : first.toLocaleString();
}

function Detail({ label, values }: { label: string; values: string[] }) {
  if (values.length === 0) return null;
  return (
    <div>
      <dt>{label}</dt>
      <dd>{values.join(", ")}</dd>
    </div>
  );
}

/** An attack sequence's signals in time order: what each was, when, by whom, on what, under which MITRE tactic. */
export function AttackTimeline({ finding, onOpenFinding }: Props) {
  const timeline = attackTimeline(finding);
  if (!timeline) return null;
  return (
    <section aria-label="Attack sequence timeline">
      <h2>Attack sequence: {timeline.signals.length} signals</h2>
      {timeline.signals.length === 0 ? (
        <p>No signals recorded.</p>
      ) : (
        <ol className="timeline">
          {timeline.signals.map((signal) => (
            <li key={signal.key} className="timeline-signal" data-signal-type={signal.type}>
              <p className="timeline-when">{when(signal)}</p>
              <p className="timeline-what">
                {signal.severity !== undefined && <SeverityBadge severity={signal.severity} />} <span className="timeline-kind">{SIGNAL_KINDS[signal.type] ?? signal.type}</span>{" "}
                <span className="timeline-name">{signal.name}</span>
                {signal.count !== undefined && signal.count > 1 && <span className="timeline-count"> ×{signal.count}</span>}
              </p>
              {signal.description && <p className="timeline-description">{signal.description}</p>}
              <dl className="facts">
                <Detail label="Tactic" values={signal.tactics} />
                <Detail label="Actor" values={signal.actors} />
                <Detail label="Resource" values={signal.resources} />
              </dl>
              {signal.findingId && (
                <button type="button" onClick={() => onOpenFinding(signal.findingId!)}>
                  Open this finding
                </button>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
