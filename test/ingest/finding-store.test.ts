import type { Finding } from "../../src/detection/findings/types";
import { upsertFindings } from "../../src/db/findings/finding-upserts";
import { createTestDatabase, type TestDatabase } from "../support/database";

const DETECTOR = "f".repeat(32);

function finding(id: string, overrides: { at: string; severity?: number; title?: string; eventId?: string; count?: number }): Finding {
  return {
    schemaVersion: "2.0",
    accountId: "111122223333",
    region: "eu-west-1",
    partition: "aws",
    id,
    arn: `arn:aws:guardduty:eu-west-1:111122223333:detector/${DETECTOR}/finding/${id}`,
    type: "Policy:IAMUser/RootCredentialUsage",
    title: overrides.title ?? "root was used",
    description: "d",
    severity: overrides.severity ?? 2,
    confidence: 7,
    createdAt: overrides.at,
    updatedAt: overrides.at,
    resource: { resourceType: "AccessKey", accessKeyDetails: { accessKeyId: "AKIAEXAMPLE", userName: "root" } },
    service: {
      serviceName: "guardduty",
      detectorId: DETECTOR,
      action: { actionType: "AWS_API_CALL", awsApiCallAction: { api: "ListBuckets", serviceName: "s3.amazonaws.com", callerType: "Remote IP", affectedResources: {} } },
      count: overrides.count ?? 1,
      eventFirstSeen: overrides.at,
      eventLastSeen: overrides.at,
      archived: false,
      resourceRole: "TARGET",
      additionalInfo: { value: "{}", type: "default" },
    },
    vigil: { sourceEvents: [{ eventId: overrides.eventId ?? `e-${overrides.at}`, object: "o.json" }], confidenceReason: "A deterministic rule." },
  };
}

describe("finding store", () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
    const account = await database.db.account.create({ data: { accountId: "111122223333", name: "a", email: "a@example.com" } });
    await database.db.detector.create({ data: { id: DETECTOR, accountId: account.id, status: "ENABLED" } });
  });
  afterAll(() => database.drop());
  afterEach(() => database.db.finding.deleteMany());

  const write = (findings: Finding[], suppressed?: Set<string>) => database.db.$transaction((tx) => upsertFindings(tx, findings, suppressed));
  const row = (id: string) => database.db.finding.findUniqueOrThrow({ where: { id } });

  it("inserts new findings with their query columns, the GuardDuty JSON and the source events apart", async () => {
    const written = await write([finding("a1", { at: "2026-01-01T10:00:00.000Z" })]);
    expect(written).toEqual([{ id: "a1", detectorId: DETECTOR, accountId: "111122223333", type: "Policy:IAMUser/RootCredentialUsage", severity: 2, created: true, suppressed: false }]);
    const stored = await row("a1");
    expect(stored).toMatchObject({ resourceType: "AccessKey", resourceKey: "AKIAEXAMPLE", count: 1, archived: false, region: "eu-west-1" });
    expect(stored.eventFirstSeen.toISOString()).toBe("2026-01-01T10:00:00.000Z");
    expect(stored.data).not.toHaveProperty("vigil");
    expect((stored.data as { arn: string }).arn).toContain("/finding/a1");
    expect(stored.sourceEvents).toEqual([{ eventId: "e-2026-01-01T10:00:00.000Z", object: "o.json" }]);
  });

  it("aggregates a later occurrence: counts add up, the range widens, the latest details win, archive and creation stay", async () => {
    await write([finding("a2", { at: "2026-01-01T10:00:00.000Z", count: 3 })]);
    await database.db.finding.update({ where: { id: "a2" }, data: { archived: true } });
    const written = await write([finding("a2", { at: "2026-01-02T10:00:00.000Z", count: 2, severity: 5, title: "newer" })]);
    expect(written[0].created).toBe(false);
    const stored = await row("a2");
    expect(stored).toMatchObject({ count: 5, severity: 5, title: "newer", archived: true });
    expect([stored.eventFirstSeen.toISOString(), stored.eventLastSeen.toISOString()]).toEqual(["2026-01-01T10:00:00.000Z", "2026-01-02T10:00:00.000Z"]);
    const data = stored.data as unknown as Finding;
    expect(data.createdAt).toBe("2026-01-01T10:00:00.000Z");
    expect(data.title).toBe("newer");
    expect(data.service).toMatchObject({ count: 5, eventFirstSeen: "2026-01-01T10:00:00.000Z", eventLastSeen: "2026-01-02T10:00:00.000Z", archived: true });
    expect((stored.sourceEvents as Array<{ eventId: string }>).map((r) => r.eventId)).toEqual(["e-2026-01-01T10:00:00.000Z", "e-2026-01-02T10:00:00.000Z"]);
  });

  it("replaces an attack sequence by its later decision, and leaves it as it is when an earlier decision is written after it", async () => {
    const decided = (order: string, first: string, last: string, count: number, title: string): Finding => {
      const base = finding("s1", { at: last, count, title });
      return { ...base, service: { ...base.service, eventFirstSeen: first }, vigil: { ...base.vigil, sequenceDecision: order } };
    };
    await write([decided("t1/000000000001", "2026-01-01T10:00:00.000Z", "2026-01-01T12:00:00.000Z", 4, "four signals")]);
    await database.db.finding.update({ where: { id: "s1" }, data: { archived: true } });
    // A later decision saw a story grown by an older signal: it stands whole, its range narrower or not.
    await write([decided("t1/000000000003", "2026-01-01T09:00:00.000Z", "2026-01-01T11:00:00.000Z", 6, "six signals")]);
    // A slower worker commits the decision between them: nothing of it is written.
    expect(await write([decided("t1/000000000002", "2026-01-01T08:00:00.000Z", "2026-01-01T13:00:00.000Z", 5, "five signals")])).toEqual([]);
    const stored = await row("s1");
    expect(stored).toMatchObject({ count: 6, title: "six signals", archived: true, sequenceDecision: "t1/000000000003" });
    expect([stored.eventFirstSeen.toISOString(), stored.eventLastSeen.toISOString()]).toEqual(["2026-01-01T09:00:00.000Z", "2026-01-01T11:00:00.000Z"]);
    expect((stored.data as unknown as Finding).service).toMatchObject({ count: 6, eventFirstSeen: "2026-01-01T09:00:00.000Z", eventLastSeen: "2026-01-01T11:00:00.000Z", archived: true });
  });

  it("keeps a member's associatedAttackSequenceArn when a later occurrence comes without it", async () => {
    await write([{ ...finding("m1", { at: "2026-01-01T10:00:00.000Z" }), associatedAttackSequenceArn: "arn:sequence" }]);
    await write([finding("m1", { at: "2026-01-02T10:00:00.000Z" })]);
    expect((await row("m1")).data).toMatchObject({ associatedAttackSequenceArn: "arn:sequence" });
    await write([finding("m0", { at: "2026-01-02T10:00:00.000Z" })]);
    expect((await row("m0")).data).not.toHaveProperty("associatedAttackSequenceArn");
  });

  it("links members stored earlier to a sequence written later", async () => {
    await write([finding("m2", { at: "2026-01-01T10:00:00.000Z" }), finding("m3", { at: "2026-01-01T10:00:00.000Z" })]);
    const sequence = finding("s1", { at: "2026-01-01T11:00:00.000Z" });
    const signal = (uid: string) => ({ uid, type: "FINDING" as const });
    sequence.type = "AttackSequence:IAM/CompromisedCredentials";
    sequence.service.detection = { sequence: { signals: [signal("m2")] } } as unknown as NonNullable<Finding["service"]["detection"]>;
    await write([sequence]);
    expect((await row("m2")).data).toMatchObject({ associatedAttackSequenceArn: sequence.arn });
    expect((await row("m3")).data).not.toHaveProperty("associatedAttackSequenceArn");
  });

  it("keeps the stored details when an older occurrence arrives late, and only counts it", async () => {
    await write([finding("a3", { at: "2026-01-05T00:00:00.000Z", title: "current" })]);
    await write([finding("a3", { at: "2026-01-01T00:00:00.000Z", title: "stale", severity: 8 })]);
    const stored = await row("a3");
    expect(stored).toMatchObject({ count: 2, title: "current", severity: 2 });
    expect(stored.eventFirstSeen.toISOString()).toBe("2026-01-01T00:00:00.000Z");
    expect((stored.data as unknown as Finding).service.eventFirstSeen).toBe("2026-01-01T00:00:00.000Z");
  });

  it("archives new findings a suppression rule matched, and leaves the others alone", async () => {
    const written = await write([finding("s1", { at: "2026-01-01T00:00:00.000Z" }), finding("s2", { at: "2026-01-01T00:00:00.000Z" })], new Set(["s1"]));
    expect(written.map((w) => [w.id, w.suppressed])).toEqual([["s1", true], ["s2", false]]);
    expect(await row("s1")).toMatchObject({ archived: true, suppressed: true });
    expect(((await row("s1")).data as unknown as Finding).service.archived).toBe(true);
    expect(await row("s2")).toMatchObject({ archived: false, suppressed: false });
  });

  it("writes more findings than one statement carries, and merges repeats of an id within one call", async () => {
    const many = Array.from({ length: 1203 }, (_, i) => finding(`m${i}`, { at: "2026-01-01T00:00:00.000Z" }));
    const repeat = finding("m7", { at: "2026-01-03T00:00:00.000Z", eventId: "later" });
    const written = await write([...many, repeat]);
    expect(written).toHaveLength(1203);
    expect(await database.db.finding.count()).toBe(1203);
    expect(await row("m7")).toMatchObject({ count: 2 });
  });

  it("keeps only the newest source events of a finding", async () => {
    for (let day = 1; day <= 25; day++) await write([finding("c1", { at: `2026-01-${String(day).padStart(2, "0")}T00:00:00.000Z`, eventId: `d${day}` })]);
    const refs = (await row("c1")).sourceEvents as Array<{ eventId: string }>;
    expect(refs.map((r) => r.eventId)).toEqual(Array.from({ length: 20 }, (_, i) => `d${i + 6}`));
  });
});
