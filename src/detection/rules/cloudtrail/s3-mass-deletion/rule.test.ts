import { apiCall, testContext } from "../../../testing/cloudtrail.js";
import { runInBatches, callSeries } from "../../../testing/cloudtrail-batches.js";
import { pantherRecord } from "../../../testing/panther.js";
import { readFixture } from "../../../testing/fixtures.js";
import { s3MassDeletionRule } from "./rule.js";

const DELETION = "Impact:S3/MassDeletion";
const SSE_C = "Impact:S3/ObjectsEncryptedWithCustomerKey";
const rule = s3MassDeletionRule();

function s3(eventName: string, requestParameters: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return apiCall({
    eventSource: "s3.amazonaws.com",
    eventName,
    eventCategory: "Data",
    readOnly: false,
    requestParameters: { bucketName: "finance-data", Host: "finance-data.s3.eu-west-1.amazonaws.com", ...requestParameters },
    resources: [{ type: "AWS::S3::Bucket", ARN: "arn:aws:s3:::finance-data" }],
    ...extra,
  });
}

const deleteObject = (i: number, extra: Record<string, unknown> = {}) => s3("DeleteObject", { key: `reports/${i}.csv` }, extra);
const sseC = (eventName: string, i: number) => s3(eventName, { key: `reports/${i}.csv`, "x-amz-server-side-encryption-customer-algorithm": "AES256" });

describe(DELETION, () => {
  it("fires when one identity deletes many objects of a bucket one by one", () => {
    const found = runInBatches(rule, callSeries(20, (i) => deleteObject(i)), undefined, 50);
    expect(found.map((c) => c.meta.type)).toEqual([DELETION]);
    expect(found[0].resource).toMatchObject({ resourceType: "S3Bucket", s3BucketDetails: [{ name: "finance-data" }] });
    expect(found[0].severity).toBe(8);
  });

  it("fires on repeated DeleteObjects batches, and on the keys a batch lists", () => {
    expect(runInBatches(rule, callSeries(2, () => s3("DeleteObjects", { delete: "" })))).not.toEqual([]);
    const listed = s3("DeleteObjects", { delete: { Object: Array.from({ length: 25 }, (_, i) => ({ Key: `k${i}` })), Quiet: true } });
    expect(runInBatches(rule, [listed]).map((c) => c.templateValues.objects)).toEqual(["25"]);
  });

  it("stays quiet on one DeleteObjects call (a teardown emptying its bucket) and on a few deletions", () => {
    expect(runInBatches(rule, [s3("DeleteObjects", { delete: "" })])).toEqual([]);
    expect(runInBatches(rule, callSeries(19, (i) => deleteObject(i)))).toEqual([]);
    expect(runInBatches(rule, callSeries(40, () => deleteObject(1)))).toEqual([]);
  });

  it("keeps buckets apart and ignores failed deletions", () => {
    const twoBuckets = callSeries(20, (i) => deleteObject(i, i % 2 ? { requestParameters: { bucketName: "other", key: `k${i}` }, resources: [] } : {}));
    expect(runInBatches(rule, twoBuckets)).toEqual([]);
    expect(runInBatches(rule, callSeries(20, (i) => deleteObject(i, { errorCode: "AccessDenied" })))).toEqual([]);
  });

  it("does nothing when S3 Protection is off", () => {
    expect(runInBatches(rule, callSeries(20, (i) => deleteObject(i)), testContext({}, { s3DataEvents: false }))).toEqual([]);
  });
});

describe(SSE_C, () => {
  it("raises High when many objects are rewritten with a customer-provided key", () => {
    const found = runInBatches(rule, callSeries(5, (i) => sseC(i % 2 ? "CopyObject" : "PutObject", i)), undefined, 50);
    expect(found.map((c) => [c.meta.type, c.severity])).toEqual([[SSE_C, 8]]);
    expect(found[0].templateValues.calls).toBe("CopyObject, PutObject");
  });

  it("raises Low for a single object", () => {
    expect(runInBatches(rule, [sseC("CopyObject", 1)]).map((c) => c.severity)).toEqual([2]);
  });

  it("does not fire on writes without a customer key", () => {
    expect(runInBatches(rule, callSeries(10, (i) => s3("PutObject", { key: `k${i}`, "x-amz-server-side-encryption": "aws:kms" })))).toEqual([]);
  });
});

describe("on real records", () => {
  const cases = readFixture<Array<{ rule_id: string; test_name: string; expected_result: boolean; log: Record<string, unknown> }>>("panther-discovery-impact.json").filter(
    (c) => c.rule_id === "AWS.S3.CopyObjectWithClientSideEncryption",
  );

  it.each(cases.map((c) => [c.test_name, c.expected_result, c.log] as const))("agrees with Panther AWS.S3.CopyObjectWithClientSideEncryption / %s (%s)", (_name, expected, log) => {
    expect(runInBatches(rule, [pantherRecord(log)]).length > 0).toBe(expected);
  });
});
