import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { buildThreatIndex, IntelRegistry, type ThreatIndexInput } from "../../src/detection/intel";
import { IntelService, type SnapshotSource } from "../../src/services/intel-lists/intel-service";
import { createLogger } from "../../src/logger";
import { createLocalPubSub } from "../../src/realtime/pubsub";
import { TEST_REDIS_URL } from "../support/env";
import { spawnVigil, type VigilProcess } from "../support/vigil-process";
import { eventually, startListsHarness, type Harness, type TestAccount } from "./support/lists-harness";

const OLD_ENTRY = "45.154.244.193";
const NEW_ENTRY = "2a0b:4140:4c1::17";

describe("reloading lists in running workers", () => {
  let harness: Harness;
  let worker: VigilProcess;
  let dataDir: string;
  let owner: TestAccount;

  beforeAll(async () => {
    // This process plays the API and a second worker process; `vigil worker` in a child process runs the lists jobs.
    harness = await startListsHarness({ worker: false });
    dataDir = await mkdtemp(path.join(tmpdir(), "vigil-worker-"));
    worker = spawnVigil(["worker"], {
      DATABASE_URL: harness.database.url,
      REDIS_URL: TEST_REDIS_URL,
      VIGIL_QUEUE_PREFIX: harness.queues.queuePrefix,
      VIGIL_DATA_DIR: dataDir,
      VIGIL_DEMO_FEEDS: "false",
    });
    await worker.waitForLog((line) => line.msg === "vigil is running", 60_000);
    owner = await harness.account();
  }, 90_000);

  afterAll(async () => {
    worker.child.kill("SIGTERM");
    await worker.exited;
    await harness.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const inForce = (condition: () => boolean, what: string, withinMs = 5_000) => eventually(() => (condition() ? true : undefined), withinMs, what);
  const matches = (ip: string) => harness.services.intel.matchIp(owner.accountId, ip).length > 0;

  it("makes new content of a threat list match within 5 seconds of updateThreatIntelSet", async () => {
    const lists = harness.services.intelLists;
    const list = await lists.create(owner.actor, "THREAT", owner.detectorId, { name: "hot list", format: "TXT", content: `${OLD_ENTRY}\n`, activate: true });
    await inForce(() => matches(OLD_ENTRY), "the first content", 15_000);
    const installsBefore = snapshotInstalls(worker).length;

    await lists.update(owner.actor, "THREAT", owner.detectorId, list.id, { content: `${NEW_ENTRY}\n` });
    // GuardDuty takes 15 to 40 minutes; the requirement here is seconds.
    await inForce(() => matches(NEW_ENTRY) && !matches(OLD_ENTRY), "the new content, the old one gone");
    // The worker process that activated it rebuilt its own snapshot too.
    const installs = await eventually(() => (snapshotInstalls(worker).length > installsBefore ? snapshotInstalls(worker) : undefined), 5_000, "a rebuild in the worker process");
    expect(installs.at(-1)).toMatchObject({ threatLists: 1, entries: 1 });

    await lists.update(owner.actor, "THREAT", owner.detectorId, list.id, { content: `${OLD_ENTRY}\n${NEW_ENTRY}\n` });
    await inForce(() => matches(NEW_ENTRY) && matches(OLD_ENTRY), "both entries");
  });

  it("changes what matches within 5 seconds of updateIPSet", async () => {
    const lists = harness.services.intelLists;
    const trusted = await lists.create(owner.actor, "TRUSTED", owner.detectorId, { name: "trusted", format: "TXT", content: `${OLD_ENTRY}\n`, activate: true });
    await inForce(() => !matches(OLD_ENTRY) && matches(NEW_ENTRY), "the trusted entry suppressing its match", 15_000);

    await lists.update(owner.actor, "TRUSTED", owner.detectorId, trusted.id, { content: `${NEW_ENTRY}\n` });
    await inForce(() => matches(OLD_ENTRY) && !matches(NEW_ENTRY), "the new trusted entry in force, the old one gone");
  });
});

function snapshotInstalls(process: VigilProcess): Array<Record<string, unknown>> {
  return process
    .output()
    .split("\n")
    .filter((line) => line.includes('"threat intel snapshot installed"'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** A source whose loads finish when the test says, to make rebuilds overlap. */
class ControlledSource implements SnapshotSource {
  readonly loads: Array<{ input: ThreatIndexInput; finish: () => void }> = [];

  fingerprint(): Promise<string> {
    return Promise.resolve(`load ${this.loads.length}`);
  }

  load(): Promise<ThreatIndexInput> {
    return new Promise((resolve) => {
      const entry = `45.154.${this.loads.length}.1`;
      const input: ThreatIndexInput = { accounts: { "111111111111": { trusted: [], threat: [{ id: "l", name: `load ${this.loads.length}`, entries: [{ value: entry, kind: "ipv4" }] }] } } };
      this.loads.push({ input, finish: () => resolve(input) });
    });
  }
}

describe("IntelService", () => {
  it("runs rebuilds one at a time, so an older one never lands after a newer one, and readers see whole snapshots only", async () => {
    const registry = new IntelRegistry();
    const source = new ControlledSource();
    const service = new IntelService({ registry, source, pubSub: createLocalPubSub(), logger: createLogger("silent"), checkIntervalMs: 60_000 });
    const started = service.start();
    await eventually(() => (source.loads.length === 1 ? true : undefined));
    const empty = registry.current();

    // Two changes arrive while the first load is still reading: they collapse into one more rebuild, after it.
    const first = service.reload();
    const second = service.reload();
    expect(source.loads).toHaveLength(1);
    expect(registry.current()).toBe(empty);

    source.loads[0].finish();
    await eventually(() => (source.loads.length === 2 ? true : undefined));
    expect(registry.current().matchIp("111111111111", "45.154.0.1")).toEqual([expect.objectContaining({ listName: "load 0" })]);
    source.loads[1].finish();
    await Promise.all([started, first, second]);

    expect(source.loads).toHaveLength(2);
    expect(registry.current().matchIp("111111111111", "45.154.1.1")).toEqual([expect.objectContaining({ listName: "load 1" })]);
    expect(registry.current().matchIp("111111111111", "45.154.0.1")).toEqual([]);
    await service.stop();
  });

  it("keeps the snapshot in force when a rebuild fails", async () => {
    const registry = new IntelRegistry(buildThreatIndex({ accounts: { "111111111111": { trusted: [], threat: [{ id: "l", name: "kept", entries: [{ value: "45.154.9.9", kind: "ipv4" }] }] } } }));
    const failing: SnapshotSource = { fingerprint: () => Promise.resolve("x"), load: () => Promise.reject(new Error("database down")) };
    const service = new IntelService({ registry, source: failing, pubSub: createLocalPubSub(), logger: createLogger("silent"), checkIntervalMs: 60_000 });
    await service.start();
    expect(registry.matchIp("111111111111", "45.154.9.9")).toEqual([expect.objectContaining({ listName: "kept" })]);
    await service.stop();
  });
});
