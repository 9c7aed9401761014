import { useEffect, useRef, useState } from "react";
import type { Client } from "graphql-ws";
import { FINDINGS_SUBSCRIPTION, type FindingCriteria, type FindingEvent } from "../api/findings";

type Handlers = { onEvent(event: FindingEvent): void; onError(message: string): void };

/**
 * Hands every new or changed finding matching the criteria to onEvent while the component lives; answers
 * whether the socket is connected, so the page does not claim to be live while it is reconnecting.
 */
export function useLiveFindings(live: Client, detectorId: string, criteria: FindingCriteria, handlers: Handlers): boolean {
  const [connected, setConnected] = useState(false);
  useEffect(() => {
    const stopConnected = live.on("connected", () => setConnected(true));
    const stopClosed = live.on("closed", () => setConnected(false));
    return () => {
      stopConnected();
      stopClosed();
    };
  }, [live]);
  // The latest handlers, without resubscribing each render.
  const current = useRef(handlers);
  current.current = handlers;
  // Criteria are compared by content: an equal new object must not resubscribe.
  const criteriaJson = JSON.stringify(criteria);
  useEffect(
    () =>
      live.subscribe<{ findings: FindingEvent }>(
        { query: FINDINGS_SUBSCRIPTION, variables: { d: detectorId, c: JSON.parse(criteriaJson) } },
        {
          next: (message) => {
            if (message.data) current.current.onEvent(message.data.findings);
            else if (message.errors) current.current.onError(message.errors.map((e) => e.message).join("; "));
          },
          error: (error) => {
            if (Array.isArray(error)) current.current.onError(error.map((e: { message: string }) => e.message).join("; "));
          },
          complete: () => undefined,
        },
      ),
    [live, detectorId, criteriaJson],
  );
  return connected;
}
