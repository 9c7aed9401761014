import { randomBytes } from "node:crypto";
import path from "node:path";
import type { Worker } from "bullmq";
import { loadSettings, type ListSettings } from "../../../src/config";
import type { IntelList, IntelListStatus, ThreatFeed } from "../../../src/generated/prisma/client";
import { IntelService } from "../../../src/services/intel-lists/intel-service";
import { ListJobQueue } from "../../../src/queues/list-jobs";
import { createLogger } from "../../../src/logger";
import { createRedisPubSub } from "../../../src/realtime/pubsub";
import type { AccountActor, OperatorActor } from "../../../src/services/actor";
import { createServices, type Services } from "../../../src/services";
import { startListsWorker } from "../../../workers/lists";
import { createTestDatabase, type TestDatabase } from "../../support/database";
import { TEST_REDIS_URL } from "../../support/env";
import { freshQueuePrefix } from "../../support/queues";

export const INTEL_FIXTURES = path.join(__dirname, "..", "..", "fixtures", "intel");
export const FEED_FIXTURES = path.join(__dirname, "..", "..", "fixtures", "feeds");

export type TestAccount = { accountId: string; actor: AccountActor; detectorId: string };

export type Harness = {
  services: Services;
  database: TestDatabase;
  settings: ListSettings;
  queues: ReturnType<typeof freshQueuePrefix>;
  jobs: ListJobQueue;
  operator: OperatorActor;
  /** Registers an account (a fresh 12-digit id) with an enabled detector. */
  account(): Promise<TestAccount>;
  /** The administrator adds and invites, the member accepts: the member ends Enabled. */
  associate(administrator: TestAccount, member: TestAccount): Promise<void>;
  listReaching(listId: string, statuses: IntelListStatus[], timeoutMs?: number): Promise<IntelList>;
  feedReaching(feedId: string, statuses: IntelListStatus[], timeoutMs?: number): Promise<ThreatFeed>;
  close(): Promise<void>;
};

export type HarnessOptions = {
  lists?: Partial<ListSettings>;
  /** Run a `lists` worker in this process (default true). Without one, lists stay in their transitional status. */
  worker?: boolean;
  /** Keep services.intel current in this process (default true), as a worker process does. */
  intel?: boolean;
  reconcileSeconds?: number;
  reloadCheckMs?: number;
};

let nextAccountId = 300_000_000_000 + (process.pid % 1000) * 100_000;

/** Poll until `check` gives a value, or fail with what was last seen. */
export async function eventually<T>(check: () => Promise<T | undefined> | T | undefined, timeoutMs = 10_000, what = "condition"): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what} not reached within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * The services wired as a `start` process wires them, over a fresh database and queue prefix and the
 * real Redis: lists queue, in-process `lists` worker and IntelService keeping services.intel current.
 */
export async function startListsHarness(options: HarnessOptions = {}): Promise<Harness> {
  const database = await createTestDatabase();
  const queues = freshQueuePrefix();
  const logger = createLogger("silent");
  const events = createRedisPubSub(TEST_REDIS_URL);
  const settings: ListSettings = { ...loadSettings({}).lists, fileDirs: [INTEL_FIXTURES, FEED_FIXTURES], ...options.lists };
  const jobs = new ListJobQueue(queues, logger);
  const services = createServices({ db: database.db, operatorToken: `op_${randomBytes(24).toString("base64url")}`, pubSub: events.pubSub, lists: settings, listJobs: jobs });
  const operator: OperatorActor = { kind: "operator" };

  let worker: Worker | undefined;
  if (options.worker ?? true) worker = await startListsWorker(queues, services, { jobs, reconcileSeconds: options.reconcileSeconds ?? 60 }, logger);
  let intel: IntelService | undefined;
  if (options.intel ?? true) {
    intel = new IntelService({ registry: services.intel, source: services.intelSnapshots, pubSub: events.pubSub, logger, checkIntervalMs: options.reloadCheckMs ?? 30_000 });
    await intel.start();
  }

  const account = async (): Promise<TestAccount> => {
    const accountId = String(nextAccountId++);
    const { key } = await services.accounts.createAccount(operator, { accountId, name: `account ${accountId}`, email: `a${accountId}@example.com` });
    const actor = (await services.authenticator.authenticate(key.secret)) as AccountActor;
    const detector = await services.detectors.create(actor, { enable: true });
    return { accountId, actor, detectorId: detector.id };
  };

  const associate = async (administrator: TestAccount, member: TestAccount) => {
    await services.members.createMembers(administrator.actor, administrator.detectorId, [{ accountId: member.accountId, email: "m@example.com" }]);
    await services.members.inviteMembers(administrator.actor, administrator.detectorId, [member.accountId]);
    const invitations = await services.invitations.list(member.actor, {});
    await services.invitations.accept(member.actor, member.detectorId, administrator.accountId, invitations.items[0].id);
  };

  return {
    services,
    database,
    settings,
    queues,
    jobs,
    operator,
    account,
    associate,
    listReaching: (listId, statuses, timeoutMs) =>
      eventually(
        async () => {
          const list = await database.db.intelList.findUnique({ where: { id: listId } });
          return list && statuses.includes(list.status) ? list : undefined;
        },
        timeoutMs,
        `list ${listId} in ${statuses.join("/")}`,
      ),
    feedReaching: (feedId, statuses, timeoutMs) =>
      eventually(
        async () => {
          const feed = await database.db.threatFeed.findUnique({ where: { id: feedId } });
          return feed && statuses.includes(feed.status) ? feed : undefined;
        },
        timeoutMs,
        `feed ${feedId} in ${statuses.join("/")}`,
      ),
    close: async () => {
      await worker?.close();
      await intel?.stop();
      await jobs.close();
      await events.close();
      await queues.cleanup();
      await database.drop();
    },
  };
}

export function fixtureUrl(folder: string, name: string): string {
  return `file://${path.join(folder, name)}`;
}
