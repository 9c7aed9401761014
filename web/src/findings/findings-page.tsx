import { useCallback, useEffect, useMemo, useState } from "react";
import { listFindings, setArchived, type Finding, type FindingEvent } from "../api/findings";
import { SessionExpiredError } from "../api/graphql-client";
import type { Connection } from "../connection";
import { FindingDetail } from "./finding-detail";
import { FilterBar } from "./filter-bar";
import { DEFAULT_FILTER, toCriteria, type FindingFilter } from "./filter";
import { FindingsTable, type LiveMark } from "./findings-table";
import { SuppressionForm } from "./suppression-form";
import { useLiveFindings } from "./use-live-findings";

const PAGE_SIZE = 50;

type Props = { connection: Connection; detectorId: string };

export function FindingsPage({ connection, detectorId }: Props) {
  const { request, live } = connection;
  const [filter, setFilter] = useState<FindingFilter>(DEFAULT_FILTER);
  // Fixed when the filter changes, so "updated within" means the same on every page and on the live feed.
  const criteria = useMemo(() => toCriteria(filter, Date.now()), [filter]);
  const [findings, setFindings] = useState<Finding[]>([]);
  const [marks, setMarks] = useState<ReadonlyMap<string, LiveMark>>(new Map());
  const [cursors, setCursors] = useState<Array<string | null>>([null]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [open, setOpen] = useState<Finding | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [reloads, setReloads] = useState(0);

  const fail = useCallback((failure: unknown) => {
    if (!(failure instanceof SessionExpiredError)) setError((failure as Error).message);
  }, []);

  const cursor = cursors[cursors.length - 1];
  useEffect(() => {
    let stale = false;
    setLoading(true);
    listFindings(request, detectorId, criteria, filter.sort, cursor, PAGE_SIZE).then((page) => {
      if (stale) return;
      setFindings(page.findings);
      setNextCursor(page.nextCursor);
      setSelected(new Set());
      setError(null);
      setLoading(false);
    }, (failure: unknown) => {
      if (stale) return;
      setLoading(false);
      fail(failure);
    });
    return () => {
      stale = true;
    };
  }, [request, detectorId, criteria, filter.sort, cursor, reloads, fail]);

  const connected = useLiveFindings(live, detectorId, criteria, {
    onEvent: ({ change, finding }: FindingEvent) => {
      setFindings((shown) => [finding, ...shown.filter((f) => f.id !== finding.id)]);
      setOpen((shown) => (shown?.id === finding.id ? finding : shown));
      setMarks((current) => new Map(current).set(finding.id, change === "CREATED" ? "new" : "updated"));
    },
    onError: setError,
  });

  const changeFilter = (next: FindingFilter) => {
    setFilter(next);
    setCursors([null]);
  };

  const archiveSelected = async (archived: boolean) => {
    try {
      await setArchived(request, detectorId, [...selected], archived);
      setReloads((n) => n + 1);
    } catch (failure) {
      fail(failure);
    }
  };

  if (open) {
    return (
      <FindingDetail
        finding={open}
        detectorId={detectorId}
        request={request}
        onBack={() => setOpen(null)}
        onChanged={(changed) => {
          setOpen(changed);
          setReloads((n) => n + 1);
        }}
        onArchive={async (archived) => {
          await setArchived(request, detectorId, [open.id], archived);
          setOpen({ ...open, archived });
          setReloads((n) => n + 1);
        }}
      />
    );
  }
  return (
    <section aria-labelledby="findings-heading">
      <h1 id="findings-heading">Findings</h1>
      <FilterBar filter={filter} onChange={changeFilter} />
      <SuppressionForm request={request} detectorId={detectorId} filter={filter} />
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <div className="bulk-actions">
        <button type="button" disabled={selected.size === 0} onClick={() => archiveSelected(true)}>
          Archive selected ({selected.size})
        </button>
        <button type="button" disabled={selected.size === 0} onClick={() => archiveSelected(false)}>
          Unarchive selected
        </button>
        <span className={connected ? "live-indicator" : "live-indicator offline"} role="status" title="New and changed findings appear here as they are written">
          {connected ? "Live" : "Connecting…"}
        </span>
      </div>
      {loading && findings.length === 0 ? (
        <p role="status">Loading findings…</p>
      ) : (
        <FindingsTable findings={findings} marks={marks} selected={selected} onSelect={setSelected} onOpen={setOpen} />
      )}
      <nav className="pager" aria-label="Pages">
        <button type="button" disabled={cursors.length === 1} onClick={() => setCursors((c) => c.slice(0, -1))}>
          Previous page
        </button>
        <span>Page {cursors.length}</span>
        <button type="button" disabled={!nextCursor} onClick={() => setCursors((c) => [...c, nextCursor])}>
          Next page
        </button>
      </nav>
    </section>
  );
}
