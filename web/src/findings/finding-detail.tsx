import { useEffect, useRef, useState } from "react";
import { giveFeedback, type Feedback, type Finding } from "../api/findings";
import { SessionExpiredError, type Request } from "../api/graphql-client";
import { AttackTimeline } from "./attack-timeline";
import { actorFacts, evidenceFacts, resourceFacts, type Fact } from "./finding-summary";
import { SeverityBadge } from "./severity-badge";

type Props = {
  finding: Finding;
  detectorId: string;
  request: Request;
  onBack(): void;
  /** Opens another finding (a signal of this attack sequence) on its own page. */
  onOpenFinding(findingId: string): void;
  onChanged(finding: Finding): void;
  onArchive(archived: boolean): Promise<void>;
};

/** The finding as GuardDuty's GetFindings returns it. */
function guardDutyJson(finding: Finding): string {
  const { schemaVersion, accountId, region, partition, id, arn, type, resource, service, severity, confidence, createdAt, updatedAt, title, description } = finding;
  const known = confidence === null ? {} : { confidence };
  return JSON.stringify({ schemaVersion, accountId, region, partition, id, arn, type, resource, service, severity, ...known, createdAt, updatedAt, title, description }, null, 2);
}

function Facts({ label, facts }: { label: string; facts: Fact[] }) {
  return (
    <section aria-label={label}>
      <h2>{label}</h2>
      {facts.length === 0 ? (
        <p>Nothing recorded.</p>
      ) : (
        <dl className="facts">
          {facts.map(([name, value], index) => (
            <div key={`${name}-${index}`}>
              <dt>{name}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}

export function FindingDetail({ finding, detectorId, request, onBack, onOpenFinding, onChanged, onArchive }: Props) {
  const [status, setStatus] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  // A keyboard user lands on the finding's title (a screen reader reads it), not back at the top of the page.
  useEffect(() => heading.current?.focus(), [finding.id]);
  useEffect(() => {
    const closeOnEscape = (event: KeyboardEvent) => {
      if (event.key === "Escape" && !event.defaultPrevented) onBack();
    };
    document.addEventListener("keydown", closeOnEscape);
    return () => document.removeEventListener("keydown", closeOnEscape);
  }, [onBack]);
  const json = guardDutyJson(finding);

  const act = async (what: () => Promise<void>, done: string) => {
    try {
      await what();
      setStatus(done);
    } catch (failure) {
      if (!(failure instanceof SessionExpiredError)) setStatus(`Failed: ${(failure as Error).message}`);
    }
  };
  const feedback = (value: Feedback) =>
    act(async () => {
      await giveFeedback(request, detectorId, finding.id, value);
      onChanged({ ...finding, feedback: value });
    }, "Feedback saved.");
  const copy = () => act(() => navigator.clipboard.writeText(json), "JSON copied to the clipboard.");

  return (
    <article className="finding-detail" aria-labelledby="finding-title">
      <button type="button" onClick={onBack}>
        ← Back to findings
      </button>
      <h1 id="finding-title" tabIndex={-1} ref={heading}>
        {finding.title}
      </h1>
      <p className="finding-meta">
        <SeverityBadge severity={finding.severity} /> <span className="finding-type">{finding.type}</span> · account {finding.accountId} · {finding.region} · count {finding.count} · last
        seen {new Date(finding.updatedAt).toLocaleString()} {finding.archived && <span className="archived-mark">Archived</span>}
      </p>
      <section aria-label="What happened">
        <h2>What happened</h2>
        <p className="description">{finding.description}</p>
      </section>
      <div className="fact-columns">
        <Facts label="Resource" facts={resourceFacts(finding)} />
        <Facts label="Actor" facts={actorFacts(finding)} />
      </div>
      <Facts label="Evidence" facts={evidenceFacts(finding)} />
      <AttackTimeline finding={finding} onOpenFinding={onOpenFinding} />
      <div className="detail-actions">
        <button type="button" onClick={() => act(() => onArchive(!finding.archived), finding.archived ? "Unarchived." : "Archived.")}>
          {finding.archived ? "Unarchive" : "Archive"}
        </button>
        <button type="button" aria-pressed={finding.feedback === "USEFUL"} onClick={() => feedback("USEFUL")}>
          Useful
        </button>
        <button type="button" aria-pressed={finding.feedback === "NOT_USEFUL"} onClick={() => feedback("NOT_USEFUL")}>
          Not useful
        </button>
        {status && <span role="status">{status}</span>}
      </div>
      <section aria-label="Source events">
        <h2>Source events</h2>
        {finding.sourceEvents.length === 0 ? (
          <p>None recorded.</p>
        ) : (
          <ol className="source-events">
            {finding.sourceEvents.map((event, index) => (
              <li key={index}>
                <code>{event.object}</code>
                {event.line !== null && ` line ${event.line}`}
                {event.eventId && ` · event ${event.eventId}`}
                {event.key && (
                  <>
                    {" · record "}
                    <code>{event.key}</code>
                  </>
                )}
              </li>
            ))}
          </ol>
        )}
      </section>
      <section aria-label="GuardDuty JSON">
        <h2>
          GuardDuty JSON{" "}
          <button type="button" onClick={copy}>
            Copy
          </button>
        </h2>
        <pre className="finding-json" tabIndex={0}>
          {json}
        </pre>
      </section>
    </article>
  );
}
