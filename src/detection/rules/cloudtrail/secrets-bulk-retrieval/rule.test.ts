import { apiCall, runRule, types } from "../../../testing/cloudtrail.js";
import { callSeries, runBatches, seriesEventId } from "../../../testing/cloudtrail-batches.js";
import { pantherRecord } from "../../../testing/panther.js";
import { secretsBatchRetrievalRule, secretsRetrievalBurstRule } from "./rule.js";
import { secretName } from "./secret-ids.js";

const TYPE = "CredentialAccess:IAMUser/SecretsBulkRetrieval";
const batchRule = secretsBatchRetrievalRule();
const burstRule = secretsRetrievalBurstRule();

function secretsCall(eventName: string, requestParameters: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return apiCall({ eventSource: "secretsmanager.amazonaws.com", eventName, requestParameters, ...extra });
}

const arn = (name: string) => `arn:aws:secretsmanager:eu-west-1:111122223333:secret:${name}-Ab12Cd`;

describe("CredentialAccess:IAMUser/SecretsBulkRetrieval — one call for many", () => {
  it("fires High on BatchGetSecretValue with a filter: every matching secret is returned", () => {
    const found = runRule(batchRule, secretsCall("BatchGetSecretValue", { filters: [{ key: "tag-key", values: ["team"] }] }));
    expect(types(found)).toEqual([TYPE]);
    expect(found[0].severity).toBe(8);
    expect(found[0].aggregationKey).toBe("111122223333|AIDAEXAMPLEUSER00001");
    expect(found[0].templateValues.how).toContain("tag-key=team");
  });

  it("fires Medium on a secretIdList of five distinct secrets, counting a name and its ARN once", () => {
    const five = ["db", "api", "smtp", "ldap", "vpn"].map(arn);
    const found = runRule(batchRule, secretsCall("BatchGetSecretValue", { secretIdList: five }));
    expect(found.map((c) => c.severity)).toEqual([5]);
    expect(runRule(batchRule, secretsCall("BatchGetSecretValue", { secretIdList: ["db", arn("db"), "api", arn("api"), "smtp"] }))).toEqual([]);
  });

  it("stays quiet on small batches, failed calls and AWS services resolving secrets", () => {
    expect(runRule(batchRule, secretsCall("BatchGetSecretValue", { secretIdList: ["db", "api"] }))).toEqual([]);
    const filter = { filters: [{ key: "name", values: ["prod"] }] };
    expect(runRule(batchRule, secretsCall("BatchGetSecretValue", filter, { errorCode: "AccessDeniedException" }))).toEqual([]);
    const cloudFormation = { type: "AssumedRole", principalId: "AROAEXAMPLE:deploy", arn: "arn:aws:sts::111122223333:assumed-role/deploy/x", accountId: "111122223333", invokedBy: "cloudformation.amazonaws.com" };
    expect(runRule(batchRule, secretsCall("BatchGetSecretValue", filter, { userIdentity: cloudFormation, sourceIPAddress: "cloudformation.amazonaws.com" }))).toEqual([]);
  });

  it("fires on Panther's BatchRetrieveSecrets case", () => {
    const record = pantherRecord({
      eventSource: "secretsmanager.amazonaws.com",
      eventName: "BatchGetSecretValue",
      requestParameters: { filters: [{ key: "tag-key", values: ["StratusRedTeam"] }] },
    });
    expect(types(runRule(batchRule, record))).toEqual([TYPE]);
  });
});

describe("CredentialAccess:IAMUser/SecretsBulkRetrieval — many distinct secrets within minutes", () => {
  const reads = (count: number, name: (i: number) => string, extra: Record<string, unknown> = {}) =>
    callSeries(count, (i) => secretsCall("GetSecretValue", { secretId: name(i) }, extra));

  it("fires once five distinct secrets are read by one identity, across batches", () => {
    const events = reads(5, (i) => `app/secret-${i}`);
    expect(runBatches(burstRule, [events.slice(0, 4)])).toEqual([]);
    const found = runBatches(burstRule, [events.slice(0, 3), events.slice(3)]);
    expect(types(found)).toEqual([TYPE]);
    expect(found[0].aggregationKey).toBe("111122223333|AIDAEXAMPLEUSER00001");
    expect(found[0].additionalInfo).toMatchObject({ secretCount: 5, calls: 5, windowMinutes: 10 });
    expect(found[0].source.eventId).toBe(seriesEventId(4));
  });

  it("raises High at twenty distinct secrets", () => {
    expect(runBatches(burstRule, [reads(20, (i) => arn(`s${i}`))]).map((c) => c.severity)).toEqual([8]);
  });

  it("stays quiet on an application reading the same two secrets over and over", () => {
    expect(runBatches(burstRule, [reads(200, (i) => (i % 2 ? "app/db" : arn("app/api")))])).toEqual([]);
  });

  it("keeps identities apart and ignores failed reads and service-invoked reads", () => {
    const other = { type: "IAMUser", principalId: "AIDAOTHER", arn: "arn:aws:iam::111122223333:user/bob", accountId: "111122223333", userName: "bob" };
    const split = reads(6, (i) => `s${i}`).map((record, i) => (i % 2 ? { ...record, userIdentity: other } : record));
    expect(runBatches(burstRule, [split])).toEqual([]);
    expect(runBatches(burstRule, [reads(10, (i) => `s${i}`, { errorCode: "ResourceNotFoundException" })])).toEqual([]);
    const ecs = { type: "AssumedRole", principalId: "AROAEXEC:task", arn: "arn:aws:sts::111122223333:assumed-role/exec/task", accountId: "111122223333", invokedBy: "ecs-tasks.amazonaws.com" };
    expect(runBatches(burstRule, [reads(10, (i) => `s${i}`, { userIdentity: ecs, sourceIPAddress: "ecs-tasks.amazonaws.com" })])).toEqual([]);
  });

  it("does not count reads of a known version: infrastructure as code reading back the version it wrote", () => {
    const readBack = callSeries(10, (i) => secretsCall("GetSecretValue", { secretId: arn(`s${i}`), versionId: `v-${i}` }));
    expect(runBatches(burstRule, [readBack])).toEqual([]);
  });

  it("counts reads in separate windows apart", () => {
    const early = reads(3, (i) => `s${i}`);
    const late = reads(3, (i) => `t${i}`).map((record) => ({ ...record, eventTime: "2026-03-01T11:00:00Z" }));
    expect(runBatches(burstRule, [early, late])).toEqual([]);
  });
});

describe("secret names", () => {
  it("reads the name out of a full ARN and leaves names alone", () => {
    expect(secretName(arn("prod/db"))).toBe("prod/db");
    expect(secretName("prod/db")).toBe("prod/db");
  });
});
