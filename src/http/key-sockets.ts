import type { WebSocket } from "ws";
import type { VigilPubSub } from "../realtime/pubsub.js";

/** graphql-ws's close code for a connection whose credentials are no longer accepted. */
export const REVOKED_CLOSE_CODE = 4403;

/**
 * The open WebSockets of each API key in this process. When a key is revoked (in any API process:
 * the event comes through Redis), its sockets close, and with them every subscription they carry.
 */
export class KeySockets {
  private readonly byKey = new Map<string, Set<WebSocket>>();
  private readonly stopListening: () => void;

  constructor(pubSub: VigilPubSub) {
    const revocations = pubSub.subscribe("API_KEY_REVOKED");
    void (async () => {
      for await (const { apiKeyId } of revocations) this.closeAll(apiKeyId);
    })();
    this.stopListening = () => void revocations.return?.();
  }

  add(apiKeyId: string, socket: WebSocket): void {
    let sockets = this.byKey.get(apiKeyId);
    if (!sockets) this.byKey.set(apiKeyId, (sockets = new Set()));
    sockets.add(socket);
    socket.once("close", () => {
      sockets.delete(socket);
      if (sockets.size === 0 && this.byKey.get(apiKeyId) === sockets) this.byKey.delete(apiKeyId);
    });
  }

  private closeAll(apiKeyId: string): void {
    for (const socket of this.byKey.get(apiKeyId) ?? []) socket.close(REVOKED_CLOSE_CODE, "API key revoked");
  }

  stop(): void {
    this.stopListening();
  }
}
