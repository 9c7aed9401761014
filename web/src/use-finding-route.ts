import { useCallback, useEffect, useMemo, useState } from "react";
import { findingIdOf, findingPath } from "./routes";

/** Pushed with a finding's page when the console opened it, so closing it is the browser's Back. */
const OPENED_HERE = { openedHere: true };

export type FindingRoute = {
  /** The finding whose page the address is, or null for the list. */
  findingId: string | null;
  open(detectorId: string, findingId: string): void;
  close(): void;
};

/** The finding page's address, kept in the browser's history: a link opens it, Back closes it. */
export function useFindingRoute(): FindingRoute {
  const [findingId, setFindingId] = useState(() => findingIdOf(window.location.pathname));
  useEffect(() => {
    const follow = () => setFindingId(findingIdOf(window.location.pathname));
    window.addEventListener("popstate", follow);
    return () => window.removeEventListener("popstate", follow);
  }, []);
  const open = useCallback((detectorId: string, id: string) => {
    window.history.pushState(OPENED_HERE, "", findingPath(detectorId, id));
    setFindingId(id);
  }, []);
  const close = useCallback(() => {
    // Opened from the list: going back restores the list's entry. Arrived by a link: the list replaces it.
    if ((window.history.state as typeof OPENED_HERE | null)?.openedHere) {
      window.history.back();
    } else {
      window.history.replaceState(null, "", "/");
      setFindingId(null);
    }
  }, []);
  // One object per address, so what takes it as a prop (memoised rows) is not re-rendered for nothing.
  return useMemo(() => ({ findingId, open, close }), [findingId, open, close]);
}
