import type { WebSocket } from "ws";
import type { VigilPubSub } from "../realtime/pubsub.js";

/** graphql-ws's close code for a connection whose credentials are no longer accepted. */
export const REVOKED_CLOSE_CODE = 4403;

export type KeySocketOptions = {
  /** Of these API keys, the ones that still authenticate. */
  liveApiKeyIds(apiKeyIds: readonly string[]): Promise<Set<string>>;
  /** How often the keys of open sockets are checked again, in case a revocation's event was lost. */
  recheckMs: number;
  report(error: unknown): void;
};

/**
 * The open WebSockets of each API key in this process. When a key is revoked (in any API process:
 * the event comes through Redis), its sockets close, and with them every subscription they carry.
 * Pub/sub delivers at most once, so the keys are also checked against PostgreSQL every `recheckMs`:
 * a revocation whose event Redis lost still closes its sockets within that interval.
 */
export class KeySockets {
  private readonly byKey = new Map<string, Set<WebSocket>>();
  private readonly stopListening: () => void;
  private readonly timer: NodeJS.Timeout;

  constructor(pubSub: VigilPubSub, options: KeySocketOptions) {
    const revocations = pubSub.subscribe("API_KEY_REVOKED");
    void (async () => {
      for await (const { apiKeyId } of revocations) this.closeAll(apiKeyId);
    })();
    this.stopListening = () => void revocations.return?.();
    this.timer = setInterval(() => void this.recheck(options).catch(options.report), options.recheckMs);
    this.timer.unref();
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

  private async recheck(options: KeySocketOptions): Promise<void> {
    const apiKeyIds = [...this.byKey.keys()];
    if (apiKeyIds.length === 0) return;
    const live = await options.liveApiKeyIds(apiKeyIds);
    for (const apiKeyId of apiKeyIds) if (!live.has(apiKeyId)) this.closeAll(apiKeyId);
  }

  private closeAll(apiKeyId: string): void {
    for (const socket of this.byKey.get(apiKeyId) ?? []) socket.close(REVOKED_CLOSE_CODE, "API key revoked");
  }

  stop(): void {
    clearInterval(this.timer);
    this.stopListening();
  }
}
