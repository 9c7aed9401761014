import { useEffect, useState } from "react";
import type { Client } from "graphql-ws";
import { createRequest, type Request } from "./api/graphql-client";
import { createLiveClient } from "./api/live";

export type Connection = { request: Request; live: Client };

/** The API over HTTP and graphql-ws for one key; the socket closes when the key or the component goes. */
export function useConnection(apiKey: string | null, onSessionExpired: () => void): Connection | null {
  const [connection, setConnection] = useState<Connection | null>(null);
  useEffect(() => {
    if (!apiKey) return;
    const live = createLiveClient(apiKey, onSessionExpired);
    setConnection({ request: createRequest(apiKey, onSessionExpired), live });
    return () => {
      setConnection(null);
      void live.dispose();
    };
  }, [apiKey, onSessionExpired]);
  return connection;
}
