/** `vigil rules backtest` against the real API: starts the backtest, follows it with a bar, prints the rule's author. */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import type { Worker } from "bullmq";
import { formatBacktest, runBacktest } from "../../src/cli/rules/backtest";
import { createLogger } from "../../src/logger";
import { startBacktestWorker } from "../../workers/backtest";
import { accountWithDetector, type TestAccount } from "../support/accounts";
import { startTestApp, type TestApp } from "../support/app";
import { TEST_REDIS_URL } from "../support/env";

const RULE = `title: Console Login
id: 0b8c1d9e-0a6b-4c1e-9a53-2f1d4b6a7c80
author: Jane Analyst
logsource:
    product: aws
    service: cloudtrail
detection:
    selection:
        eventName: ConsoleLogin
    condition: selection
`;

describe("vigil rules backtest", () => {
  let app: TestApp;
  let account: TestAccount;
  let worker: Worker;
  let folder: string;

  beforeAll(async () => {
    app = await startTestApp();
    account = await accountWithDetector(app, "350000000001");
    worker = startBacktestWorker(app.services.backtestRunner, { redisUrl: TEST_REDIS_URL, queuePrefix: app.queuePrefix }, createLogger("silent"));
    folder = await mkdtemp(path.join(tmpdir(), "vigil-rules-cli-"));
    await writeFile(path.join(folder, "rule.yml"), RULE);
  });
  afterAll(async () => {
    await worker.close();
    await app.close();
    await rm(folder, { recursive: true, force: true });
  });

  it("follows the job to its end and prints what matched, with the rule's author", async () => {
    const progress = new PassThrough();
    let drawn = "";
    progress.on("data", (chunk: Buffer) => (drawn += chunk.toString()));
    const report = await runBacktest({ url: app.url, apiKey: account.key, detector: account.detectorId, rule: path.join(folder, "rule.yml"), from: "2026-12-01T00:00:00Z", to: "2026-12-02T00:00:00Z", pollMs: 50, progress });
    expect(report).toMatchObject({ state: "COMPLETED", objectsTotal: 0, matchedEvents: 0, rule: { title: "Console Login", author: "Jane Analyst" } });
    expect(drawn).toMatch(/backtest \[.*\] 0\/0 objects \| 0 matched events/);
    expect(formatBacktest(report)).toBe(
      "rule: Console Login (0b8c1d9e-0a6b-4c1e-9a53-2f1d4b6a7c80) by Jane Analyst\nobjects read: 0 of 0; events in range: 0\nmatched events: 0; findings it would raise: 0\n",
    );
  });

  it("ends with the API's error, naming the line and field", async () => {
    await writeFile(path.join(folder, "broken.yml"), RULE.replace("eventName:", "eventName|nope:"));
    await expect(runBacktest({ url: app.url, apiKey: account.key, detector: account.detectorId, rule: path.join(folder, "broken.yml"), from: "2026-12-01T00:00:00Z", to: "2026-12-02T00:00:00Z", progress: new PassThrough() })).rejects.toThrow(
      /^rule: line 9: field 'detection\.selection\.eventName\|nope': unknown modifier 'nope'/,
    );
  });
});
