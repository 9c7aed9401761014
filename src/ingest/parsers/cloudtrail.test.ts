import { gunzipSync, gzipSync } from "node:zlib";
import type { CloudTrailEvent } from "../../detection/events.js";
import { LogObjectError } from "./index.js";
import { chunked, fixture, parseAll, randomSizes, withoutOrigin } from "./test-helpers.js";

type RawRecord = Record<string, any>;

const STRATUS_ARRAY = fixture("stratus-ec2-steal-instance-credentials.json.gz");
const STRATUS_RECORDS_SHAPE = fixture("stratus-ec2-steal-instance-credentials.records.json.gz");
const STRATUS_RAW: RawRecord[] = JSON.parse(gunzipSync(STRATUS_ARRAY).toString("utf8"));
const ndjson = (records: RawRecord[]) => records.map((record) => JSON.stringify(record)).join("\n") + "\n";
const recordsShape = (records: RawRecord[]) => `{"Records":[${records.map((r) => JSON.stringify(r)).join(",")}]}`;

function cloudTrailEvents(events: unknown[]): CloudTrailEvent[] {
  for (const event of events) expect((event as CloudTrailEvent).kind).toBe("cloudtrail");
  return events as CloudTrailEvent[];
}

describe("CloudTrail parsing of a real detonation (stratus-red-team ec2-steal-instance-credentials)", () => {
  it("parses every record of the {Records:[…]} file with the identity fields of the raw record", async () => {
    const { events, stats } = await parseAll(STRATUS_RECORDS_SHAPE, { objectKey: "trail/records.json.gz" });
    expect(stats).toMatchObject({ kind: "CLOUD_TRAIL", records: STRATUS_RAW.length, events: STRATUS_RAW.length });
    expect(stats.broken).toBe(0);
    cloudTrailEvents(events).forEach((event, index) => {
      const raw = STRATUS_RAW[index];
      const identity = raw.userIdentity;
      expect(event.origin).toEqual({ object: "trail/records.json.gz", line: index + 1 });
      expect(event.eventName).toBe(raw.eventName);
      expect(event.time).toBe(Date.parse(raw.eventTime));
      expect(event.accountId).toBe(raw.recipientAccountId);
      expect(event.identity).toMatchObject({
        type: identity.type,
        arn: identity.arn,
        principalId: identity.principalId,
        accessKeyId: identity.accessKeyId,
        accountId: identity.accountId,
      });
      expect(event.identity.sessionIssuer?.arn).toBe(identity.sessionContext?.sessionIssuer?.arn);
      expect(event.raw).toEqual(raw);
    });
  });

  it("maps the stolen instance-role session: issuer role, ec2RoleDelivery and no MFA", async () => {
    const { events } = await parseAll(STRATUS_ARRAY, { objectKey: "stratus.json.gz" });
    const sessions = cloudTrailEvents(events).filter((event) => event.identity.type === "AssumedRole");
    expect(sessions.map((event) => event.eventName).sort()).toEqual(["DescribeInstances", "GetCallerIdentity"]);
    for (const event of sessions) {
      expect(event.identity).toMatchObject({
        arn: "arn:aws:sts::017622104382:assumed-role/stratus-red-team-ec2-steal-credentials-role/i-786a3A8B5C0d92eF4",
        sessionIssuer: {
          type: "Role",
          arn: "arn:aws:iam::017622104382:role/stratus-red-team-ec2-steal-credentials-role",
          userName: "stratus-red-team-ec2-steal-credentials-role",
          accountId: "017622104382",
          principalId: "AROALHCCSKSM395EGX3XN",
        },
        mfaAuthenticated: false,
        ec2RoleDelivery: "1.0",
        sessionCreationDate: Date.parse("2024-08-02T08:20:52Z"),
      });
      expect(event.sourceIp).toBe("18.236.253.47");
      expect(event.region).toBe("us-north-2r");
    }
    const users = cloudTrailEvents(events).filter((event) => event.identity.type === "IAMUser");
    expect(users).toHaveLength(43);
    for (const event of users) {
      expect(event.identity.userName).toBe("christophe");
      expect(event.identity.sessionIssuer).toBeUndefined();
      expect(event.identity.ec2RoleDelivery).toBeUndefined();
    }
  });

  it("maps a console sign-in's event type, response and additional data", async () => {
    const { events } = await parseAll(fixture("stratus-console-login-without-mfa.json.gz"), { objectKey: "login" });
    const [login] = cloudTrailEvents(events);
    expect(login).toMatchObject({
      eventName: "ConsoleLogin",
      eventSource: "signin.amazonaws.com",
      eventType: "AwsConsoleSignIn",
      eventCategory: "Management",
      readOnly: false,
      accountId: "562283505220",
      responseElements: { ConsoleLogin: "Success" },
      additionalEventData: { MFAUsed: "No" },
      requestParameters: null,
      identity: { type: "IAMUser", userName: "stratus-red-team-nmfalu-jfzdtsvchl" },
    });
  });

  it("gives identical events for the same records as {Records:[…]}, a JSON array and NDJSON", async () => {
    const fromRecords = await parseAll(STRATUS_RECORDS_SHAPE, { objectKey: "a" });
    const fromArray = await parseAll(STRATUS_ARRAY, { objectKey: "b" });
    const fromLines = await parseAll(gzipSync(ndjson(STRATUS_RAW)), { objectKey: "c" });
    expect(fromRecords.events).toHaveLength(STRATUS_RAW.length);
    expect(withoutOrigin(fromArray.events)).toEqual(withoutOrigin(fromRecords.events));
    expect(withoutOrigin(fromLines.events)).toEqual(withoutOrigin(fromRecords.events));
    expect(fromLines.events.map((event) => event.origin.line)).toEqual(STRATUS_RAW.map((_, index) => index + 1));
  });

  it("gives identical events whatever the chunk boundaries, down to one byte at a time", async () => {
    const plain = gunzipSync(STRATUS_RECORDS_SHAPE);
    const whole = await parseAll(plain, { objectKey: "k" });
    const byteByByte = await parseAll(chunked(plain, [1]), { objectKey: "k" });
    expect(byteByByte.events).toEqual(whole.events);
    for (const seed of [1, 7, 42]) {
      const random = await parseAll(chunked(plain, randomSizes(seed, 500, 300)), { objectKey: "k" });
      expect(random.events).toEqual(whole.events);
      const gzipped = await parseAll(chunked(STRATUS_RECORDS_SHAPE, randomSizes(seed, 500, 64)), { objectKey: "k" });
      expect(gzipped.events).toEqual(whole.events);
    }
  });

  it("is not confused by braces, brackets, escaped quotes and multi-byte characters inside strings", async () => {
    const tricky = STRATUS_RAW.slice(0, 3).map((record, index) => ({
      ...record,
      requestParameters: {
        policyDocument: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Resource":"arn:aws:s3:::b/}"}]}',
        path: "C:\\Users\\",
        quoted: `say "${index}" \\" ] } , {`,
        name: "d\u00e9j\u00e0 vu \u{1F512}",
      },
    }));
    const text = recordsShape(tricky);
    const expected = await parseAll(text, { objectKey: "t" });
    expect(cloudTrailEvents(expected.events).map((event) => event.requestParameters)).toEqual(
      tricky.map((record) => record.requestParameters),
    );
    const oneByte = await parseAll(chunked(text, [1]), { objectKey: "t" });
    expect(oneByte.events).toEqual(expected.events);
  });
});

describe("CloudTrail broken records and unreadable objects", () => {
  const good = STRATUS_RAW.slice(0, 4);

  it("counts broken records of a {Records:[…]} file with their index and keeps the rest", async () => {
    const { eventTime: _dropped, ...noTime } = good[1];
    const body = [
      JSON.stringify(good[0]),
      JSON.stringify(noTime),
      '{"eventName": tru}',
      "42",
      JSON.stringify(good[2]),
      JSON.stringify({ ...good[3], eventTime: "yesterday" }),
    ].join(",");
    const { events, stats } = await parseAll(gzipSync(`{"Records":[${body}]}`), { objectKey: "broken.json.gz" });
    expect(cloudTrailEvents(events).map((event) => event.eventId)).toEqual([good[0].eventID, good[2].eventID]);
    expect(events.map((event) => event.origin.line)).toEqual([1, 5]);
    expect(stats).toMatchObject({ records: 6, events: 2, broken: 4 });
    expect(stats.errors.map((error) => error.line)).toEqual([2, 3, 4, 6]);
    expect(stats.errors[0].message).toMatch(/no eventTime/);
    expect(stats.errors[1].message).toMatch(/not valid JSON/);
    expect(stats.errors[2].message).toMatch(/not a JSON object/);
    expect(stats.errors[3].message).toMatch(/"yesterday" is not a time/);
  });

  it("counts broken NDJSON lines with their line numbers", async () => {
    const text = [JSON.stringify(good[0]), '{"eventVersion":"1.08","eventName":', "", JSON.stringify(good[1]), "not json"]
      .join("\n");
    const { events, stats } = await parseAll(text, { objectKey: "lines.json" });
    expect(events.map((event) => event.origin.line)).toEqual([1, 4]);
    expect(stats).toMatchObject({ records: 4, events: 2, broken: 2 });
    expect(stats.errors.map((error) => error.line)).toEqual([2, 5]);
  });

  it("reports only the first 20 problems but counts them all", async () => {
    const lines = [JSON.stringify(good[0]), ...Array.from({ length: 30 }, (_, i) => `{"broken": ${i}`)];
    const { stats } = await parseAll(lines.join("\n"), { objectKey: "many.json", kind: "CLOUD_TRAIL" });
    expect(stats.broken).toBe(30);
    expect(stats.errors).toHaveLength(20);
    expect(stats.errors[19].line).toBe(21);
  });

  it("notes a {Records:[…]} file that stops between records", async () => {
    const text = `{"Records":[${JSON.stringify(good[0])},${JSON.stringify(good[1])}`;
    const { events, stats } = await parseAll(text, { objectKey: "cut.json" });
    expect(events).toHaveLength(2);
    expect(stats.broken).toBe(0);
    expect(stats.errors).toEqual([{ message: expect.stringMatching(/not closed/) }]);
  });

  it("counts a record cut off by the end of a plain file as broken", async () => {
    const text = `{"Records":[${JSON.stringify(good[0])},${JSON.stringify(good[1]).slice(0, 200)}`;
    const { events, stats } = await parseAll(text, { objectKey: "cut.json" });
    expect(events).toHaveLength(1);
    expect(stats).toMatchObject({ records: 2, broken: 1 });
    expect(stats.errors[0]).toEqual({ line: 2, message: expect.stringMatching(/cut off/) });
  });

  it("raises LogObjectError for a truncated gzip, from the iteration, and never hangs", async () => {
    for (const keep of [0.2, 0.5, 0.95]) {
      const truncated = STRATUS_RECORDS_SHAPE.subarray(0, Math.floor(STRATUS_RECORDS_SHAPE.length * keep));
      const parsing = parseAll(chunked(truncated, [333]), { objectKey: "trail/cut.json.gz" });
      await expect(parsing).rejects.toThrow(LogObjectError);
      await expect(parsing).rejects.toThrow(/trail\/cut\.json\.gz: truncated or corrupt gzip/);
    }
  });

  it("raises LogObjectError for a gzip whose data is corrupt", async () => {
    const corrupt = Buffer.from(STRATUS_RECORDS_SHAPE);
    for (let i = 200; i < 260; i++) corrupt[i] ^= 0x5a;
    await expect(parseAll(corrupt, { objectKey: "bad.gz" })).rejects.toThrow(LogObjectError);
  });

  it("raises LogObjectError for objects that are not CloudTrail at all", async () => {
    const html = "<!DOCTYPE html><html><body>Access Denied</body></html>";
    await expect(parseAll(html, { objectKey: "page", kind: "CLOUD_TRAIL" })).rejects.toThrow(/page: not CloudTrail/);
    await expect(parseAll('{"foo":1}', { objectKey: "foo", kind: "CLOUD_TRAIL" })).rejects.toThrow(LogObjectError);
    const randomBytes = Buffer.from(randomSizes(3, 2000, 255));
    await expect(parseAll(randomBytes, { objectKey: "noise" })).rejects.toThrow(/noise: .*binary content/);
    const flowLog = "version account-id interface-id srcaddr dstaddr\n2 123456789010 eni-1 1.2.3.4 5.6.7.8\n";
    await expect(parseAll(flowLog, { objectKey: "flows", kind: "CLOUD_TRAIL" })).rejects.toThrow(
      /declared CloudTrail but it holds VPC flow logs/,
    );
  });

  it("passes errors of the source stream through unchanged, for the caller to retry", async () => {
    const { Readable } = await import("node:stream");
    const failing = new Readable({
      read() {
        this.push(STRATUS_RECORDS_SHAPE.subarray(0, 1000));
        this.destroy(new Error("connection reset"));
      },
    });
    const parsing = parseAll(failing, { objectKey: "s3://bucket/key" });
    await expect(parsing).rejects.toThrow("connection reset");
    await expect(parsing).rejects.not.toThrow(LogObjectError);
  });

  it("releases the source when the consumer stops early", async () => {
    const { Readable } = await import("node:stream");
    const { parseLogObject } = await import("./index.js");
    const source = Readable.from(chunked(STRATUS_RECORDS_SHAPE, [256]));
    const { batches } = parseLogObject(source, { objectKey: "k", batchSize: 5 });
    for await (const batch of batches) {
      expect(batch).toHaveLength(5);
      break;
    }
    expect(source.destroyed).toBe(true);
  });
});

describe("CloudTrail digest files", () => {
  it("skips an object whose key names it a digest, without reading it", async () => {
    const { Readable } = await import("node:stream");
    const source = Readable.from([STRATUS_RECORDS_SHAPE]);
    const key = "AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2024/08/02/111122223333_CloudTrail-Digest_x.json.gz";
    const { events, stats } = await parseAll(source, { objectKey: key });
    expect(events).toEqual([]);
    expect(stats).toMatchObject({ kind: "CLOUD_TRAIL", skipped: "CloudTrail digest file", records: 0 });
    expect(source.destroyed).toBe(true);
  });

  it("skips an object whose content is a digest", async () => {
    const digest = {
      awsAccountId: "111122223333",
      digestStartTime: "2024-08-02T07:40:06Z",
      digestEndTime: "2024-08-02T08:40:06Z",
      digestS3Bucket: "trail-bucket",
      digestSignatureAlgorithm: "SHA256withRSA",
      logFiles: [{ s3Bucket: "trail-bucket", s3Object: "a.json.gz", hashValue: "00", hashAlgorithm: "SHA-256" }],
    };
    const { events, stats } = await parseAll(gzipSync(JSON.stringify(digest)), { objectKey: "some/object.json.gz" });
    expect(events).toEqual([]);
    expect(stats.skipped).toBe("CloudTrail digest file");
  });
});

describe("CloudTrail shapes seen outside S3", () => {
  it("reads Logstash-shipped NDJSON, whose time is in @timestamp (OTRF ec2-proxy-s3-exfiltration)", async () => {
    const { events, stats } = await parseAll(fixture("otrf-ec2-proxy-s3-exfiltration.excerpt.jsonl.gz"), {
      objectKey: "otrf",
    });
    expect(stats).toMatchObject({ kind: "CLOUD_TRAIL", records: 13, events: 13, broken: 0 });
    const trail = cloudTrailEvents(events);
    const service = trail.filter((event) => event.identity.type === "AWSService");
    expect(service).toHaveLength(5);
    for (const event of service) expect(event.identity.invokedBy).toBe("ec2.amazonaws.com");
    const stolen = trail.filter((event) => event.identity.type === "AssumedRole");
    expect(stolen.map((event) => event.eventName)).toEqual(["ListObjects", "ListObjects", "ListObjects"]);
    expect(stolen[2]).toMatchObject({
      time: Date.parse("2020-09-14T01:01:04.000Z"),
      sourceIp: "1.2.3.4",
      eventCategory: "Data",
      identity: { ec2RoleDelivery: "1.0", mfaAuthenticated: false, sessionIssuer: { type: "Role" } },
    });
    // Console users' empty "sessionIssuer": {} is no issuer.
    for (const event of trail.filter((e) => e.identity.type === "IAMUser")) {
      expect(event.identity.sessionIssuer).toBeUndefined();
      expect(event.identity.mfaAuthenticated).toBe(true);
    }
  });

  it("reads a single pretty-printed record", async () => {
    const { events } = await parseAll(JSON.stringify(STRATUS_RAW[5], null, 2), { objectKey: "one.json" });
    expect(cloudTrailEvents(events).map((event) => event.eventId)).toEqual([STRATUS_RAW[5].eventID]);
  });

  it("falls back to the account hint and the region in the object key when a record lacks them", async () => {
    const { recipientAccountId: _a, awsRegion: _r, userIdentity: _u, ...bare } = STRATUS_RAW[0];
    const key = "AWSLogs/111122223333/CloudTrail/eu-west-3/2024/08/02/111122223333_CloudTrail_eu-west-3_20240802T0825Z_abc.json.gz";
    const fromKey = await parseAll(JSON.stringify(bare), { objectKey: key });
    expect(fromKey.events[0]).toMatchObject({ accountId: "111122223333", region: "eu-west-3", identity: { type: "Unknown" } });
    const hinted = await parseAll(JSON.stringify(bare), { objectKey: key, accountIdHint: "444455556666" });
    expect(hinted.events[0].accountId).toBe("444455556666");
    const nothing = await parseAll(JSON.stringify(bare), { objectKey: "plain.json" });
    expect(nothing.stats.broken).toBe(1);
    expect(nothing.stats.errors[0].message).toMatch(/no account id/);
  });
});
