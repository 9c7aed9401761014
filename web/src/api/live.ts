import { createClient, type Client } from "graphql-ws";

/** graphql-ws closes a socket whose key is refused or revoked with this code. */
const FORBIDDEN_CLOSE_CODE = 4403;

function isForbiddenClose(event: unknown): boolean {
  return typeof event === "object" && event !== null && (event as { code?: unknown }).code === FORBIDDEN_CLOSE_CODE;
}

/** A graphql-ws client on this origin; a refused or revoked key ends the session instead of retrying. */
export function createLiveClient(apiKey: string, onSessionExpired: () => void): Client {
  const scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
  return createClient({
    url: `${scheme}//${window.location.host}/graphql`,
    connectionParams: { authorization: `Bearer ${apiKey}` },
    retryAttempts: 10,
    shouldRetry: (event) => !isForbiddenClose(event),
    on: {
      closed: (event) => {
        if (isForbiddenClose(event)) onSessionExpired();
      },
    },
  });
}
