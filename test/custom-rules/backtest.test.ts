/**
 * backtestCustomRule over a folder source: the detector's recorded objects are read again from the
 * folder, the rule runs over the events in the range (the account's own only), progress is reported
 * on the job, and nothing is raised. The objects are Stratus Red Team's ec2-steal-instance-credentials
 * detonation (test/fixtures/logs/README.md), its account id replaced by the test account's.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { readFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import type { Worker } from "bullmq";
import { createLogger } from "../../src/logger";
import { BacktestQueue } from "../../src/queues/backtest";
import { BacktestService, type BacktestView } from "../../src/services/custom-rules/backtest-service";
import { startBacktestWorker } from "../../workers/backtest";
import { ACCOUNT } from "../ingest/support/cloudtrail";
import { eventually, startTestPipeline, type TestPipeline } from "../ingest/support/pipeline";

const DETONATION = gunzipSync(readFileSync(path.join(__dirname, "..", "fixtures", "logs", "stratus-ec2-steal-instance-credentials.records.json.gz"))).toString("utf8");
const SEND_COMMAND_ID = "2a5178c8-b4c7-44ba-b066-1ecc79b7087c";

const RULE = `title: SSM SendCommand
id: 6b1c3a52-1f0e-4d55-9d1e-6f5a0c2b7e10
author: Vigil tests
level: high
logsource:
    product: aws
    service: cloudtrail
detection:
    selection:
        eventSource: ssm.amazonaws.com
        eventName: SendCommand
    condition: selection
`;

describe("backtestCustomRule", () => {
  let pipeline: TestPipeline;
  let queue: BacktestQueue;
  let backtests: BacktestService;
  let worker: Worker;

  beforeAll(async () => {
    pipeline = await startTestPipeline();
    const folder = path.join(pipeline.logsRoot, "trail");
    await mkdir(folder, { recursive: true });
    await writeFile(path.join(folder, "own.json.gz"), gzipSync(DETONATION.replaceAll("017622104382", ACCOUNT)));
    // Another account's events in the owner's (non-organisation) source: the pipeline dropped them, and so does a backtest.
    await writeFile(path.join(folder, "other-account.json.gz"), gzipSync(DETONATION));
    const sourceId = await pipeline.createSource({ name: "trail", location: "trail" });
    await pipeline.startWorkers();
    await eventually(() => pipeline.database.db.logSource.findUniqueOrThrow({ where: { id: sourceId } }), (source) => source.objectsProcessed === 2n);
    queue = new BacktestQueue(pipeline.queues);
    backtests = new BacktestService(pipeline.database.db, queue);
    worker = startBacktestWorker(pipeline.services.backtestRunner, pipeline.queues, createLogger("silent"));
  }, 60_000);

  afterAll(async () => {
    await worker.close();
    await queue.close();
    await pipeline.close();
  });

  const run = async (from: string, to: string): Promise<{ final: BacktestView; seen: BacktestView[] }> => {
    const started = await backtests.start(pipeline.owner, pipeline.owner.detectorId, { rule: RULE, from: new Date(from), to: new Date(to) });
    expect(started.state).toBe("WAITING");
    const seen: BacktestView[] = [];
    const final = await eventually(
      async () => {
        const view = await backtests.get(pipeline.owner, pipeline.owner.detectorId, started.id);
        seen.push(view);
        return view;
      },
      (view) => view.state === "COMPLETED" || view.state === "FAILED",
      20_000,
    );
    return { final, seen };
  };

  it("reports the matches in the range from the stored objects, without raising findings", async () => {
    const { final, seen } = await run("2024-08-02T08:00:00Z", "2024-08-02T09:00:00Z");
    expect(final).toMatchObject({ state: "COMPLETED", objectsDone: 2, objectsTotal: 2, matchedEvents: 1, findings: 1 });
    expect(final.result).toMatchObject({ eventsRead: 45, objectsUnavailable: 0, matchedEventIds: [SEND_COMMAND_ID] });
    expect(JSON.parse(final.result!.samples[0]!)).toMatchObject({ eventName: "SendCommand", eventID: SEND_COMMAND_ID, recipientAccountId: ACCOUNT });
    // Progress is counted object by object.
    expect(seen.every((view) => view.objectsDone <= 2)).toBe(true);
    expect(await pipeline.database.db.finding.count({ where: { type: { startsWith: "Custom:" } } })).toBe(0);
  });

  it("reads no event outside the range", async () => {
    const { final } = await run("2024-08-02T08:23:30Z", "2024-08-02T08:30:00Z");
    expect(final).toMatchObject({ state: "COMPLETED", objectsTotal: 2, matchedEvents: 0, findings: 0 });
    expect(final.result!.eventsRead).toBeLessThan(45);
  });

  it("refuses a bad range or rule before queueing anything, and hides the backtest from other detectors", async () => {
    await expect(backtests.start(pipeline.owner, pipeline.owner.detectorId, { rule: RULE, from: new Date("2024-08-02"), to: new Date("2024-08-01") })).rejects.toThrow("from: must be before to.");
    await expect(backtests.start(pipeline.owner, pipeline.owner.detectorId, { rule: RULE, from: new Date("2024-01-01"), to: new Date("2024-08-01") })).rejects.toThrow("to: a backtest covers at most 90 days.");
    await expect(backtests.start(pipeline.owner, pipeline.owner.detectorId, { rule: RULE.replace("level: high", "level: extreme"), from: new Date("2024-08-01"), to: new Date("2024-08-02") })).rejects.toThrow(
      /^rule: line 4: field 'level'/,
    );
    expect(await queue.queue.getJobCountByTypes("waiting", "active", "completed", "failed")).toBe(2);
    await expect(backtests.get(pipeline.owner, pipeline.owner.detectorId, "999")).rejects.toThrow("Backtest 999 not found.");
  });
});
