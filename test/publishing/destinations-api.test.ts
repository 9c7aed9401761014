import { PermanentDeliveryError } from "../../src/services/publishing/http-post";
import { postWebhook } from "../../src/services/publishing/webhook-delivery";
import { accountWithDetector, type TestAccount } from "../support/accounts";
import { startTestApp, type TestApp } from "../support/app";
import { startReceiver } from "./support/receiver";

const FIELDS = "destinationId destinationType status lastError destinationProperties { destinationArn url bucket prefix region endpoint hasCredentials }";
const WEBHOOK = `mutation($d: ID!, $url: String!, $secret: String) {
  createPublishingDestination(detectorId: $d, destinationType: WEBHOOK, webhook: {url: $url, secret: $secret}) { destination { ${FIELDS} } signingSecret } }`;
const S3 = `mutation($d: ID!, $s3: S3DestinationInput!) { createPublishingDestination(detectorId: $d, destinationType: S3, s3: $s3) { destination { ${FIELDS} } signingSecret } }`;

const RECEIVER = `mutation($d: ID!, $type: DestinationType!, $slack: SlackDestinationInput, $pagerDuty: PagerDutyDestinationInput, $splunk: SplunkDestinationInput, $s3: S3DestinationInput, $format: FindingFormat) {
  createPublishingDestination(detectorId: $d, destinationType: $type, slack: $slack, pagerDuty: $pagerDuty, splunk: $splunk, s3: $s3, format: $format) { destination { destinationId } } }`;
const HEC_TOKEN = "6f0e7a8c-1b2d-4e3f-9a8b-7c6d5e4f3a2b";

/** Under the default policy: https only, public addresses only. */
describe("publishing destinations API", () => {
  let app: TestApp;
  let owner: TestAccount;
  let other: TestAccount;

  beforeAll(async () => {
    app = await startTestApp();
    [owner, other] = await Promise.all(["360000000001", "360000000002"].map((id) => accountWithDetector(app, id)));
  });
  afterAll(() => app.close());

  it("creates a webhook, generating a signing secret shown once, and never shows a secret again", async () => {
    const created = await app.gql(WEBHOOK, { d: owner.detectorId, url: "https://hooks.example.com/vigil" }, owner.key);
    const { destination, signingSecret } = created.data!.createPublishingDestination;
    expect(signingSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(destination).toMatchObject({ destinationType: "WEBHOOK", status: "PUBLISHING", destinationProperties: { destinationArn: "https://hooks.example.com/vigil", url: "https://hooks.example.com/vigil" } });
    const given = await app.gql(WEBHOOK, { d: owner.detectorId, url: "https://hooks.example.com/two", secret: "my-own-secret-of-16+" }, owner.key);
    expect(given.data?.createPublishingDestination.signingSecret).toBeNull();
    const stored = await app.database.db.publishingDestination.findUniqueOrThrow({ where: { id: destination.destinationId } });
    expect(stored.secretCipher).not.toContain(signingSecret);
  });

  it("creates an S3 export with GuardDuty's destination ARN and write-only credentials", async () => {
    const created = await app.gql(
      S3,
      { d: owner.detectorId, s3: { bucket: "findings-archive", prefix: "/guardduty/", region: "eu-west-1", credentials: { accessKeyId: "AKIAEXAMPLE", secretAccessKey: "secret/key+example" } } },
      owner.key,
    );
    expect(created.data?.createPublishingDestination.destination).toMatchObject({
      destinationType: "S3",
      destinationProperties: { destinationArn: "arn:aws:s3:::findings-archive/guardduty", bucket: "findings-archive", prefix: "guardduty", region: "eu-west-1", hasCredentials: true },
    });
  });

  it.each([
    ["plain http", WEBHOOK, { url: "http://hooks.example.com/x" }, /must use https \(VIGIL_PUBLISH_ALLOW_HTTP=true allows http\)/],
    ["a loopback address", WEBHOOK, { url: "https://127.0.0.1:8443/x" }, /127.0.0.1, a private, loopback or link-local address/],
    ["the metadata service", WEBHOOK, { url: "https://169.254.169.254/latest/meta-data" }, /169.254.169.254, a private/],
    ["a name for loopback", WEBHOOK, { url: "https://localhost:8443/x" }, /localhost resolves to .*loopback/],
    ["a private network", WEBHOOK, { url: "https://[fd00::1]/x" }, /a private, loopback or link-local address/],
    ["credentials in the URL", WEBHOOK, { url: "https://user:pass@hooks.example.com/x" }, /must not carry credentials/],
    ["a short secret", WEBHOOK, { url: "https://hooks.example.com/x", secret: "short" }, /16 to 256 characters/],
    ["a bad bucket name", S3, { s3: { bucket: "Not_A_Bucket" } }, /not a valid bucket name/],
    ["a private S3 endpoint", S3, { s3: { bucket: "findings", endpoint: "https://10.0.0.8:9000" } }, /s3.endpoint: .*private/],
    ["a Slack webhook on the metadata service", RECEIVER, { type: "SLACK", slack: { webhookUrl: "https://169.254.169.254/hook" } }, /slack.webhookUrl: .*link-local/],
    ["a PagerDuty events URL on loopback", RECEIVER, { type: "PAGERDUTY", pagerDuty: { routingKey: "a".repeat(32), eventsUrl: "https://127.0.0.1/v2/enqueue" } }, /pagerDuty.eventsUrl: .*loopback/],
    ["a Splunk collector on a private network", RECEIVER, { type: "SPLUNK_HEC", splunk: { url: "https://10.1.2.3:8088/services/collector/event", token: HEC_TOKEN } }, /splunk.url: .*private/],
    ["a malformed PagerDuty routing key", RECEIVER, { type: "PAGERDUTY", pagerDuty: { routingKey: "short" } }, /32-character integration key/],
    ["a Splunk token that is no GUID", RECEIVER, { type: "SPLUNK_HEC", splunk: { url: "https://splunk.example.com/services/collector/event", token: "x" } }, /HTTP Event Collector token/],
    ["another kind's properties", RECEIVER, { type: "SLACK", slack: { webhookUrl: "https://hooks.example.com/x" }, s3: { bucket: "findings" } }, /takes slack properties, not s3/],
    ["a format for Slack", RECEIVER, { type: "SLACK", slack: { webhookUrl: "https://hooks.example.com/x" }, format: "OCSF" }, /takes no format/],
  ])("refuses %s", async (_case, mutation, variables, message) => {
    const result = await app.gql(mutation, { d: owner.detectorId, ...variables }, owner.key);
    expect(result.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    expect(result.errors?.[0].message).toMatch(message);
  });

  it("refuses a loopback receiver at delivery time too, whatever the name resolved to when saved", async () => {
    const receiver = await startReceiver();
    const url = receiver.url.replace("127.0.0.1", "localhost");
    const refused = postWebhook({ url, secret: "s".repeat(16), body: "{}", deliveryId: "d", idempotencyKey: "k" }, { allowHttp: true, allowPrivateAddresses: false }, 2_000);
    await expect(refused).rejects.toThrow(PermanentDeliveryError);
    await expect(refused).rejects.toThrow(/VIGIL_PUBLISH_ALLOW_PRIVATE_ADDRESSES/);
    await postWebhook({ url, secret: "s".repeat(16), body: "{}", deliveryId: "d", idempotencyKey: "k" }, { allowHttp: true, allowPrivateAddresses: true }, 2_000);
    expect(receiver.received).toHaveLength(1);
    await receiver.close();
  });

  it("describes, lists, stops, resumes and deletes, audited; another account's destination is NOT_FOUND", async () => {
    const account = await accountWithDetector(app, "360000000003");
    const ids: string[] = [];
    for (const name of ["a", "b", "c"]) {
      ids.push((await app.gql(WEBHOOK, { d: account.detectorId, url: `https://hooks.example.com/${name}` }, account.key)).data!.createPublishingDestination.destination.destinationId);
    }
    const listed: string[] = [];
    let after: string | null = null;
    do {
      const page: any = await app.gql(`query($d: ID!, $a: String) { listPublishingDestinations(detectorId: $d, first: 2, after: $a) { destinations { destinationId } nextCursor } }`, { d: account.detectorId, a: after }, account.key);
      listed.push(...page.data.listPublishingDestinations.destinations.map((d: { destinationId: string }) => d.destinationId));
      after = page.data.listPublishingDestinations.nextCursor;
    } while (after);
    expect(listed).toEqual(ids);

    const update = `mutation($d: ID!, $id: ID!, $e: Boolean) { updatePublishingDestination(detectorId: $d, destinationId: $id, enable: $e) { status } }`;
    expect((await app.gql(update, { d: account.detectorId, id: ids[0], e: false }, account.key)).data?.updatePublishingDestination.status).toBe("STOPPED");
    expect((await app.gql(update, { d: account.detectorId, id: ids[0], e: true }, account.key)).data?.updatePublishingDestination.status).toBe("PUBLISHING");
    const foreign = await app.gql(`query($d: ID!, $id: ID!) { describePublishingDestination(detectorId: $d, destinationId: $id) { status } }`, { d: other.detectorId, id: ids[1] }, other.key);
    expect(foreign.errors?.[0].extensions?.code).toBe("NOT_FOUND");
    expect((await app.gql(`mutation($d: ID!, $id: ID!) { deletePublishingDestination(detectorId: $d, destinationId: $id) }`, { d: account.detectorId, id: ids[1] }, account.key)).data?.deletePublishingDestination).toBe(true);
    const gone = await app.gql(`query($d: ID!, $id: ID!) { describePublishingDestination(detectorId: $d, destinationId: $id) { status } }`, { d: account.detectorId, id: ids[1] }, account.key);
    expect(gone.errors?.[0].extensions?.code).toBe("NOT_FOUND");

    const audit = await app.gql(`{ auditEvents { events { operation securityRelevant } } }`, {}, account.key);
    const events = audit.data?.auditEvents.events.filter((e: { operation: string }) => e.operation.endsWith("PublishingDestination"));
    // Stopping or deleting an export silences the tools watching findings.
    expect(events).toEqual([
      ...ids.map(() => ({ operation: "createPublishingDestination", securityRelevant: false })),
      { operation: "updatePublishingDestination", securityRelevant: true },
      { operation: "updatePublishingDestination", securityRelevant: false },
      { operation: "deletePublishingDestination", securityRelevant: true },
    ]);
  });

  it("keeps at most 10 destinations per detector", async () => {
    const account = await accountWithDetector(app, "360000000004");
    const results = [];
    for (let i = 0; i < 11; i++) results.push(await app.gql(WEBHOOK, { d: account.detectorId, url: `https://hooks.example.com/${i}` }, account.key));
    expect(results.slice(0, 10).every((r) => !r.errors)).toBe(true);
    expect(results[10].errors?.[0]).toMatchObject({ message: "A detector has at most 10 publishing destinations.", extensions: { code: "CONFLICT" } });
  });
});
