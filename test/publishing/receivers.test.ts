import type { Finding } from "../../src/detection/findings/types";
import { createLogger } from "../../src/logger";
import { upsertFindings } from "../../src/db/findings/finding-upserts";
import { type RunningPublishWorker, startPublishWorker } from "../../workers/publish";
import { accountWithDetector, type TestAccount } from "../support/accounts";
import type { TestApp } from "../support/app";
import { freshQueuePrefix } from "../support/queues";
import { syntheticFinding } from "../findings/support/findings";
import { startLiveApp } from "../findings/support/live-app";
import { waitFor } from "../findings/support/subscriptions";
import { startReceiver } from "./support/receiver";

const LOCAL = { policy: { allowHttp: true, allowPrivateAddresses: true }, timeoutMs: 2_000, publicUrl: "https://vigil.example.com/" };
const ROUTING_KEY = "R0UT1NGKEY0000000000000000000001";
const HEC_TOKEN = "6f0e7a8c-1b2d-4e3f-9a8b-7c6d5e4f3a2b";
const CREATE = `mutation($d: ID!, $type: DestinationType!, $slack: SlackDestinationInput, $pagerDuty: PagerDutyDestinationInput, $splunk: SplunkDestinationInput,
  $webhook: WebhookDestinationInput, $format: FindingFormat, $filter: DestinationFilterInput) {
  createPublishingDestination(detectorId: $d, destinationType: $type, slack: $slack, pagerDuty: $pagerDuty, splunk: $splunk, webhook: $webhook, format: $format, filter: $filter) {
    destination { destinationId format filter { minimumSeverity criterion { attribute equals } } destinationProperties { destinationArn url sourcetype index } } } }`;
const TEST_NOTIFICATION = `mutation($d: ID!, $id: ID!) { sendTestNotification(detectorId: $d, destinationId: $id) { delivered statusCode response error } }`;

/** Each kind against a local receiver: what it sends, to whom, with which credential, filtered how. */
describe("Slack, PagerDuty, Splunk HEC and formatted webhook destinations", () => {
  let app: TestApp;
  let queues: ReturnType<typeof freshQueuePrefix>;
  let publishing: RunningPublishWorker;
  let n = 10;

  const write = async (account: TestAccount, findings: Finding[]) => {
    const written = await app.database.db.$transaction((tx) => upsertFindings(tx, findings, new Set()));
    app.services.pubSub.publish("FINDINGS_UPSERTED", { detectorId: account.detectorId, findings: written.map(({ id, accountId, created }) => ({ id, accountId, created })) });
  };
  const finding = (account: TestAccount, changes: Partial<Finding> = {}): Finding => ({ ...syntheticFinding(account.detectorId, account.accountId, n++), ...changes });
  const create = async (account: TestAccount, variables: Record<string, unknown>) => {
    const result = await app.gql(CREATE, { d: account.detectorId, ...variables }, account.key);
    if (result.errors) throw new Error(result.errors[0].message);
    return result.data!.createPublishingDestination.destination;
  };

  beforeAll(async () => {
    app = await startLiveApp({}, LOCAL);
    queues = freshQueuePrefix();
    publishing = await startPublishWorker(app.services.publisher, app.services.pubSub, queues, { attempts: 2, backoffMs: 50, sweepSeconds: 3600 }, createLogger("silent"));
    await new Promise((resolve) => setTimeout(resolve, 200)); // the worker's subscription to reach Redis
  });
  afterAll(async () => {
    await publishing.stopFollowingFindings();
    await publishing.worker.close();
    await queues.cleanup();
    await app.close();
  });

  it("posts a readable Slack message with a console link, escaping the finding's strings, and never shows the webhook URL", async () => {
    const account = await accountWithDetector(app, "370000000001");
    const slack = await startReceiver();
    const destination = await create(account, { type: "SLACK", slack: { webhookUrl: slack.url } });
    expect(destination.destinationProperties).toMatchObject({ destinationArn: "slack:incoming-webhook", url: null });
    const stored = await app.database.db.publishingDestination.findUniqueOrThrow({ where: { id: destination.destinationId } });
    expect(stored.secretCipher).not.toContain(slack.url);

    const sent = finding(account, { severity: 8, title: "<!channel> look <http://evil.example|here>" });
    await write(account, [sent]);
    await waitFor(() => slack.received.length === 1, 5_000, "the Slack message");
    const message = JSON.parse(slack.received[0].body);
    const text = JSON.stringify(message);
    expect(message.text).toBe(`HIGH ${sent.type} in ${account.accountId}: &lt;!channel&gt; look &lt;http://evil.example|here&gt;`);
    for (const part of ["*Severity*\\nHIGH (8)", `*Account*\\n${account.accountId}`, `*First seen*\\n${sent.service.eventFirstSeen}`, `*Last seen*\\n${sent.service.eventLastSeen}`]) expect(text).toContain(part);
    expect(text).toContain(`<https://vigil.example.com/console/detectors/${account.detectorId}/findings/${sent.id}|Open in Vigil>`);
    // Slack reads markup in mrkdwn only; the header is plain_text.
    const mrkdwn = JSON.stringify(message.blocks.slice(1));
    expect(mrkdwn).not.toMatch(/<!channel>|<http:\/\/evil/);
    await slack.close();
  });

  it("triggers PagerDuty with the finding id as dedup_key and mapped severity, and resolves it once the finding is archived", async () => {
    const account = await accountWithDetector(app, "370000000002");
    const pagerDuty = await startReceiver(202);
    const destination = await create(account, { type: "PAGERDUTY", pagerDuty: { routingKey: ROUTING_KEY, eventsUrl: pagerDuty.url } });
    const sent = finding(account, { severity: 9.5 });
    await write(account, [sent]);
    await waitFor(() => pagerDuty.received.length === 1, 5_000, "the trigger");
    expect(JSON.parse(pagerDuty.received[0].body)).toMatchObject({
      routing_key: ROUTING_KEY,
      event_action: "trigger",
      dedup_key: sent.id,
      payload: { severity: "critical", class: sent.type, group: account.accountId, custom_details: { id: sent.id, type: sent.type } },
    });

    const from = new Date().toISOString();
    const archived = await app.gql(`mutation($d: ID!, $ids: [String!]!) { archiveFindings(detectorId: $d, findingIds: $ids) }`, { d: account.detectorId, ids: [sent.id] }, account.key);
    expect(archived.errors).toBeUndefined();
    await app.services.publisher.publishUpdates({ destinationId: destination.destinationId, from, to: new Date(Date.now() + 1_000).toISOString() }, async () => {});
    expect(JSON.parse(pagerDuty.received[1].body)).toEqual({ routing_key: ROUTING_KEY, event_action: "resolve", dedup_key: sent.id });
    await pagerDuty.close();
  });

  it("batches OCSF findings to Splunk HEC with the token header and sourcetype, leaving out those below the minimum severity", async () => {
    const account = await accountWithDetector(app, "370000000003");
    const splunk = await startReceiver();
    const destination = await create(account, { type: "SPLUNK_HEC", splunk: { url: splunk.url, token: HEC_TOKEN, index: "security" }, format: "OCSF", filter: { minimumSeverity: "HIGH" } });
    expect(destination).toMatchObject({ format: "OCSF", filter: { minimumSeverity: "HIGH", criterion: [] }, destinationProperties: { sourcetype: "aws:cloudwatch:guardduty", index: "security" } });
    const [low, high, critical] = [2, 7, 9].map((severity) => finding(account, { severity }));
    await write(account, [low, high, critical]);
    await waitFor(() => splunk.received.length === 1, 5_000, "the batch");
    expect(splunk.received[0].headers.authorization).toBe(`Splunk ${HEC_TOKEN}`);
    const events = splunk.received[0].body.split("\n").map((line) => JSON.parse(line));
    expect(events.map((e) => e.event.finding_info.uid).sort()).toEqual([high.id, critical.id].sort());
    for (const event of events) expect(event).toMatchObject({ sourcetype: "aws:cloudwatch:guardduty", index: "security", event: { class_uid: 2004 } });
    await splunk.close();
  });

  it("sends a webhook ASFF findings that match its criteria only", async () => {
    const account = await accountWithDetector(app, "370000000004");
    const hook = await startReceiver();
    const wanted = finding(account);
    const other = { ...finding(account), type: "Policy:S3/BucketPublicAccessGranted" };
    expect(other.type).not.toBe(wanted.type);
    const destination = await create(account, { type: "WEBHOOK", webhook: { url: hook.url }, format: "ASFF", filter: { findingCriteria: { criterion: [{ attribute: "type", equals: [wanted.type] }] } } });
    expect(destination.filter.criterion).toEqual([{ attribute: "type", equals: [wanted.type] }]);
    await write(account, [other, wanted]);
    await waitFor(() => hook.received.length === 1, 5_000, "the matching finding");
    await new Promise((resolve) => setTimeout(resolve, 300)); // time for a wrong second delivery to show
    expect(hook.received).toHaveLength(1);
    expect(JSON.parse(hook.received[0].body)).toMatchObject({ SchemaVersion: "2018-10-08", GeneratorId: wanted.type, AwsAccountId: account.accountId });
    await hook.close();
  });

  it("sends a test notification whatever the filter, and answers what the receiver said", async () => {
    const account = await accountWithDetector(app, "370000000005");
    const receiver = await startReceiver();
    const destination = await create(account, { type: "SPLUNK_HEC", splunk: { url: receiver.url, token: HEC_TOKEN }, filter: { minimumSeverity: "CRITICAL" } });
    const ok = await app.gql(TEST_NOTIFICATION, { d: account.detectorId, id: destination.destinationId }, account.key);
    expect(ok.data?.sendTestNotification).toEqual({ delivered: true, statusCode: 200, response: "ok", error: null });
    expect(JSON.parse(receiver.received[0].body).event.title).toMatch(/^\[SAMPLE\]/);

    receiver.answer(503);
    const down = await app.gql(TEST_NOTIFICATION, { d: account.detectorId, id: destination.destinationId }, account.key);
    expect(down.data?.sendTestNotification).toEqual({ delivered: false, statusCode: 503, response: null, error: "the receiver answered HTTP 503: receiver is down" });

    const outsider = await accountWithDetector(app, "370000000006");
    const hidden = await app.gql(TEST_NOTIFICATION, { d: account.detectorId, id: destination.destinationId }, outsider.key);
    expect(hidden.errors?.[0].extensions?.code).toBeDefined();
    expect(receiver.received).toHaveLength(2);
    await receiver.close();
  });
});
