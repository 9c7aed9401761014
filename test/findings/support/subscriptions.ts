import { createClient } from "graphql-ws";
import WebSocket from "ws";

export const FINDINGS_SUBSCRIPTION = `subscription($d: ID!, $c: FindingCriteriaInput) {
  findings(detectorId: $d, findingCriteria: $c) { change finding { id accountId type severity count archived service } } }`;

export type LiveFinding = { change: "CREATED" | "UPDATED"; finding: { id: string; accountId: string; type: string; severity: number; count: number; archived: boolean; service: Record<string, any> } };

export type LiveSubscription = {
  received: LiveFinding[];
  /** GraphQL errors, or the socket closing (closeCode) when the server ends the connection. */
  errors: Array<{ message: string; extensions?: { code?: string }; closeCode?: number }>;
  completed(): boolean;
  dispose(): Promise<void>;
};

/** A graphql-ws client, as a user would write one, subscribed to findings. */
export function subscribeToFindings(wsUrl: string, key: string, variables: Record<string, unknown>): LiveSubscription {
  const received: LiveFinding[] = [];
  const errors: LiveSubscription["errors"] = [];
  let completed = false;
  const client = createClient({ url: wsUrl, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${key}` }, retryAttempts: 0 });
  client.subscribe(
    { query: FINDINGS_SUBSCRIPTION, variables },
    {
      next: (value) => (value.errors ? errors.push(...(value.errors as LiveSubscription["errors"])) : received.push((value.data as { findings: LiveFinding }).findings)),
      error: (error) => {
        if (Array.isArray(error)) errors.push(...error);
        else if (typeof (error as { code?: unknown }).code === "number") errors.push({ message: String((error as { reason?: string }).reason), closeCode: (error as { code: number }).code });
        else errors.push({ message: String((error as Error).message ?? error) });
      },
      complete: () => (completed = true),
    },
  );
  return { received, errors, completed: () => completed, dispose: () => client.dispose() as Promise<void> };
}

export async function waitFor(condition: () => boolean, timeoutMs = 5_000, what = "condition"): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
