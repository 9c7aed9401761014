import { gzipSync } from "node:zlib";
import { streamedLogBody, streamedObjectText } from "./streamed-log-body";

const subscription = (messages: string[], messageType = "DATA_MESSAGE") =>
  gzipSync(JSON.stringify({ messageType, owner: "111122223333", logGroup: "trail", logStream: "s", subscriptionFilters: ["f"], logEvents: messages.map((message, i) => ({ id: `${i}`, timestamp: 0, message })) }));
const event = (id: string) => JSON.stringify({ eventID: id, eventName: "StopLogging" });

describe("streamed records as one log object", () => {
  it("takes CloudTrail events from subscription messages, once per eventID, and ignores control messages", async () => {
    const body = await streamedLogBody([subscription([event("a"), event("b")]), subscription(["CWL CONTROL MESSAGE"], "CONTROL_MESSAGE"), subscription([event("a")])], { kind: "CLOUD_TRAIL", maxDecodedBytes: 1 << 20 });
    expect(body.lines.map((line) => line.eventId)).toEqual(["a", "b"]);
    expect(streamedObjectText(body, new Set(["a"]))).toBe(event("b"));
    expect(streamedObjectText(body, new Set(["a", "b"]))).toBeNull();
  });

  it("keeps undecodable records as lines after the readable ones, and puts the format's header above flow-log lines", async () => {
    const flows = await streamedLogBody([Buffer.from("2 1 eni-1 10.0.0.1 10.0.0.2 1 2 6 1 1 1 2 ACCEPT OK\n"), null, gzipSync("not json")], { kind: "VPC_FLOW_LOGS", flowLogFormat: "version account-id", maxDecodedBytes: 1 << 20 });
    const lines = streamedObjectText(flows, new Set())!.split("\n");
    expect(lines[0]).toBe("version account-id");
    expect(lines[1]).toMatch(/^2 1 eni-1/);
    expect(lines.slice(2).map((line) => JSON.parse(line).reason)).toEqual(["its data is not base64", "not JSON"]);
  });

  it("stops inflating at the limit, across records: a record past it is broken, the records after it are still read", async () => {
    const half = subscription([" ".repeat(600 * 1024)]);
    const body = await streamedLogBody([half, half, subscription([event("a")])], { kind: "CLOUD_TRAIL", maxDecodedBytes: 1 << 20 });
    // The first message's blank line is unreadable as JSON, so it goes after the events.
    expect(body.lines.map((line) => line.eventId)).toEqual(["a", undefined]);
    expect(body.broken.map((line) => JSON.parse(line))).toEqual([{ undecodableRecord: 1, reason: expect.stringMatching(/inflates past the 1048576 bytes/) }]);
    // 64 MB of zeros in 64 KB of gzip: refused without inflating it all.
    const bomb = await streamedLogBody([gzipSync(Buffer.alloc(64 << 20))], { kind: "CLOUD_TRAIL", maxDecodedBytes: 1 << 20 });
    expect(bomb.broken).toHaveLength(1);
  });
});
