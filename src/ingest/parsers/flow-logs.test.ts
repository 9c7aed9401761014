import { gzipSync } from "node:zlib";
import type { FlowEvent } from "../../detection/events.js";
import { FlowRecordLayout } from "./flow-event.js";
import { parseFormatString } from "./flow-log-format.js";
import { LogObjectError } from "./index.js";
import { chunked, fixtureJson, parseAll, withoutOrigin } from "./test-helpers.js";

type Section = { format: string; records: Array<{ record: string }> };
const SECTIONS = fixtureJson<{ sections: Section[] }>("aws-docs-vpc-flow-log-record-examples.json").sections;
const [DEFAULT_V2, CUSTOM_V3, NAT_GATEWAY, TRANSIT_GATEWAY, CUSTOM_V5] = SECTIONS;

// Named the way AWS names flow log objects in S3: the account, region and delivery time come from here when the
// records do not carry them.
const FLOW_KEY =
  "AWSLogs/123456789010/vpcflowlogs/us-east-1/2021/03/26/123456789010_vpcflowlogs_us-east-1_fl-0123456789abcdef0_20210326T0335Z_1a2b3c4d.log.gz";
const KEY_TIME = Date.UTC(2021, 2, 26, 3, 35);

function objectText(section: Section, withHeader = true): string {
  return [...(withHeader ? [section.format] : []), ...section.records.map((r) => r.record)].join("\n") + "\n";
}

async function flowEvents(text: string | Buffer | Buffer[], options: { objectKey?: string; flowLogFormat?: string } = {}) {
  const result = await parseAll(text, { objectKey: FLOW_KEY, ...options });
  for (const event of result.events) expect(event.kind).toBe("flow");
  return { ...result, events: result.events as FlowEvent[] };
}

describe("VPC Flow Log records documented by AWS", () => {
  it("v2 default format: ACCEPT / REJECT, ICMP and IPv6 records", async () => {
    const { events, stats } = await flowEvents(objectText(DEFAULT_V2));
    expect(stats).toMatchObject({ kind: "VPC_FLOW_LOGS", records: 7, broken: 0 });
    expect(events[0]).toEqual({
      kind: "flow",
      time: 1418530010000,
      end: 1418530070000,
      accountId: "123456789010",
      region: "us-east-1",
      version: 2,
      interfaceId: "eni-1235b8ca123456789",
      srcAddr: "172.31.16.139",
      dstAddr: "172.31.16.21",
      srcPort: 20641,
      dstPort: 22,
      protocol: 6,
      packets: 20,
      bytes: 4249,
      action: "ACCEPT",
      logStatus: "OK",
      extra: {},
      origin: { object: FLOW_KEY, line: 2 },
    });
    expect(events[1]).toMatchObject({ srcAddr: "172.31.9.69", dstPort: 3389, action: "REJECT" });
    const icmp = events.filter((event) => event.protocol === 1);
    expect(icmp.map((event) => [event.srcAddr, event.dstAddr, event.action])).toEqual([
      ["203.0.113.12", "172.31.16.139", "ACCEPT"],
      ["172.31.16.139", "203.0.113.12", "REJECT"],
    ]);
    expect(events.at(-1)).toMatchObject({
      srcAddr: "2001:db8:1234:a100:8d6e:3477:df66:f105",
      dstAddr: "2001:db8:1234:a102:3304:8879:34cf:4071",
      dstPort: 22,
    });
  });

  it("drops NODATA records (counted, not emitted) and emits SKIPDATA records without addresses", async () => {
    const { events, stats } = await flowEvents(objectText(DEFAULT_V2));
    expect(stats.records).toBe(7);
    expect(stats.events).toBe(6);
    expect(events.some((event) => event.logStatus === "NODATA")).toBe(false);
    const skipped = events.filter((event) => event.logStatus === "SKIPDATA");
    expect(skipped).toHaveLength(1);
    expect(skipped[0]).toMatchObject({ interfaceId: "eni-11111111aaaaaaaaa", time: 1431280876000, end: 1431280934000 });
    expect(skipped[0].srcAddr).toBeUndefined();
    expect(skipped[0].action).toBeUndefined();
    expect(skipped[0].origin.line).toBe(5);
  });

  it("v3 custom format with TCP flags and packet addresses, including a record with a double space", async () => {
    const { events, stats } = await flowEvents(objectText(CUSTOM_V3));
    expect(stats).toMatchObject({ records: 8, events: 8, broken: 0 });
    expect(events.map((event) => event.tcpFlags)).toEqual([2, 18, 2, 18, 1, 1, 3, 19]);
    expect(events[0]).toMatchObject({
      version: 3,
      vpcId: "vpc-abcdefab012345678",
      subnetId: "subnet-aaaaaaaa012345678",
      instanceId: "i-01234567890123456",
      interfaceId: "eni-1235b8ca123456789",
      accountId: "123456789010",
      srcAddr: "52.213.180.42",
      dstAddr: "10.0.0.62",
      pktSrcAddr: "52.213.180.42",
      pktDstAddr: "10.0.0.62",
      srcPort: 43416,
      dstPort: 5001,
      bytes: 568,
      packets: 8,
      extra: { type: "IPv4" },
    });
    expect(events[7]).toMatchObject({ srcPort: 5001, dstPort: 43638, pktSrcAddr: "10.0.0.62", bytes: 967, packets: 14 });
  });

  it("NAT gateway custom format without version, account or times: filled from the format and the object key", async () => {
    const { events, stats } = await flowEvents(objectText(NAT_GATEWAY));
    expect(stats).toMatchObject({ records: 6, events: 6, broken: 0 });
    for (const event of events) {
      expect(event).toMatchObject({ version: 3, accountId: "123456789010", region: "us-east-1", time: KEY_TIME });
      expect(event.end).toBe(KEY_TIME);
    }
    expect(events[0]).toMatchObject({
      srcAddr: "10.0.1.5",
      dstAddr: "10.0.0.220",
      pktSrcAddr: "10.0.1.5",
      pktDstAddr: "203.0.113.5",
    });
    expect(events[0].instanceId).toBeUndefined();
    expect(events[4].instanceId).toBe("i-01234567890123456");
  });

  it("transit gateway custom format", async () => {
    const { events } = await flowEvents(objectText(TRANSIT_GATEWAY));
    expect(events.map((event) => [event.srcAddr, event.pktSrcAddr, event.tcpFlags])).toEqual([
      ["10.20.33.164", "10.20.33.164", 3],
      ["10.40.2.236", "10.40.2.236", 19],
      ["10.40.1.175", "10.20.33.164", 3],
      ["10.40.2.236", "10.40.2.236", 19],
    ]);
    expect(events[2].instanceId).toBeUndefined();
  });

  it("v5 format: direction, AWS service of the packet addresses, traffic path, region and location fields", async () => {
    const { events } = await flowEvents(objectText(CUSTOM_V5));
    expect(events[0]).toMatchObject({
      version: 5,
      accountId: "123456789012",
      region: "ap-southeast-2",
      flowDirection: "ingress",
      pktSrcAwsService: "S3",
      time: 1616729292000,
      end: 1616729349000,
      tcpFlags: 19,
      extra: { type: "IPv4", "az-id": "apse2-az3" },
    });
    expect(events[0].trafficPath).toBeUndefined();
    expect(events[0].pktDstAwsService).toBeUndefined();
    expect(events[1]).toMatchObject({ flowDirection: "egress", pktDstAwsService: "S3", trafficPath: 8 });
  });
});

// How each documented field shows in a FlowEvent, to compare what two layouts say about the same flow.
const EVENT_KEY_OF_FIELD: Record<string, keyof FlowEvent> = {
  version: "version",
  "account-id": "accountId",
  "interface-id": "interfaceId",
  srcaddr: "srcAddr",
  dstaddr: "dstAddr",
  srcport: "srcPort",
  dstport: "dstPort",
  protocol: "protocol",
  packets: "packets",
  bytes: "bytes",
  start: "time",
  end: "end",
  action: "action",
  "log-status": "logStatus",
  "vpc-id": "vpcId",
  "subnet-id": "subnetId",
  "instance-id": "instanceId",
  "tcp-flags": "tcpFlags",
  "pkt-srcaddr": "pktSrcAddr",
  "pkt-dstaddr": "pktDstAddr",
  region: "region",
  "pkt-src-aws-service": "pktSrcAwsService",
  "pkt-dst-aws-service": "pktDstAwsService",
  "flow-direction": "flowDirection",
  "traffic-path": "trafficPath",
};

describe("the same flow in different versions and field orders", () => {
  const layouts = [DEFAULT_V2.format, CUSTOM_V3.format, CUSTOM_V5.format].map((format) => format.split(" "));

  it("normalizes every documented record to the same fields in every layout that carries them", async () => {
    for (const section of SECTIONS) {
      const sourceFields = section.format.split(" ");
      const { events: originals } = await flowEvents(objectText(section));
      const values = section.records
        .map((r) => r.record.trim().split(/\s+/))
        .filter((record) => record[sourceFields.indexOf("log-status")] !== "NODATA");
      for (const targetFields of [...layouts, [...sourceFields].reverse()]) {
        const rewritten = [
          targetFields.join(" "),
          ...values.map((record) => targetFields.map((field) => record[sourceFields.indexOf(field)] ?? "-").join(" ")),
        ].join("\n");
        const { events, stats } = await flowEvents(rewritten);
        expect(stats.broken).toBe(0);
        expect(events).toHaveLength(originals.length);
        const shared = sourceFields.filter((field) => targetFields.includes(field) && field in EVENT_KEY_OF_FIELD);
        expect(shared.length).toBeGreaterThan(0);
        events.forEach((event, index) => {
          for (const field of shared) {
            const key = EVENT_KEY_OF_FIELD[field];
            expect([section.format, field, event[key]]).toEqual([section.format, field, originals[index][key]]);
          }
        });
      }
    }
  });

  it("reads the documented v5 records identically from a header, from a declared format and from the default order", async () => {
    const withHeader = await flowEvents(objectText(CUSTOM_V5));
    const declared = await flowEvents(objectText(CUSTOM_V5, false), { flowLogFormat: CUSTOM_V5.format });
    const awsSyntax = CUSTOM_V5.format
      .split(" ")
      .map((field) => `\${${field}}`)
      .join(" ");
    const declaredAwsSyntax = await flowEvents(objectText(CUSTOM_V5, false), { flowLogFormat: awsSyntax });
    expect(withoutOrigin(declared.events)).toEqual(withoutOrigin(withHeader.events));
    expect(withoutOrigin(declaredAwsSyntax.events)).toEqual(withoutOrigin(withHeader.events));
    expect(declared.events[0].origin.line).toBe(1);
    expect(withHeader.events[0].origin.line).toBe(2);

    const headerless = await flowEvents(objectText(DEFAULT_V2, false));
    const headed = await flowEvents(objectText(DEFAULT_V2));
    expect(withoutOrigin(headerless.events)).toEqual(withoutOrigin(headed.events));
  });
});

describe("flow log objects as they come", () => {
  it("reads gzip, CRLF line endings and any chunking alike", async () => {
    const text = objectText(CUSTOM_V3);
    const plain = await flowEvents(text);
    const gzipped = await flowEvents(chunked(gzipSync(text.replace(/\n/g, "\r\n")), [7]));
    const byteByByte = await flowEvents(chunked(text, [1]));
    expect(gzipped.events).toEqual(plain.events);
    expect(byteByByte.events).toEqual(plain.events);
  });

  it("keeps unknown and newer fields in extra, by their AWS name", async () => {
    const text = [
      "version account-id interface-id srcaddr dstaddr start end ecs-cluster-name reject-reason future-field",
      "8 123456789010 eni-1 10.0.0.1 10.0.0.2 1616729292 1616729349 web-cluster BPA something-new",
    ].join("\n");
    const { events } = await flowEvents(text);
    expect(events[0]).toMatchObject({
      version: 8,
      extra: { "ecs-cluster-name": "web-cluster", "reject-reason": "BPA", "future-field": "something-new" },
    });
  });

  it("counts broken lines with their line numbers and reads on", async () => {
    const text = [
      DEFAULT_V2.format,
      DEFAULT_V2.records[0].record,
      "2 123456789010 eni-1 10.0.0.1 10.0.0.2 http 22 6 20 4249 1418530010 1418530070 ACCEPT OK",
      "2 123456789010 eni-1 10.0.0.1",
      "2 123456789010 eni-1 10.0.0.1 10.0.0.2 1 22 6 20 4249 1418530010 1418530070 MAYBE OK",
      "",
      DEFAULT_V2.records[1].record,
    ].join("\n");
    const { events, stats } = await flowEvents(text);
    expect(events.map((event) => event.origin.line)).toEqual([2, 7]);
    expect(stats).toMatchObject({ records: 5, events: 2, broken: 3 });
    expect(stats.errors).toEqual([
      { line: 3, message: 'srcport "http" is not a number' },
      { line: 4, message: "expected 14 fields, found 4" },
      { line: 5, message: 'action "MAYBE" is not ACCEPT or REJECT' },
    ]);
  });

  it("reads a line straight as it reads its values split on spaces, whatever the values", () => {
    const layout = new FlowRecordLayout(parseFormatString(CUSTOM_V5.format));
    const record = CUSTOM_V5.records[0].record.split(" ");
    const variants = [["0007", "+5", "0x1F", "1e3", "", "-3", "12345678901234567890", "1.5", " 7", "Infinity", "-"], ["eni-a", "eni-b", "eni-a", "-", "unknown"]];
    const numericAt = layout.fields.indexOf("srcport");
    const textAt = layout.fields.indexOf("interface-id");
    const actionAt = layout.fields.indexOf("action");
    const lines = [
      ...variants[0].map((value) => record.map((field, i) => (i === numericAt ? value : field))),
      ...variants[1].map((value) => record.map((field, i) => (i === textAt || i === layout.fields.indexOf("account-id") ? value : field))),
      ...["ACCEPT", "REJECT", "ACCEPTED", "-"].map((value) => record.map((field, i) => (i === actionAt ? value : field))),
    ].map((values) => values.join(" "));
    const origin = { object: "o", line: 1 };
    for (const line of lines) {
      const values = line.split(" ");
      // Lines of another number of single-space separated values are left to the reader's split on any blanks.
      // The line sits between others, as in a chunk: the spaces of the lines around it are not its own.
      const before = "a b\n";
      const text = `${before}${line}\nc d e`;
      expect(layout.fromLine(text, before.length, before.length + line.length, origin, {})).toEqual(values.length === layout.fieldCount ? layout.toEvent(values, origin, {}) : undefined);
    }
  });

  it("switches field order at a header found further down (objects concatenated into one file)", async () => {
    const text = objectText(DEFAULT_V2) + objectText(CUSTOM_V5);
    const { events, stats } = await flowEvents(text);
    expect(stats.broken).toBe(0);
    expect(events.filter((event) => event.version === 5)).toHaveLength(2);
  });

  it("uses the account hint for records AWS marks 'unknown' or that have no account field", async () => {
    const unknown = DEFAULT_V2.records[0].record.replace("123456789010", "unknown");
    const hinted = await parseAll(unknown, { objectKey: "flows.log", accountIdHint: "999988887777" });
    expect(hinted.events[0].accountId).toBe("999988887777");
    const unhinted = await parseAll(unknown, { objectKey: "flows.log" });
    expect(unhinted.events[0].accountId).toBe("unknown");
    const noAccount = await parseAll(objectText(NAT_GATEWAY), { objectKey: "flows.log" });
    expect(noAccount.stats.broken).toBe(6);
    expect(noAccount.stats.errors[0].message).toMatch(/no start time|no account id/);
  });

  it("raises LogObjectError for what is not a flow log, and for Parquet", async () => {
    await expect(parseAll("hello world\nthis is text\n", { objectKey: "notes.txt", kind: "VPC_FLOW_LOGS" })).rejects.toThrow(
      LogObjectError,
    );
    const parquet = Buffer.concat([Buffer.from("PAR1"), Buffer.alloc(64)]);
    await expect(parseAll(parquet, { objectKey: "flows.parquet" })).rejects.toThrow(/Parquet flow logs are not supported/);
  });
});
