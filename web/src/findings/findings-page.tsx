import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { getFinding, listFindings, setArchived, type Finding, type FindingEvent } from "../api/findings";
import { SessionExpiredError } from "../api/graphql-client";
import type { Connection } from "../connection";
import { FindingDetail } from "./finding-detail";
import { FilterBar } from "./filter-bar";
import { DEFAULT_FILTER, toCriteria, type FindingFilter } from "./filter";
import { FindingsTable, type LiveMark } from "./findings-table";
import { SuppressionForm } from "./suppression-form";
import { useLiveFindings } from "./use-live-findings";
import type { FindingRoute } from "../use-finding-route";

const PAGE_SIZE = 50;
/**
 * Live arrivals are put above the page; past this many rows the oldest shown go (they are on the next
 * pages), so a burst of thousands of new findings does not grow one page without bound.
 */
const MOST_SHOWN = 4 * PAGE_SIZE;

type Props = { connection: Connection; detectorId: string; route: FindingRoute };

export function FindingsPage({ connection, detectorId, route }: Props) {
  const { request, live } = connection;
  const [filter, setFilter] = useState<FindingFilter>(DEFAULT_FILTER);
  // Fixed when the filter changes, so "updated within" means the same on every page and on the live feed.
  const criteria = useMemo(() => toCriteria(filter, Date.now()), [filter]);
  const [findings, setFindings] = useState<Finding[]>([]);
  const [marks, setMarks] = useState<ReadonlyMap<string, LiveMark>>(new Map());
  const [cursors, setCursors] = useState<Array<string | null>>([null]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  // The finding the address names, once it is known (from the list, or asked for by id).
  const [open, setOpen] = useState<Finding | null>(null);
  const [openMissing, setOpenMissing] = useState(false);
  // Where the keyboard was when a finding opened: focus goes back there when it closes.
  const lastOpenedId = useRef<string | null>(null);
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

  const openId = route.findingId;
  useEffect(() => {
    if (!openId) {
      setOpen(null);
      return;
    }
    lastOpenedId.current = openId;
    setOpenMissing(false);
    if (open?.id === openId) return;
    let stale = false;
    getFinding(request, detectorId, openId).then((found) => {
      if (stale) return;
      setOpen(found);
      setOpenMissing(!found);
    }, fail);
    return () => {
      stale = true;
    };
    // `open` is read, not followed: a finding opened from the list is already there.
  }, [openId, request, detectorId, fail]);

  // Once, when the list is back: later live arrivals must not pull the focus from where the person moved it.
  useEffect(() => {
    if (openId || loading || !lastOpenedId.current) return;
    document.querySelector<HTMLButtonElement>(`tr[data-finding-id="${CSS.escape(lastOpenedId.current)}"] button.link-button`)?.focus();
    lastOpenedId.current = null;
  }, [openId, loading]);

  const openFinding = useCallback(
    (finding: Finding) => {
      setOpen(finding);
      route.open(finding.detectorId, finding.id);
    },
    [route.open],
  );

  const toggle = useCallback((findingId: string) => {
    setSelected((current) => {
      const next = new Set(current);
      if (!next.delete(findingId)) next.add(findingId);
      return next;
    });
  }, []);
  const toggleAll = useCallback((findingIds: string[], select: boolean) => setSelected(select ? new Set(findingIds) : new Set()), []);

  const connected = useLiveFindings(live, detectorId, criteria, {
    onEvent: ({ change, finding }: FindingEvent) => {
      setFindings((shown) => [finding, ...shown.filter((f) => f.id !== finding.id)].slice(0, MOST_SHOWN));
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

  if (openId) {
    if (openMissing) {
      return (
        <section aria-labelledby="missing-heading">
          <h1 id="missing-heading">Finding not found</h1>
          <p>No finding with this id is one this account can see: it may have been deleted, or belong to another account.</p>
          <button type="button" onClick={route.close}>
            ← Back to findings
          </button>
        </section>
      );
    }
    if (!open || open.id !== openId) return <p role="status">Loading the finding…</p>;
    return (
      <FindingDetail
        finding={open}
        detectorId={detectorId}
        request={request}
        onBack={route.close}
        onOpenFinding={(findingId) => route.open(open.detectorId, findingId)}
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
        <FindingsTable findings={findings} marks={marks} selected={selected} onToggle={toggle} onToggleAll={toggleAll} onOpen={openFinding} />
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
