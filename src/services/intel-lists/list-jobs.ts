/**
 * Work the API hands to the `lists` workers. Each job carries the list's version (its updatedAt in
 * ms), so a repeated or outdated job finds the list changed and does nothing.
 */
export type ListJob =
  | { name: "activate-list" | "deactivate-list" | "delete-list"; listId: string; version: number }
  | { name: "refresh-feed"; feedId: string; version: number }
  | { name: "reconcile" };

export interface ListJobs {
  /** Queues the job (duplicates collapse). Never throws: the workers' reconcile re-queues what was missed. */
  enqueue(job: ListJob): Promise<void>;
  /** Refreshes the feed every `everyMs`, or stops refreshing it (null). */
  scheduleFeed(feedId: string, everyMs: number | null): Promise<void>;
  /** Feed id → refresh interval of every feed schedule in the queue. */
  feedSchedules(): Promise<Map<string, number>>;
}
