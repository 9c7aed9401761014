import type { DetectionEngine } from "../../src/detection/engine/engine";
import { defaultEngine } from "../../src/detection/engine/default-engine";
import type { FlowEvent, VigilEvent } from "../../src/detection/events";
import { ACCOUNT } from "./support/cloudtrail";
import { eventually, startTestPipeline, type TestPipeline } from "./support/pipeline";
import { S3RVER_CREDENTIALS, startTestS3, type TestS3 } from "./support/s3-server";

/** One connection, written in each flow log version's documented fields (AWS's "flow log records" page). */
const CONNECTION = {
  "account-id": ACCOUNT,
  "interface-id": "eni-0123456789abcdef0",
  srcaddr: "203.0.113.12",
  dstaddr: "10.0.0.5",
  srcport: "49152",
  dstport: "22",
  protocol: "6",
  packets: "10",
  bytes: "840",
  start: "1772359200",
  end: "1772359260",
  action: "ACCEPT",
  "log-status": "OK",
  "vpc-id": "vpc-0abc",
  "subnet-id": "subnet-0abc",
  "instance-id": "i-0123456789abcdef0",
  type: "IPv4",
  "pkt-srcaddr": "203.0.113.12",
  "pkt-dstaddr": "10.0.0.5",
  "tcp-flags": "2",
  region: "us-east-1",
  "az-id": "use1-az1",
  "sublocation-type": "-",
  "sublocation-id": "-",
  "pkt-src-aws-service": "-",
  "pkt-dst-aws-service": "-",
  "flow-direction": "ingress",
  "traffic-path": "-",
};

const FORMATS: Record<number, string> = {
  2: "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status",
  3: "version vpc-id subnet-id instance-id interface-id account-id type srcaddr dstaddr srcport dstport pkt-srcaddr pkt-dstaddr protocol bytes packets start end action tcp-flags log-status",
  4: "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status region az-id sublocation-type sublocation-id",
  5: "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status pkt-src-aws-service pkt-dst-aws-service flow-direction traffic-path",
};

function flowLogObject(version: number): string {
  const fields = FORMATS[version].split(" ");
  const values = fields.map((field) => (field === "version" ? String(version) : CONNECTION[field as keyof typeof CONNECTION]));
  return `${fields.join(" ")}\n${values.join(" ")}\n`;
}

const COMMON = ["accountId", "region", "interfaceId", "srcAddr", "dstAddr", "srcPort", "dstPort", "protocol", "packets", "bytes", "time", "end", "action", "logStatus"] as const;

describe("VPC flow logs of every version", () => {
  let s3: TestS3;
  let pipeline: TestPipeline;
  const seen = new Map<string, VigilEvent[]>();

  beforeAll(async () => {
    s3 = await startTestS3();
    const engine = defaultEngine();
    const recording: DetectionEngine = {
      ...engine,
      detectBatch: (events, context) => {
        for (const event of events) seen.set(event.origin.object, [...(seen.get(event.origin.object) ?? []), event]);
        return engine.detectBatch(events, context);
      },
    };
    pipeline = await startTestPipeline({ analysis: { engine: recording } });
    await pipeline.startWorkers();
  });
  afterAll(async () => {
    await pipeline.close();
    await s3.close();
  });

  it("parse to the same normalized fields through the S3 pipeline", async () => {
    await s3.createBucket("flow-bucket");
    const keys = [2, 3, 4, 5].map((version) => {
      const key = `AWSLogs/${ACCOUNT}/vpcflowlogs/us-east-1/2026/03/01/${ACCOUNT}_vpcflowlogs_us-east-1_fl-0abc_20260301T1005Z_v${version}.log.gz`;
      return { version, key };
    });
    for (const { version, key } of keys) await s3.putGzip("flow-bucket", key, flowLogObject(version));
    const id = await pipeline.createSource({ kind: "VPC_FLOW_LOGS", location: `s3://flow-bucket/AWSLogs/${ACCOUNT}/vpcflowlogs/`, s3Endpoint: s3.endpoint, credentials: S3RVER_CREDENTIALS });
    const state = await eventually(() => pipeline.database.db.logSource.findUniqueOrThrow({ where: { id } }), (s) => s.objectsProcessed === 4n);
    expect(state).toMatchObject({ eventsProcessed: 4n, brokenRecords: 0n, objectsFailed: 0n });

    const events = keys.map(({ key }) => seen.get(key)?.[0] as FlowEvent);
    const normalized = events.map((event) => Object.fromEntries(COMMON.map((field) => [field, event[field]])));
    expect(normalized[0]).toEqual({
      accountId: ACCOUNT,
      region: "us-east-1",
      interfaceId: "eni-0123456789abcdef0",
      srcAddr: "203.0.113.12",
      dstAddr: "10.0.0.5",
      srcPort: 49152,
      dstPort: 22,
      protocol: 6,
      packets: 10,
      bytes: 840,
      time: 1772359200_000,
      end: 1772359260_000,
      action: "ACCEPT",
      logStatus: "OK",
    });
    for (const other of normalized.slice(1)) expect(other).toEqual(normalized[0]);
    expect(events.map((event) => event.version)).toEqual([2, 3, 4, 5]);
    expect(events[1]).toMatchObject({ instanceId: "i-0123456789abcdef0", vpcId: "vpc-0abc", tcpFlags: 2 });
    expect(events[3]).toMatchObject({ flowDirection: "ingress" });
  });
});
