import type { RequestLimitSettings } from "../config.js";
import { RequestLimitError } from "../graphql/limits/request-limits.js";

/** graphql-ws keeps each socket's running operations (subscriptions included) in this record. */
type SocketOperations = { readonly subscriptions: Record<string, unknown> };

/**
 * Caps the operations one WebSocket, and all sockets of one API key in this process, hold open.
 * Counts are read from graphql-ws's own records, so an operation that ends or a socket that closes
 * frees its place without bookkeeping here.
 */
export class OperationCaps {
  private readonly byKey = new Map<string, Set<SocketOperations>>();

  constructor(private readonly limits: Pick<RequestLimitSettings, "maxSubscriptionsPerSocket" | "maxSubscriptionsPerKey">) {}

  opened(apiKeyId: string, socket: SocketOperations): void {
    let sockets = this.byKey.get(apiKeyId);
    if (!sockets) this.byKey.set(apiKeyId, (sockets = new Set()));
    sockets.add(socket);
  }

  closed(apiKeyId: string, socket: SocketOperations): void {
    const sockets = this.byKey.get(apiKeyId);
    sockets?.delete(socket);
    if (sockets?.size === 0) this.byKey.delete(apiKeyId);
  }

  /** Called as an operation starts; graphql-ws has already counted it among the socket's. */
  refusal(socket: SocketOperations, apiKeyId: string | undefined): RequestLimitError | undefined {
    const { maxSubscriptionsPerSocket, maxSubscriptionsPerKey } = this.limits;
    if (Object.keys(socket.subscriptions).length > maxSubscriptionsPerSocket) {
      return new RequestLimitError(`This socket already holds ${maxSubscriptionsPerSocket} operations; complete one first.`, "TOO_MANY_SUBSCRIPTIONS", maxSubscriptionsPerSocket);
    }
    if (apiKeyId === undefined) return undefined;
    let held = 0;
    for (const other of this.byKey.get(apiKeyId) ?? []) held += Object.keys(other.subscriptions).length;
    if (held > maxSubscriptionsPerKey) {
      return new RequestLimitError(`This API key already holds ${maxSubscriptionsPerKey} operations; complete one first.`, "TOO_MANY_SUBSCRIPTIONS", maxSubscriptionsPerKey);
    }
    return undefined;
  }
}
