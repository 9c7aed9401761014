import { useEffect, useState } from "react";
import { SessionExpiredError, type Request } from "../api/graphql-client";
import { loadSources, type IntelList, type Sources } from "../api/sources";

type Props = { request: Request; detectorId: string };

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : "");

function ListsTable({ label, lists }: { label: string; lists: IntelList[] }) {
  return (
    <section aria-label={label}>
      <h2>{label}</h2>
      {lists.length === 0 ? (
        <p>None.</p>
      ) : (
        <table className="findings">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Format</th>
              <th scope="col">Status</th>
              <th scope="col">Entries</th>
              <th scope="col">Message</th>
            </tr>
          </thead>
          <tbody>
            {lists.map((list) => (
              <tr key={list.id}>
                <td>{list.name}</td>
                <td>{list.format}</td>
                <td>{list.status}</td>
                <td>{list.entryCount}</td>
                <td>{list.statusMessage ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** What feeds the detector: its data sources, log sources with their progress, trusted and threat lists. */
export function SourcesPage({ request, detectorId }: Props) {
  const [sources, setSources] = useState<Sources | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    loadSources(request, detectorId).then(setSources, (failure: unknown) => {
      if (!(failure instanceof SessionExpiredError)) setError((failure as Error).message);
    });
  }, [request, detectorId]);

  if (error) return <p role="alert" className="error">{error}</p>;
  if (!sources) return <p role="status">Loading sources…</p>;
  const { detector, logSources } = sources;
  return (
    <section aria-labelledby="sources-heading">
      <h1 id="sources-heading">Sources</h1>
      <section aria-label="Detector">
        <h2>Detector</h2>
        <p>
          {detector.status} · publishing every {detector.findingPublishingFrequency.toLowerCase().replace("_", " ")} · data sources:{" "}
          {detector.dataSources.map((source) => `${source.name} ${source.status.toLowerCase()}`).join(", ")}
        </p>
      </section>
      <section aria-label="Log sources">
        <h2>Log sources</h2>
        {logSources.length === 0 ? (
          <p>None.</p>
        ) : (
          <table className="findings">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Kind</th>
                <th scope="col">Location</th>
                <th scope="col">State</th>
                <th scope="col">Last object</th>
                <th scope="col">Lag</th>
                <th scope="col">Failed objects</th>
                <th scope="col">Last error</th>
              </tr>
            </thead>
            <tbody>
              {logSources.map((source) => (
                <tr key={source.logSourceId}>
                  <td>{source.name}</td>
                  <td>{source.kind}</td>
                  <td>{source.location}</td>
                  <td>{source.enabled ? source.status.state : "disabled"}</td>
                  <td>
                    {source.status.lastObjectKey ?? ""} <span className="finding-type">{when(source.status.lastObjectAt)}</span>
                  </td>
                  <td>{source.status.lagSeconds === null ? "" : `${source.status.lagSeconds} s`}</td>
                  <td>{source.status.objectsFailed}</td>
                  <td>{source.status.lastError ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <ListsTable label="Trusted lists" lists={sources.trustedLists} />
      <ListsTable label="Threat lists" lists={sources.threatLists} />
    </section>
  );
}
