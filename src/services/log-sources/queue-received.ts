/**
 * A body Vigil received (a push, a Firehose or EventBridge delivery) becomes an object to process: stored in
 * PostgreSQL first, which is what accepting it means, then queued. Losing Redis then delays it (the
 * reconciler queues it again) but never drops it.
 */
import type { IngestQueues } from "../../queues/ingest.js";
import type { IngestionLedger } from "../system/ingestion-ledger.js";

/** How long an answer waits for Redis to take the job; longer only delays senders while Redis is away. */
const ENQUEUE_WAIT_MS = 2000;

async function waitAtMost(work: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([work, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

/** `body` as the process job reads it: log text gzip'd, or a Firehose request as it came. */
export type ReceivedObject = { key: string; lastModified: Date; body: Buffer };

export async function queueReceived(ledger: IngestionLedger, queues: IngestQueues, logSourceId: string, received: ReceivedObject): Promise<void> {
  const object = { key: received.key, size: received.body.length, lastModified: received.lastModified };
  await ledger.recordReceived(logSourceId, { ...object, body: received.body });
  await waitAtMost(queues.enqueueObjects(logSourceId, [object]).catch(() => undefined), ENQUEUE_WAIT_MS);
}
