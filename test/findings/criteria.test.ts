import { compileCriteria, type Condition, type FindingCriteria } from "../../src/services/findings/criteria/criteria";
import { criteriaToPredicate } from "../../src/services/findings/criteria/to-predicate";
import { criteriaToSql } from "../../src/db/findings/criteria-sql";
import { Prisma } from "../../src/generated/prisma/client";
import { DomainError } from "../../src/services/errors";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { BASE_TIME, storeFindings, syntheticFinding } from "./support/findings";

const HOUR = 3_600_000;
const DETECTOR = "c0ffee00c0ffee00c0ffee00c0ffee00";
const ACCOUNTS = ["111111111111", "222222222222"];
const COUNT = 60;

const criteria = (criterion: Record<string, Condition>): FindingCriteria => ({ criterion });

/** Each case narrows the set: none may match everything or nothing, or it would prove little. */
const CASES: Record<string, FindingCriteria> = {
  "type equals": criteria({ type: { equals: ["UnauthorizedAccess:EC2/SSHBruteForce"] } }),
  "type not equals two": criteria({ type: { notEquals: ["UnauthorizedAccess:EC2/SSHBruteForce", "Recon:IAMUser/MaliciousIPCaller"] } }),
  "type matches wildcard": criteria({ type: { matches: ["*:EC2/*"] } }),
  "severity range": criteria({ severity: { greaterThan: 2, lessThan: 8 } }),
  "severity equals decimal": criteria({ severity: { equals: ["5.5"] } }),
  "updatedAt after (epoch ms)": criteria({ updatedAt: { greaterThanOrEqual: BASE_TIME + 30 * HOUR } }),
  "createdAt before": criteria({ createdAt: { lessThan: BASE_TIME + 10 * HOUR } }),
  "createdAt equals": criteria({ createdAt: { equals: [String(BASE_TIME + 7 * HOUR)] } }),
  "count greater than": criteria({ "service.count": { greaterThan: 3 } }),
  "archived true": criteria({ "service.archived": { equals: ["true"] } }),
  "archived false": criteria({ "service.archived": { equals: ["false"] } }),
  "account not equals": criteria({ accountId: { notEquals: [ACCOUNTS[0]] } }),
  "region matches": criteria({ region: { matches: ["eu-*"] } }),
  "resource type": criteria({ "resource.resourceType": { equals: ["S3Bucket"] } }),
  "instance id": criteria({ "resource.instanceDetails.instanceId": { equals: ["i-00000001", "i-00000003"] } }),
  "instance id not equals (absent counts as not equal)": criteria({ "resource.instanceDetails.instanceId": { notEquals: ["i-00000001"] } }),
  "private IP inside an array of interfaces": criteria({ "resource.instanceDetails.networkInterfaces.privateIpAddress": { equals: ["10.0.1.2"] } }),
  "user name matches": criteria({ "resource.accessKeyDetails.userName": { matches: ["admin*"] } }),
  "user name not matches": criteria({ "resource.accessKeyDetails.userName": { notMatches: ["admin*"] } }),
  "user agent with special characters": criteria({ "service.action.awsApiCallAction.userAgent": { matches: ["aws-cli/2.15.0 *", "Mozilla/5.0 (*)"] } }),
  "api call": criteria({ "service.action.awsApiCallAction.api": { equals: ["ConsoleLogin"] } }),
  "remote IP of a connection": criteria({ "service.action.networkConnectionAction.remoteIpDetails.ipAddressV4": { equals: ["198.51.100.0", "198.51.100.4"] } }),
  "country code of an API caller": criteria({ "service.action.awsApiCallAction.remoteIpDetails.country.countryCode": { equals: ["DE"] } }),
  "local port range": criteria({ "service.action.networkConnectionAction.localPortDetails.port": { greaterThanOrEqual: 1000, lessThanOrEqual: 4000 } }),
  "blocked boolean": criteria({ "service.action.networkConnectionAction.blocked": { equals: ["false"] } }),
  "bucket inside an array": criteria({ "resource.s3BucketDetails.publicAccess.effectivePermission": { equals: ["PUBLIC"] } }),
  "threat list name (additionalInfo path)": criteria({ "service.additionalInfo.threatListName": { equals: ["ProofPoint"] } }),
  "event last seen": criteria({ "service.eventLastSeen": { greaterThan: BASE_TIME + 20 * HOUR } }),
  "feedback": criteria({ "service.userFeedback": { equals: ["USEFUL"] } }),
  "dns domain not matches": criteria({ "service.action.dnsRequestAction.domain": { notMatches: ["c2-1.*"] } }),
  "several attributes ANDed": criteria({
    type: { notEquals: ["Trojan:EC2/DNSDataExfiltration"] },
    severity: { greaterThanOrEqual: 5 },
    "service.archived": { equals: ["false"] },
    updatedAt: { lessThan: BASE_TIME + 50 * HOUR },
  }),
};

describe("FindingCriteria: PostgreSQL and the in-memory matcher agree", () => {
  let database: TestDatabase;
  let rows: Array<{ id: string; data: Record<string, unknown> }>;

  beforeAll(async () => {
    database = await createTestDatabase();
    const accounts = await Promise.all(ACCOUNTS.map((accountId) => database.db.account.create({ data: { accountId, name: accountId, email: `${accountId}@example.com` } })));
    await database.db.detector.create({ data: { id: DETECTOR, accountId: accounts[0].id, status: "ENABLED" } });
    const findings = Array.from({ length: COUNT }, (_, n) => syntheticFinding(DETECTOR, ACCOUNTS[n % 2], n));
    await storeFindings(database.db, findings, new Set(findings.filter((_, n) => n % 7 === 0).map((f) => f.id)));
    // Feedback as the API writes it: the column and service.userFeedback in the JSON.
    await database.db.$executeRaw`UPDATE findings SET feedback = 'USEFUL', data = jsonb_set(data, '{service,userFeedback}', '"USEFUL"') WHERE count = 2`;
    rows = await database.db.$queryRaw`SELECT id, data FROM findings`;
  });
  afterAll(() => database.drop());

  it.each(Object.entries(CASES))("%s", async (_name, findingCriteria) => {
    const compiled = compileCriteria(findingCriteria);
    const inSql = await database.db.$queryRaw<Array<{ id: string }>>(Prisma.sql`SELECT f.id FROM findings f WHERE ${criteriaToSql(compiled, "f")}`);
    const matches = criteriaToPredicate(compiled);
    const inMemory = rows.filter((row) => matches(row.data)).map((row) => row.id);
    expect(inSql.map((row) => row.id).sort()).toEqual(inMemory.sort());
    expect(inMemory.length).toBeGreaterThan(0);
    expect(inMemory.length).toBeLessThan(COUNT);
  });

  it("uses the GIN index for equality on a JSON attribute", async () => {
    await database.db.$executeRawUnsafe("SET enable_seqscan = off");
    const compiled = compileCriteria(CASES["instance id"]);
    const query = criteriaToSql(compiled, "f");
    const plan = await database.db.$queryRaw<Array<{ "QUERY PLAN": string }>>(Prisma.sql`EXPLAIN SELECT id FROM findings f WHERE ${query}`);
    await database.db.$executeRawUnsafe("RESET enable_seqscan");
    expect(plan.map((line) => line["QUERY PLAN"]).join("\n")).toContain("findings_data_path_ops");
  });
});

describe("FindingCriteria validation", () => {
  const rejected = (findingCriteria: FindingCriteria) => {
    try {
      compileCriteria(findingCriteria);
    } catch (error) {
      return error instanceof DomainError ? `${error.code}: ${error.message}` : `unexpected: ${error}`;
    }
    return "accepted";
  };

  it("rejects unknown attribute paths", () => {
    expect(rejected(criteria({ "resource.instanceDetails.secret": { equals: ["x"] } }))).toMatch(/^BAD_USER_INPUT: Unknown finding attribute "resource.instanceDetails.secret"/);
  });

  it("rejects values of the wrong kind", () => {
    expect(rejected(criteria({ severity: { equals: ["high"] } }))).toMatch(/^BAD_USER_INPUT: severity takes numbers/);
    expect(rejected(criteria({ "service.archived": { equals: ["yes"] } }))).toMatch(/^BAD_USER_INPUT: service.archived takes "true" or "false"/);
    expect(rejected(criteria({ type: { greaterThan: 3 } }))).toMatch(/^BAD_USER_INPUT: type: greaterThan applies to numbers and times only/);
    expect(rejected(criteria({ severity: { matches: ["8*"] } }))).toMatch(/^BAD_USER_INPUT: severity: matches applies to text attributes only/);
  });

  it("keeps GuardDuty's limits", () => {
    expect(rejected(criteria({ type: { equals: Array.from({ length: 51 }, (_, i) => `t${i}`) } }))).toMatch(/1 to 50 values/);
    expect(rejected(criteria({ type: { matches: ["a", "b", "c", "d", "e", "f"] } }))).toMatch(/1 to 5 patterns/);
    expect(rejected(criteria({ type: {} }))).toMatch(/at least one operator/);
    expect(rejected(criteria({ type: { equals: ["x"] }, region: { equals: ["us-east-1"] } }))).toBe("accepted");
  });
});
