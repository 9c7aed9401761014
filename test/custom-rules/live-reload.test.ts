/**
 * A stored rule goes live in the pipeline within seconds: created through the service, announced on
 * CUSTOM_RULES_CHANGED over Redis, reloaded by the worker's reloader, and run by the process worker (real Redis
 * queues and PostgreSQL). Its findings are stored and pushed like the managed ones, carry the rule's
 * title, id and author and the matched eventIDs, and its cost reaches the table /metrics reads.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { createLogger } from "../../src/logger";
import { createRedisPubSub, type RunningPubSub } from "../../src/realtime/pubsub";
import { StoredCustomRules } from "../../src/services/custom-rules/stored-custom-rules";
import { CustomRuleReloader } from "../../src/services/system/custom-rule-reloader";
import { CustomRuleWatcher } from "../../src/services/system/custom-rule-watcher";
import { ACCOUNT } from "../ingest/support/cloudtrail";
import { startPipelineServer } from "../ingest/support/http-server";
import { collectFindingEvents, eventually, startTestPipeline, type TestPipeline } from "../ingest/support/pipeline";

const RULE = readFileSync(path.join(__dirname, "..", "fixtures", "sigma", "rules", "aws_cloudtrail_disable_logging.yml"), "utf8");
const TYPE = "Custom:IAMUser/AWSCloudTrailImportantChange";

const BURST_RULE = `title: Trail Lookups Burst
id: 7d3e1f20-5b4a-4c8e-9f61-0a2b3c4d5e6f
author: Vigil tests
level: low
logsource:
    product: aws
    service: cloudtrail
detection:
    selection:
        eventName: LookupEvents
    timeframe: 5m
    condition: selection | count() by userIdentity.userName >= 3
`;

function stopLogging(eventID: string, eventName = "StopLogging"): string {
  return JSON.stringify({
    Records: [
      {
        eventVersion: "1.10",
        eventTime: new Date().toISOString(),
        eventSource: "cloudtrail.amazonaws.com",
        eventName,
        awsRegion: "eu-west-1",
        sourceIPAddress: "198.51.100.20",
        userAgent: "aws-cli/2.15.0",
        userIdentity: { type: "IAMUser", principalId: "AIDAEXAMPLE", arn: `arn:aws:iam::${ACCOUNT}:user/alice`, accountId: ACCOUNT, userName: "alice" },
        requestParameters: { name: "main" },
        responseElements: null,
        eventID,
        eventType: "AwsApiCall",
        recipientAccountId: ACCOUNT,
      },
    ],
  });
}

/** GuardDuty keeps additionalInfo as JSON text. */
function sigmaOf(data: unknown): { matchedEvents: string[] } & Record<string, unknown> {
  return (JSON.parse((data as { service: { additionalInfo: { value: string } } }).service.additionalInfo.value) as { sigma: { matchedEvents: string[] } }).sigma;
}

describe("stored rules in the live pipeline", () => {
  let pipeline: TestPipeline;
  let reloader: CustomRuleReloader;
  let watcher: CustomRuleWatcher;
  let sourceId: string;
  let redisEvents: RunningPubSub;
  let rules: StoredCustomRules;

  beforeAll(async () => {
    pipeline = await startTestPipeline();
    sourceId = await pipeline.createSource({ name: "pushed", location: "PUSH" });
    // The API's change reaches the worker's reloader over Redis pub/sub, as between two processes.
    redisEvents = createRedisPubSub(pipeline.queues.redisUrl, pipeline.queues.queuePrefix);
    rules = new StoredCustomRules(pipeline.database.db, pipeline.services.audit, redisEvents.pubSub);
    watcher = new CustomRuleWatcher(pipeline.database.db, redisEvents.pubSub, createLogger("silent"));
    // The periodic check is a minute away: only the CUSTOM_RULES_CHANGED event can make the rule live within seconds.
    reloader = new CustomRuleReloader({ registry: pipeline.services.customRuleRegistry, source: pipeline.services.customRuleSource, watcher, pubSub: redisEvents.pubSub, logger: createLogger("silent"), checkIntervalMs: 60_000 });
    await reloader.start();
    await pipeline.startWorkers();
  }, 60_000);

  afterAll(async () => {
    await reloader.stop();
    await redisEvents.close();
    await pipeline.close();
  });

  const customFindings = () => pipeline.database.db.finding.findMany({ where: { detectorId: pipeline.owner.detectorId, type: TYPE } });

  it("raises the rule's finding for an event pushed within 5 seconds of createCustomRule", async () => {
    const pushed = collectFindingEvents(pipeline.pubSub);
    await pipeline.queuePushed(sourceId, "before-rule", stopLogging("ev-before"));
    await eventually(() => pipeline.database.db.ingestedObject.count({ where: { logSourceId: sourceId } }), (n) => n === 1);
    expect(await customFindings()).toHaveLength(0);

    const created = Date.now();
    const rule = await rules.create(pipeline.owner, pipeline.owner.detectorId, { rule: RULE, severity: 8 });
    // An object every 100 ms, each with its own event: the first whose finding appears says when the rule was live.
    let n = 0;
    const pushing = setInterval(() => {
      const index = n++;
      void pipeline.queuePushed(sourceId, `after-${index}`, stopLogging(`ev-${index}`));
    }, 100);
    let findings;
    try {
      findings = await eventually(customFindings, (rows) => rows.length > 0, 10_000);
    } finally {
      clearInterval(pushing);
    }
    const firstEvent = sigmaOf(findings[0]!.data).matchedEvents[0]!;
    const index = Number(firstEvent.slice("ev-".length));
    // setInterval's first call is 100 ms after create.
    const liveAfterMs = (index + 1) * 100;
    process.stdout.write(`stored rule live in the pipeline after ≤ ${liveAfterMs} ms (object ${index} pushed ${liveAfterMs} ms after create; found ${Date.now() - created} ms after create)\n`);
    expect(liveAfterMs).toBeLessThan(5_000);

    const finding = findings[0]!;
    expect(finding.severity).toBe(8);
    expect((finding.data as { title: string }).title).toBe("AWS CloudTrail Important Change (Sigma rule by vitaliy0x1)");
    expect(sigmaOf(finding.data)).toMatchObject({ title: "AWS CloudTrail Important Change", id: "4db60cc0-36fb-42b7-9b58-a5b53019fb74", author: "vitaliy0x1", matchedEvents: [firstEvent] });
    await eventually(async () => pushed.events.flatMap((event) => event.findings.map((f) => f.id)), (ids) => ids.includes(finding.id), 5_000);
    await pushed.stop();
    expect((await customFindings()).flatMap((row) => sigmaOf(row.data).matchedEvents)).not.toContain("ev-before");

    await watcher.flush();
    const costs = await pipeline.services.customRuleSource.costs();
    expect(costs).toEqual([expect.objectContaining({ customRuleId: rule.id, detectorId: pipeline.owner.detectorId, sigmaId: rule.sigmaId })]);
    expect(Number(costs[0]!.events)).toBeGreaterThan(0);
    const api = await startPipelineServer(pipeline, { metrics: { ledger: pipeline.services.ingestion, queues: pipeline.ingest.queues, operations: pipeline.services.operations, publisher: pipeline.services.publisher, customRules: pipeline.services.customRuleSource, tokens: ["metrics-token"] } });
    try {
      const text = await (await fetch(`${api.server.url}/metrics`, { headers: { authorization: "Bearer metrics-token" } })).text();
      const labels = `custom_rule_id="${rule.id}",sigma_id="${rule.sigmaId}",detector_id="${pipeline.owner.detectorId}"`;
      expect(text).toContain(`vigil_custom_rule_events_total{${labels}} ${Number(costs[0]!.events)}`);
      const perEvent = text.split("\n").find((line) => line.startsWith(`vigil_custom_rule_seconds_per_event{${labels}} `));
      expect(Number(perEvent?.split(" ")[1])).toBeGreaterThan(0);
    } finally {
      await api.close();
    }
  }, 30_000);

  it("stops raising within 5 seconds of the rule being disabled", async () => {
    const [rule] = await rules.list(pipeline.owner, pipeline.owner.detectorId);
    await rules.update(pipeline.owner, pipeline.owner.detectorId, rule!.id, { expectedVersion: rule!.version, enabled: false });
    await eventually(async () => pipeline.services.customRuleRegistry.current().size, (size) => size === 0, 5_000);
    await pipeline.queuePushed(sourceId, "after-disable", stopLogging("ev-disabled"));
    await eventually(() => pipeline.database.db.ingestedObject.count({ where: { logSourceId: sourceId, objectKey: "after-disable" } }), (count) => count === 1);
    expect((await customFindings()).flatMap((row) => sigmaOf(row.data).matchedEvents)).not.toContain("ev-disabled");
  }, 30_000);

  it("runs a stored count() rule across objects through the shared window store", async () => {
    const rule = await rules.create(pipeline.owner, pipeline.owner.detectorId, { rule: BURST_RULE });
    await eventually(async () => pipeline.services.customRuleRegistry.current().get(pipeline.owner.detectorId)?.windowedRules.length ?? 0, (n) => n === 1, 5_000);
    const burst = () => pipeline.database.db.finding.findMany({ where: { detectorId: pipeline.owner.detectorId, type: "Custom:IAMUser/TrailLookupsBurst" } });
    // Two lookups in one object, one in the next: only together do they reach the count.
    await pipeline.queuePushed(sourceId, "burst-1", JSON.stringify({ Records: [JSON.parse(stopLogging("lk-1", "LookupEvents")).Records[0], JSON.parse(stopLogging("lk-2", "LookupEvents")).Records[0]] }));
    await eventually(() => pipeline.database.db.ingestedObject.count({ where: { logSourceId: sourceId, objectKey: "burst-1" } }), (count) => count === 1);
    expect(await burst()).toHaveLength(0);
    await pipeline.queuePushed(sourceId, "burst-2", stopLogging("lk-3", "LookupEvents"));
    const [finding] = await eventually(burst, (rows) => rows.length === 1);
    expect(sigmaOf(finding!.data)).toMatchObject({ id: "7d3e1f20-5b4a-4c8e-9f61-0a2b3c4d5e6f", author: "Vigil tests", count: 3, matchedEvents: ["lk-1", "lk-2", "lk-3"] });
    await rules.delete(pipeline.owner, pipeline.owner.detectorId, rule.id);
  }, 30_000);
});
