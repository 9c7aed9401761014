import { Client } from "pg";
import { connectionStringOf, type Database } from "../prisma.js";
import { FINDING_EVENTS_CHANNEL } from "./finding-events.js";

export type FindingEventListenerHandlers = {
  /** A transaction that wrote events committed. */
  onNotify(): void;
  /** LISTEN is in place (first time or again): whatever committed while it was not is read now. */
  onListening(): void;
  onError(error: unknown): void;
};

/** What the log's readers see in pg_stat_activity, so an operator (or a test) can find the connection. */
export const LISTENER_APPLICATION_NAME = "vigil-finding-events";

const RETRY_MS = [100, 250, 500, 1_000, 2_000, 5_000];

/**
 * LISTEN on the log's channel over a connection of its own, opened again (with backoff) whenever it is
 * lost. A notification is only a wake-up: the log is the truth, so one lost with a connection costs
 * nothing once onListening has the reader look.
 */
export class FindingEventListener {
  private client: Client | undefined;
  private stopped = false;
  private failures = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private everListened = false;
  /** Times LISTEN was in place again after its connection was lost. */
  reconnects = 0;

  constructor(
    private readonly db: Database,
    private readonly handlers: FindingEventListenerHandlers,
  ) {}

  start(): void {
    void this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new Client({ connectionString: connectionStringOf(this.db), application_name: LISTENER_APPLICATION_NAME, keepAlive: true });
    let lost = false;
    const onLost = (error?: unknown) => {
      if (lost) return;
      lost = true;
      if (this.client === client) this.client = undefined;
      void client.end().catch(() => undefined);
      if (this.stopped) return;
      if (error) this.handlers.onError(error);
      this.retryTimer = setTimeout(() => void this.connect(), RETRY_MS[Math.min(this.failures++, RETRY_MS.length - 1)]);
      this.retryTimer.unref();
    };
    client.on("error", onLost);
    client.on("end", () => onLost());
    client.on("notification", () => this.handlers.onNotify());
    try {
      await client.connect();
      await client.query(`LISTEN ${FINDING_EVENTS_CHANNEL}`);
    } catch (error) {
      onLost(error);
      return;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    if (this.everListened) this.reconnects += 1;
    this.everListened = true;
    this.failures = 0;
    this.client = client;
    this.handlers.onListening();
  }
}
