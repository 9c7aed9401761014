import { startTestApp, type TestApp } from "../support/app";
import { accountWithDetector, associate, type TestAccount } from "../support/accounts";

const FIELDS = `logSourceId detectorId accountId name kind locationType location s3Region s3Endpoint s3ForcePathStyle credentialsType pollIntervalSeconds backfillDays enabled organizationSource
  status { state lastError objectsProcessed eventsProcessed bytesProcessed lagSeconds eventsDroppedOtherAccount eventsDroppedOutsideOrganization }`;
const CREATE = `mutation($d: ID!, $input: CreateLogSourceInput!) { createLogSource(detectorId: $d, input: $input) { ${FIELDS} } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateLogSourceInput!) { updateLogSource(logSourceId: $id, input: $input) { ${FIELDS} } }`;
const GET = `query($id: ID!) { getLogSource(logSourceId: $id) { ${FIELDS} } }`;
const LIST = `query($d: ID!, $first: Int, $after: String) { listLogSources(detectorId: $d, first: $first, after: $after) { logSources { logSourceId name } nextCursor } }`;

const s3Input = {
  name: "trail",
  kind: "CLOUD_TRAIL",
  location: "s3://my-trail-bucket/AWSLogs/111122223333/CloudTrail",
  s3Region: "eu-west-1",
  credentials: { accessKeyId: "AKIAEXAMPLEEXAMPLE01", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" },
  pollIntervalSeconds: 120,
};

describe("log sources over GraphQL", () => {
  let app: TestApp;
  let admin: TestAccount;
  let member: TestAccount;
  let outsider: TestAccount;

  beforeAll(async () => {
    app = await startTestApp();
    [admin, member, outsider] = await Promise.all(["310000000001", "310000000002", "310000000003"].map((id) => accountWithDetector(app, id)));
    await associate(app, admin, member);
  });
  afterAll(() => app.close());

  it("creates an S3 source whose credentials are stored encrypted and never shown", async () => {
    const created = await app.gql(CREATE, { d: member.detectorId, input: s3Input }, member.key);
    expect(created.errors).toBeUndefined();
    const source = created.data!.createLogSource;
    expect(source).toMatchObject({
      detectorId: member.detectorId,
      accountId: member.accountId,
      kind: "CLOUD_TRAIL",
      locationType: "S3",
      location: "s3://my-trail-bucket/AWSLogs/111122223333/CloudTrail/",
      s3Region: "eu-west-1",
      s3ForcePathStyle: false,
      credentialsType: "ACCESS_KEY",
      pollIntervalSeconds: 120,
      backfillDays: null,
      enabled: true,
      organizationSource: false,
      status: { state: "OK", lastError: null, objectsProcessed: 0, eventsProcessed: 0, bytesProcessed: 0, lagSeconds: null, eventsDroppedOtherAccount: 0, eventsDroppedOutsideOrganization: 0 },
    });
    const row = await app.database.db.logSource.findUniqueOrThrow({ where: { id: source.logSourceId } });
    expect(row.credentialsCipher).toMatch(/^ACCESS_KEY:v1\./);
    expect(row.credentialsCipher).not.toContain("wJalrXUtnFEMI");
    expect(JSON.stringify(await app.database.db.auditEvent.findMany())).not.toContain("wJalrXUtnFEMI");
    const schemaText = JSON.stringify(await app.gql(`{ __type(name: "LogSource") { fields { name } } }`, {}, member.key));
    expect(schemaText).not.toMatch(/secret|accessKeyId/i);
  });

  it("stores how many days back a source's first poll reads, and audits it", async () => {
    const created = await app.gql(CREATE, { d: member.detectorId, input: { ...s3Input, name: "backfilled", backfillDays: 14 } }, member.key);
    expect(created.errors).toBeUndefined();
    expect(created.data!.createLogSource.backfillDays).toBe(14);
    const audit = await app.database.db.auditEvent.findFirstOrThrow({ where: { operation: "createLogSource", targetId: created.data!.createLogSource.logSourceId } });
    expect(audit.after).toMatchObject({ backfillDays: 14 });
  });

  it("lets an administrator manage its member's sources, and nobody else see them", async () => {
    const created = await app.gql(CREATE, { d: member.detectorId, input: { name: "pushed flows", kind: "VPC_FLOW_LOGS", location: "push" } }, admin.key);
    expect(created.errors).toBeUndefined();
    const id = created.data!.createLogSource.logSourceId;
    expect((await app.gql(GET, { id }, member.key)).data?.getLogSource.locationType).toBe("PUSH");
    expect((await app.gql(UPDATE, { id, input: { enabled: false } }, admin.key)).data?.updateLogSource.enabled).toBe(false);
    // A member's source never speaks for an organisation, whoever asks: only a designated administrator's own may.
    expect((await app.gql(UPDATE, { id, input: { organizationSource: true } }, admin.key)).errors?.[0].extensions?.code).toBe("FORBIDDEN");
    for (const stranger of [outsider]) {
      expect((await app.gql(GET, { id }, stranger.key)).errors?.[0].extensions?.code).toBe("NOT_FOUND");
      expect((await app.gql(UPDATE, { id, input: { name: "x" } }, stranger.key)).errors?.[0].extensions?.code).toBe("NOT_FOUND");
      expect((await app.gql(LIST, { d: member.detectorId }, stranger.key)).errors?.[0].extensions?.code).toBe("NOT_FOUND");
      expect((await app.gql(CREATE, { d: member.detectorId, input: { name: "x", kind: "CLOUD_TRAIL", location: "push" } }, stranger.key)).errors?.[0].extensions?.code).toBe("NOT_FOUND");
    }
    // A member never reaches its administrator's sources.
    const adminSource = await app.gql(CREATE, { d: admin.detectorId, input: { name: "admin's", kind: "DNS_QUERY_LOGS", location: "push" } }, admin.key);
    expect((await app.gql(GET, { id: adminSource.data!.createLogSource.logSourceId }, member.key)).errors?.[0].extensions?.code).toBe("NOT_FOUND");
    const events = await app.database.db.auditEvent.findMany({ where: { targetId: id }, orderBy: { createdAt: "asc" } });
    expect(events.map((e) => [e.operation, e.securityRelevant])).toEqual([["createLogSource", false], ["updateLogSource", true]]);
  });

  it("updates in place: credentials replaced or cleared, a new location listed from its beginning", async () => {
    const created = await app.gql(CREATE, { d: member.detectorId, input: s3Input }, member.key);
    const id = created.data!.createLogSource.logSourceId;
    await app.database.db.logSource.update({ where: { id }, data: { cursor: '{"streams":{}}' } });
    const role = await app.gql(UPDATE, { id, input: { credentials: { roleArn: "arn:aws:iam::111122223333:role/VigilReader", externalId: "vigil-ext" } } }, member.key);
    expect(role.data?.updateLogSource.credentialsType).toBe("ASSUME_ROLE");
    expect((await app.database.db.logSource.findUniqueOrThrow({ where: { id } })).cursor).toBe('{"streams":{}}');
    const moved = await app.gql(UPDATE, { id, input: { location: "s3://other-bucket/logs/", s3Endpoint: "https://52.95.110.1/", clearCredentials: true } }, member.key);
    expect(moved.data?.updateLogSource).toMatchObject({ location: "s3://other-bucket/logs/", s3Endpoint: "https://52.95.110.1", s3ForcePathStyle: true, credentialsType: null, s3Region: "eu-west-1" });
    expect((await app.database.db.logSource.findUniqueOrThrow({ where: { id } })).cursor).toBeNull();
    const local = await app.gql(UPDATE, { id, input: { location: "trail" } }, member.key);
    expect(local.data?.updateLogSource).toMatchObject({ locationType: "LOCAL", s3Region: null, s3Endpoint: null, credentialsType: null });
    expect(local.data?.updateLogSource.location).toMatch(/\/\.data\/logs\/trail$/);
  });

  it.each([
    [{ location: "/etc" }, "inside the logs root"],
    [{ location: "../../etc" }, "inside the logs root"],
    [{ location: "https://example.com/logs" }, "s3://bucket/prefix"],
    [{ location: "s3://a/x" }, "not a bucket name"],
    [{ location: "push", s3Region: "eu-west-1" }, "s3:// locations only"],
    [{ s3Region: "Ireland" }, "region name"],
    [{ s3Endpoint: "ftp://x" }, "http:// or https://"],
    [{ s3Endpoint: "http://169.254.169.254/" }, "link-local address (VIGIL_LOG_SOURCE_ALLOW_PRIVATE_ENDPOINTS=true allows it)"],
    [{ s3Endpoint: "http://127.0.0.1:9000" }, "resolves to 127.0.0.1"],
    [{ s3Endpoint: "http://[::1]:9000" }, "resolves to ::1"],
    [{ pollIntervalSeconds: 0 }, "pollIntervalSeconds"],
    [{ backfillDays: -1 }, "backfillDays must be an integer from 0 to 90"],
    [{ backfillDays: 91 }, "backfillDays must be an integer from 0 to 90"],
    [{ name: " " }, "1 to 128 characters"],
    [{ credentials: { accessKeyId: "AKIAEXAMPLE" } }, "secretAccessKey"],
    [{ credentials: { roleArn: "arn:aws:iam::1:role/x" } }, "IAM role ARN"],
    [{ credentials: { roleArn: "arn:aws:iam::111122223333:role/x", accessKeyId: "a", secretAccessKey: "b" } }, "not both"],
  ])("refuses %j with a clear message", async (change, message) => {
    const result = await app.gql(CREATE, { d: member.detectorId, input: { ...s3Input, ...change } }, member.key);
    expect(result.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    expect(result.errors?.[0].message).toContain(message);
  });

  it("pages through a detector's sources and deletes them", async () => {
    const owner = await accountWithDetector(app, "310000000009");
    const ids: string[] = [];
    for (const name of ["a", "b", "c"]) ids.push((await app.gql(CREATE, { d: owner.detectorId, input: { name, kind: "CLOUD_TRAIL", location: "push" } }, owner.key)).data!.createLogSource.logSourceId);
    const first = await app.gql(LIST, { d: owner.detectorId, first: 2 }, owner.key);
    const second = await app.gql(LIST, { d: owner.detectorId, first: 2, after: first.data!.listLogSources.nextCursor }, owner.key);
    expect([...first.data!.listLogSources.logSources, ...second.data!.listLogSources.logSources].map((s: { name: string }) => s.name)).toEqual(["a", "b", "c"]);
    expect(second.data!.listLogSources.nextCursor).toBeNull();
    expect((await app.gql(`mutation($id: ID!) { deleteLogSource(logSourceId: $id) }`, { id: ids[1] }, owner.key)).data?.deleteLogSource).toBe(true);
    expect((await app.gql(GET, { id: ids[1] }, owner.key)).errors?.[0].extensions?.code).toBe("NOT_FOUND");
    const deletion = await app.database.db.auditEvent.findFirstOrThrow({ where: { targetId: ids[1], operation: "deleteLogSource" } });
    expect(deletion.securityRelevant).toBe(true);
  });
});
