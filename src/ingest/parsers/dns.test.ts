import { gzipSync } from "node:zlib";
import type { DnsEvent } from "../../detection/events.js";
import { LogObjectError } from "./index.js";
import { chunked, fixtureJson, parseAll, withoutOrigin } from "./test-helpers.js";

type Record53 = Record<string, any>;
const [DOCUMENTED] = fixtureJson<{ records: Record53[] }>("aws-docs-route53-resolver-query-log-example.json").records;

async function dnsEvents(text: string | Buffer | Buffer[], options: { accountIdHint?: string } = {}) {
  const result = await parseAll(text, { objectKey: "resolver.log", ...options });
  for (const event of result.events) expect(event.kind).toBe("dns");
  return { ...result, events: result.events as DnsEvent[] };
}

describe("Route 53 Resolver query logs", () => {
  it("maps the documented record", async () => {
    const { events, stats } = await dnsEvents(JSON.stringify(DOCUMENTED) + "\n");
    expect(stats).toMatchObject({ kind: "DNS_QUERY_LOGS", records: 1, events: 1, broken: 0 });
    expect(events[0]).toEqual({
      kind: "dns",
      time: Date.parse("2021-02-04T17:51:55Z"),
      accountId: "111122223333",
      region: "us-east-1",
      vpcId: "vpc-7example",
      queryName: "15.3.4.32.in-addr.arpa",
      queryType: "PTR",
      queryClass: "IN",
      rcode: "NOERROR",
      answers: [{ type: "PTR", data: "203.0.113.9", class: "IN" }],
      srcAddr: "4.5.64.102",
      srcPort: 56067,
      transport: "UDP",
      instanceId: "i-0d15cd0d3example",
      resolverEndpointId: undefined,
      raw: DOCUMENTED,
      origin: { object: "resolver.log", line: 1 },
    });
  });

  it("gives the same events from JSON lines, a JSON array, a pretty-printed record and gzip, in any chunking", async () => {
    const second = {
      ...DOCUMENTED,
      query_name: "Example.COM.",
      query_type: "A",
      srcids: { resolver_endpoint: "rslvr-in-0123456789abcdef" },
    };
    const lines = await dnsEvents(`${JSON.stringify(DOCUMENTED)}\n${JSON.stringify(second)}\n`);
    expect(lines.events.map((event) => event.queryName)).toEqual(["15.3.4.32.in-addr.arpa", "example.com"]);
    expect(lines.events[1]).toMatchObject({ resolverEndpointId: "rslvr-in-0123456789abcdef", instanceId: undefined });
    const shapes = [
      JSON.stringify([DOCUMENTED, second], null, 1),
      `${JSON.stringify(DOCUMENTED, null, 2)}\n${JSON.stringify(second, null, 2)}\n`,
    ];
    for (const text of shapes) {
      expect(withoutOrigin((await dnsEvents(text)).events)).toEqual(withoutOrigin(lines.events));
      expect(withoutOrigin((await dnsEvents(chunked(gzipSync(text), [3]))).events)).toEqual(withoutOrigin(lines.events));
    }
  });

  it("accepts exporters' variants: a single answer object, no answers, a time without zone", async () => {
    const flattened = {
      account_id: "0123456789",
      answers: { Class: "IN", Rdata: "1.2.3.4", Type: "A" },
      query_class: "IN",
      query_name: "moneropool.ru.",
      query_timestamp: "2022-06-25 00:27:53",
      query_type: "A",
      rcode: "NOERROR",
      srcaddr: "5.6.7.8",
      srcport: "8888",
    };
    const { answers: _none, ...unanswered } = flattened;
    const { events } = await dnsEvents([flattened, unanswered].map((r) => JSON.stringify(r)).join("\n"));
    expect(events[0]).toMatchObject({
      time: Date.UTC(2022, 5, 25, 0, 27, 53),
      queryName: "moneropool.ru",
      answers: [{ type: "A", data: "1.2.3.4", class: "IN" }],
      srcPort: 8888,
    });
    expect(events[1].answers).toEqual([]);
  });

  it("counts records without a query name, time or account as broken, and uses the account hint", async () => {
    const { account_id: _a, ...noAccount } = DOCUMENTED;
    const { query_name: _q, ...noName } = DOCUMENTED;
    const text = [JSON.stringify(DOCUMENTED), JSON.stringify(noName), JSON.stringify({ ...DOCUMENTED, query_timestamp: "soon" }), JSON.stringify(noAccount)].join("\n");
    const { events, stats } = await dnsEvents(text);
    expect(events.map((event) => event.origin.line)).toEqual([1]);
    expect(stats).toMatchObject({ records: 4, events: 1, broken: 3 });
    expect(stats.errors.map((error) => error.line)).toEqual([2, 3, 4]);
    const hinted = await dnsEvents(JSON.stringify(noAccount), { accountIdHint: "444455556666" });
    expect(hinted.events[0].accountId).toBe("444455556666");
  });

  it("rejects a declared DNS object that holds something else", async () => {
    await expect(parseAll('{"foo":1}', { objectKey: "x", kind: "DNS_QUERY_LOGS" })).rejects.toThrow(LogObjectError);
  });
});
