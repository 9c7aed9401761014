import { useEffect, useState } from "react";
import { SessionExpiredError, type Request } from "../api/graphql-client";
import { loadOverview, type Overview } from "../api/statistics";
import { bandLabel, bandOf, SEVERITY_BANDS, type SeverityBand } from "../findings/severity";

type Props = { request: Request; detectorId: string };

const ACTOR_KINDS: Record<Overview["byActor"][number]["actorType"], string> = { ACCESS_KEY: "Access key", PRINCIPAL: "Principal", IP_ADDRESS: "IP address" };

/** A top-N table: one row per group, its name, account and count. */
function Ranking({ label, rows }: { label: string; rows: Array<{ key: string; name: string; account: string; total: number }> }) {
  return (
    <section aria-label={label}>
      <h2>{label}</h2>
      {rows.length === 0 ? (
        <p>None.</p>
      ) : (
        <table className="findings ranking">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Account</th>
              <th scope="col">Findings</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.key}>
                <td>{row.name}</td>
                <td>{row.account}</td>
                <td>{row.total}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

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
        <Ranking
          label="Top resources"
          rows={overview.byResource.map((group) => ({
            key: `${group.accountId}/${group.resourceType}/${group.resourceId}`,
            name: [group.resourceType, group.resourceId].filter(Boolean).join(": "),
            account: group.accountId,
            total: group.totalFindings,
          }))}
        />
        <Ranking
          label="Top actors"
          rows={overview.byActor.map((group) => ({
            key: `${group.actorType}/${group.accountId}/${group.actorId}`,
            name: `${ACTOR_KINDS[group.actorType]}: ${group.actorId}`,
            account: group.accountId ?? "any",
            total: group.totalFindings,
          }))}
        />
      </div>
    </section>
  );
}
