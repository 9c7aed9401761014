import { apiCall } from "../../../testing/cloudtrail.js";
import { runBatches, callSeries } from "../../../testing/cloudtrail-batches.js";
import { readFixture } from "../../../testing/fixtures.js";
import { parameterName } from "./parameter-names.js";
import { ssmParametersBulkDecryptedRule } from "./rule.js";

const TYPE = "CredentialAccess:IAMUser/SSMParametersBulkDecrypted";
const rule = ssmParametersBulkDecryptedRule();

function ssmCall(eventName: string, requestParameters: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return apiCall({ eventSource: "ssm.amazonaws.com", eventName, requestParameters, ...extra });
}

const gets = (count: number, name: (i: number) => string, decrypt: unknown = true, extra: Record<string, unknown> = {}) =>
  callSeries(count, (i) => ssmCall("GetParameter", { name: name(i), withDecryption: decrypt }, extra));

describe("CredentialAccess:IAMUser/SSMParametersBulkDecrypted", () => {
  it("fires on ten distinct parameters decrypted by one identity in minutes, names and ARNs counted once", () => {
    const byName = gets(9, (i) => `/prod/app/key-${i}`);
    const sameByArn = gets(9, (i) => `arn:aws:ssm:eu-west-1:111122223333:parameter/prod/app/key-${i}:1`);
    expect(runBatches(rule, [[...byName, ...sameByArn]])).toEqual([]);
    const found = runBatches(rule, [[...byName, ...sameByArn], gets(1, () => "/prod/app/key-9")]);
    expect(found.map((c) => [c.meta.type, c.severity])).toEqual([[TYPE, 5]]);
    expect(found[0].aggregationKey).toBe("111122223333|AIDAEXAMPLEUSER00001");
  });

  it("counts the names of GetParameters calls, and raises High at thirty", () => {
    const calls = callSeries(3, (i) =>
      ssmCall("GetParameters", { names: Array.from({ length: 10 }, (_, j) => `/c/p-${i * 10 + j}`), withDecryption: "true" }),
    );
    expect(runBatches(rule, [calls]).map((c) => c.severity)).toEqual([8]);
  });

  it("fires High on the whole store decrypted from the root path, and not on one application's hierarchy", () => {
    const everything = ssmCall("GetParametersByPath", { path: "/", recursive: true, withDecryption: true });
    expect(runBatches(rule, [[everything]]).map((c) => c.severity)).toEqual([8]);
    const own = ssmCall("GetParametersByPath", { path: "/myapp/prod", recursive: true, withDecryption: true });
    expect(runBatches(rule, [[own, own, own]])).toEqual([]);
  });

  it("stays quiet without decryption, on failed calls, on AWS's public parameters and on repeated reads", () => {
    expect(runBatches(rule, [gets(20, (i) => `/p/${i}`, false)])).toEqual([]);
    expect(runBatches(rule, [gets(20, (i) => `/p/${i}`, true, { errorCode: "ParameterNotFound" })])).toEqual([]);
    expect(runBatches(rule, [gets(20, (i) => `/aws/service/ami-amazon-linux-latest/image-${i}`)])).toEqual([]);
    expect(runBatches(rule, [gets(300, (i) => `/p/${i % 3}`)])).toEqual([]);
  });

  it("does not count parameters whose tags the same identity listed: infrastructure as code reading back what it manages", () => {
    const refresh = gets(20, (i) => `/stack/p-${i}`).flatMap((read, i) => [
      read,
      ssmCall("ListTagsForResource", { resourceType: "Parameter", resourceId: `/stack/p-${i}` }, { eventTime: read.eventTime }),
    ]);
    expect(runBatches(rule, [refresh])).toEqual([]);
    const otherIdentity = { type: "IAMUser", principalId: "AIDAOTHER", arn: "arn:aws:iam::111122223333:user/ci", accountId: "111122223333", userName: "ci" };
    const taggedByAnother = gets(20, (i) => `/stack/p-${i}`).flatMap((read, i) => [
      read,
      ssmCall("ListTagsForResource", { resourceType: "Parameter", resourceId: `/stack/p-${i}` }, { eventTime: read.eventTime, userIdentity: otherIdentity }),
    ]);
    const found = runBatches(rule, [taggedByAnother]);
    expect(found.map((c) => c.meta.type)).toEqual([TYPE]);
    const readsWithOneTagListing = [...gets(10, (i) => `/p/${i}`), ssmCall("ListTagsForResource", { resourceType: "Parameter", resourceId: "/other" }, { eventTime: "2026-03-01T10:05:00Z" })];
    expect(runBatches(rule, [readsWithOneTagListing]).map((c) => c.action)).toEqual([expect.objectContaining({ api: "GetParameter" })]);
  });

  it("stays quiet on ECS and CloudFormation resolving parameters for a task or stack", () => {
    for (const service of ["ecs-tasks.amazonaws.com", "cloudformation.amazonaws.com"]) {
      const identity = { type: "AssumedRole", principalId: "AROAEXAMPLE:s", arn: "arn:aws:sts::111122223333:assumed-role/r/s", accountId: "111122223333", invokedBy: service };
      expect(runBatches(rule, [gets(20, (i) => `/p/${i}`, true, { userIdentity: identity, sourceIPAddress: service })])).toEqual([]);
    }
  });

  it("fires on the Stratus Red Team detonation of ssm-retrieve-securestring-parameters", () => {
    const stratus = readFixture<Record<string, Array<Record<string, unknown>>>>("stratus-credential-access.json");
    const found = runBatches(rule, [stratus["aws.credential-access.ssm-retrieve-securestring-parameters"]]);
    expect(found.map((c) => c.meta.type)).toEqual([TYPE]);
    expect(found[0].additionalInfo).toMatchObject({ parameterCount: 42 });
  });

  it("reads a parameter's name out of ARNs and version selectors", () => {
    expect(parameterName("arn:aws:ssm:eu-west-1:111122223333:parameter/prod/db:3")).toBe("/prod/db");
    expect(parameterName("db-password:live")).toBe("db-password");
  });
});
