import { startTestApp, type TestApp } from "../support/app";
import { accountWithDetector, type TestAccount } from "../support/accounts";

/** GuardDuty's tag operations by resource ARN, over every taggable resource of a detector. */
describe("tagResource, untagResource, listTagsForResource", () => {
  let app: TestApp;
  let owner: TestAccount;
  let other: TestAccount;
  const arns: Record<string, string> = {};

  const TAG = `mutation($a: String!, $t: [TagInput!]!) { tagResource(resourceArn: $a, tags: $t) }`;
  const UNTAG = `mutation($a: String!, $k: [String!]!) { untagResource(resourceArn: $a, tagKeys: $k) }`;
  const LIST = `query($a: String!) { listTagsForResource(resourceArn: $a) }`;

  beforeAll(async () => {
    app = await startTestApp();
    owner = await accountWithDetector(app, "740000000001");
    other = await accountWithDetector(app, "740000000002");
    const d = owner.detectorId;
    const base = `arn:aws:guardduty:eu-west-1:${owner.accountId}:detector/${d}`;
    const call = async (query: string) => {
      const answer = await app.gql(query, { d }, owner.key);
      if (!answer.data) throw new Error(JSON.stringify(answer.errors));
      return answer.data;
    };
    await call(`mutation($d: ID!) { createFilter(detectorId: $d, name: "scanner", findingCriteria: {criterion: [{attribute: "severity", lessThan: 2}]}) { name } }`);
    const ipSet = await call(`mutation($d: ID!) { createIPSet(detectorId: $d, name: "office", format: TXT, activate: false, content: "8.8.8.8") { ipSetId } }`);
    const entitySet = await call(`mutation($d: ID!) { createThreatEntitySet(detectorId: $d, name: "bad", format: TXT, activate: false, content: "evil.example.net") { threatEntitySetId } }`);
    const destination = await call(`mutation($d: ID!) { createPublishingDestination(detectorId: $d, destinationType: WEBHOOK, webhook: {url: "https://hooks.example.com/a"}) { destination { destinationId } } }`);
    const source = await call(`mutation($d: ID!) { createLogSource(detectorId: $d, input: {name: "trail", kind: CLOUD_TRAIL, location: "push"}) { logSourceId } }`);
    Object.assign(arns, {
      detector: base,
      filter: `${base}/filter/scanner`,
      ipset: `${base}/ipset/${ipSet.createIPSet.ipSetId}`,
      threatentityset: `${base}/threatentityset/${entitySet.createThreatEntitySet.threatEntitySetId}`,
      publishingDestination: `${base}/publishingDestination/${destination.createPublishingDestination.destination.destinationId}`,
      logsource: `${base}/logsource/${source.createLogSource.logSourceId}`,
    });
  });
  afterAll(() => app.close());

  it.each(["detector", "filter", "ipset", "threatentityset", "publishingDestination", "logsource"])("tags, lists and untags a %s", async (type) => {
    const arn = arns[type];
    expect((await app.gql(TAG, { a: arn, t: [{ key: "team", value: "sec" }, { key: "env", value: "prod" }] }, owner.key)).data?.tagResource).toBe(true);
    expect((await app.gql(TAG, { a: arn, t: [{ key: "env", value: "staging" }] }, owner.key)).data?.tagResource).toBe(true);
    expect((await app.gql(LIST, { a: arn }, owner.key)).data?.listTagsForResource).toEqual({ team: "sec", env: "staging" });
    await app.gql(UNTAG, { a: arn, k: ["team", "never-there"] }, owner.key);
    expect((await app.gql(LIST, { a: arn }, owner.key)).data?.listTagsForResource).toEqual({ env: "staging" });
  });

  it("records each change in the audit log", async () => {
    const events = await app.database.db.auditEvent.findMany({ where: { operation: { in: ["tagResource", "untagResource"] }, targetType: "filter" }, orderBy: { createdAt: "asc" } });
    expect(events.map((e) => e.operation)).toEqual(["tagResource", "tagResource", "untagResource"]);
    expect(events[2].after).toEqual({ tags: { env: "staging" } });
  });

  it("refuses GuardDuty's bad keys and values, more than 50 tags, and ARNs it cannot read", async () => {
    const arn = arns.detector;
    const codeOf = async (query: string, variables: Record<string, unknown>) => (await app.gql(query, variables, owner.key)).errors?.[0].extensions?.code;
    expect(await codeOf(TAG, { a: arn, t: [{ key: "aws:reserved", value: "x" }] })).toBe("BAD_USER_INPUT");
    expect(await codeOf(TAG, { a: arn, t: [{ key: "k", value: "v".repeat(257) }] })).toBe("BAD_USER_INPUT");
    expect(await codeOf(TAG, { a: arn, t: Array.from({ length: 50 }, (_, i) => ({ key: `k${i}`, value: "v" })) })).toBe("BAD_USER_INPUT");
    expect(await codeOf(TAG, { a: "arn:aws:s3:::bucket", t: [{ key: "k", value: "v" }] })).toBe("BAD_USER_INPUT");
    expect(await codeOf(TAG, { a: `${arn}/malwareplan/x`, t: [{ key: "k", value: "v" }] })).toBe("BAD_USER_INPUT");
    expect(await codeOf(LIST, { a: `${arn}/filter/missing` })).toBe("NOT_FOUND");
    expect(await codeOf(LIST, { a: `${arn}/logsource/not-a-uuid` })).toBe("NOT_FOUND");
    // Nothing was written by the refused calls.
    expect((await app.gql(LIST, { a: arn }, owner.key)).data?.listTagsForResource).toEqual({ env: "staging" });
  });

  it("never lets another account read or change a resource's tags", async () => {
    const read = await app.gql(LIST, { a: arns.filter }, other.key);
    expect(read.data).toBeNull();
    const write = await app.gql(TAG, { a: arns.detector, t: [{ key: "owned", value: "yes" }] }, other.key);
    expect(write.data).toBeNull();
    // Its own account id in the ARN changes nothing: the detector decides.
    const disguised = await app.gql(LIST, { a: arns.detector.replace(owner.accountId, other.accountId) }, other.key);
    expect(disguised.data).toBeNull();
    expect((await app.gql(LIST, { a: arns.detector }, owner.key)).data?.listTagsForResource).toEqual({ env: "staging" });
  });
});
