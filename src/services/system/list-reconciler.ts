import type { Database } from "../../db/prisma.js";
import type { ListJobs } from "../../queues/list-jobs.js";
import { JOB_FOR_STATUS, TRANSITIONAL } from "../intel-lists/list-vocabulary.js";

export type ReconcileOutcome = { requeued: number; schedulesChanged: number };

/**
 * The API queues a job after committing a change; if that failed (Redis briefly away, the process
 * killed in between), a list would stay ACTIVATING for good. The workers run this on a schedule: it
 * queues again whatever is pending (duplicates collapse) and makes the feed schedules match the feeds.
 *
 * A system service (see ./README.md): it acts for no caller, so it takes no Actor.
 */
export class ListReconciler {
  constructor(private readonly db: Database) {}

  async reconcile(jobs: ListJobs): Promise<ReconcileOutcome> {
    let requeued = 0;
    const pending = await this.db.intelList.findMany({ where: { status: { in: [...TRANSITIONAL] } }, select: { id: true, status: true, updatedAt: true } });
    for (const list of pending) {
      const name = JOB_FOR_STATUS[list.status];
      if (!name) continue;
      await jobs.enqueue({ name, listId: list.id, version: list.updatedAt.getTime() });
      requeued++;
    }

    // Schedules first: a feed created after the feeds were read would otherwise look unwanted and lose its new schedule.
    const scheduled = await jobs.feedSchedules();
    const feeds = await this.db.threatFeed.findMany({ select: { id: true, enabled: true, status: true, refreshIntervalMinutes: true, updatedAt: true } });
    for (const feed of feeds.filter((f) => f.enabled && f.status === "ACTIVATING")) {
      await jobs.enqueue({ name: "refresh-feed", feedId: feed.id, version: feed.updatedAt.getTime() });
      requeued++;
    }
    const wanted = new Map(feeds.filter((f) => f.enabled).map((f) => [f.id, f.refreshIntervalMinutes * 60_000]));
    let schedulesChanged = 0;
    for (const [feedId, everyMs] of wanted) {
      if (scheduled.get(feedId) === everyMs) continue;
      await jobs.scheduleFeed(feedId, everyMs);
      schedulesChanged++;
    }
    for (const feedId of scheduled.keys()) {
      if (wanted.has(feedId)) continue;
      await jobs.scheduleFeed(feedId, null);
      schedulesChanged++;
    }
    return { requeued, schedulesChanged };
  }
}
