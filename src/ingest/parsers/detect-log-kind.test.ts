import { gunzipSync } from "node:zlib";
import { detectLogKind } from "./index.js";
import { fixture, fixtureJson } from "./test-helpers.js";

const STRATUS_RECORDS = fixture("stratus-ec2-steal-instance-credentials.records.json.gz");
const STRATUS_ARRAY = fixture("stratus-ec2-steal-instance-credentials.json.gz");
const OTRF_LINES = fixture("otrf-ec2-proxy-s3-exfiltration.excerpt.jsonl.gz");
const FLOW_SECTIONS = fixtureJson<{ sections: Array<{ format: string; records: Array<{ record: string }> }> }>(
  "aws-docs-vpc-flow-log-record-examples.json",
).sections;
const DNS_RECORD = fixtureJson<{ records: unknown[] }>("aws-docs-route53-resolver-query-log-example.json").records[0];

const head = (data: Buffer | string, bytes = 4096) =>
  typeof data === "string" ? data.slice(0, bytes) : data.subarray(0, bytes);

describe("detectLogKind", () => {
  it("recognizes CloudTrail in each shape, from text or from the first bytes of a gzip", () => {
    expect(detectLogKind(head(STRATUS_RECORDS, 1024))).toBe("CLOUD_TRAIL");
    expect(detectLogKind(head(STRATUS_ARRAY, 1024))).toBe("CLOUD_TRAIL");
    expect(detectLogKind(head(OTRF_LINES, 2048))).toBe("CLOUD_TRAIL");
    expect(detectLogKind(head(gunzipSync(STRATUS_ARRAY).toString("utf8")))).toBe("CLOUD_TRAIL");
    expect(detectLogKind('{"Records":[]}')).toBe("CLOUD_TRAIL");
  });

  it("recognizes a CloudTrail digest", () => {
    const digest = '{"awsAccountId":"111122223333","digestStartTime":"2024-08-02T07:40:06Z","digestSignatureAlgorithm":"SHA256withRSA"}';
    expect(detectLogKind(digest)).toBe("CLOUD_TRAIL_DIGEST");
  });

  it("recognizes flow logs by their header, or by a first record in the default format", () => {
    for (const section of FLOW_SECTIONS) {
      expect(detectLogKind(`${section.format}\n${section.records[0].record}\n`)).toBe("VPC_FLOW_LOGS");
    }
    expect(detectLogKind(`${FLOW_SECTIONS[0].records[0].record}\n`)).toBe("VPC_FLOW_LOGS");
    expect(detectLogKind(`${FLOW_SECTIONS[0].records[2].record}\n`)).toBe("VPC_FLOW_LOGS");
  });

  it("recognizes Route 53 Resolver query logs as lines, array or pretty-printed", () => {
    expect(detectLogKind(JSON.stringify(DNS_RECORD))).toBe("DNS_QUERY_LOGS");
    expect(detectLogKind(JSON.stringify([DNS_RECORD]))).toBe("DNS_QUERY_LOGS");
    expect(detectLogKind(JSON.stringify(DNS_RECORD, null, 2))).toBe("DNS_QUERY_LOGS");
  });

  it("knows nothing else", () => {
    expect(detectLogKind("<html><head><title>403 Forbidden</title></head></html>")).toBeUndefined();
    expect(detectLogKind('{"foo":1}')).toBeUndefined();
    expect(detectLogKind("version control is a good idea\n")).toBeUndefined();
    expect(detectLogKind(`${FLOW_SECTIONS[2].records[0].record}\n`)).toBeUndefined();
    expect(detectLogKind(Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0xde, 0xad]))).toBeUndefined();
    expect(detectLogKind("")).toBeUndefined();
  });
});
