import { useEffect, useState } from "react";
import { SessionExpiredError, type Request } from "../api/graphql-client";
import { loadOverview, type Overview } from "../api/statistics";
import { bandLabel, bandOf, SEVERITY_BANDS, type SeverityBand } from "../findings/severity";

type Props = { request: Request; detectorId: string };

function countsByBand(bySeverity: Overview["bySeverity"]): Record<SeverityBand, number> {
  const counts: Record<SeverityBand, number> = { LOW: 0, MEDIUM: 0, HIGH: 0, CRITICAL: 0 };
  for (const { severity, count } of bySeverity) counts[bandOf(severity)] += count;
  return counts;
}

/** A bar per day, coloured by the day's highest severity band; the numbers are there as text too. */
function FindingsByDay({ days }: { days: Overview["byDate"] }) {
  const most = Math.max(1, ...days.map((day) => day.totalFindings));
  return (
    <section aria-label="Findings by day">
      <h2>Last 30 days</h2>
      {days.length === 0 ? (
        <p>No findings updated in the last 30 days.</p>
      ) : (
        <ol className="day-chart">
          {days.map((day) => (
            <li key={day.date}>
              <span className="day-date">{day.date}</span>
              <span className="day-bar-track">
                {/* Set through the CSSOM by React, which the policy's style-src allows (no inline style markup). */}
                <span className={`day-bar severity-${bandOf(day.severity).toLowerCase()}`} style={{ width: `${(100 * day.totalFindings) / most}%` }} />
              </span>
              <span className="day-count">{day.totalFindings}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

export function OverviewPage({ request, detectorId }: Props) {
  const [overview, setOverview] = useState<Overview | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    loadOverview(request, detectorId, Date.now()).then(setOverview, (failure: unknown) => {
      if (!(failure instanceof SessionExpiredError)) setError((failure as Error).message);
    });
  }, [request, detectorId]);

  if (error) return <p role="alert" className="error">{error}</p>;
  if (!overview) return <p role="status">Loading the overview…</p>;
  const bands = countsByBand(overview.bySeverity);
  return (
    <section aria-labelledby="overview-heading">
      <h1 id="overview-heading">Overview</h1>
      <p>Current (unarchived) findings, sample findings left out.</p>
      <ul className="band-counts" aria-label="Findings by severity">
        {SEVERITY_BANDS.map((band) => (
          <li key={band} className={`band-count severity-${band.toLowerCase()}`}>
            <span className="band-count-number">{bands[band]}</span> {bandLabel(band)}
          </li>
        ))}
      </ul>
      <FindingsByDay days={overview.byDate} />
      <div className="fact-columns">
        <section aria-label="Top finding types">
          <h2>Top finding types</h2>
          <table className="findings">
            <tbody>
              {overview.byType.map((group) => (
                <tr key={group.findingType}>
                  <td>{group.findingType}</td>
                  <td>{group.totalFindings}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <section aria-label="Top resources">
          <h2>Top resources</h2>
          <table className="findings">
            <tbody>
              {overview.byResource.map((group) => (
                <tr key={`${group.accountId}/${group.resourceType}/${group.resourceId}`}>
                  <td>{[group.resourceType, group.resourceId].filter(Boolean).join(": ")}</td>
                  <td>{group.accountId}</td>
                  <td>{group.totalFindings}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </div>
    </section>
  );
}
