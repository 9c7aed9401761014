/** Remembered window keys must be the keys built from each query, whatever the order sources, accounts and windows come in. */
import type { DnsEvent } from "../../../events.js";
import { windowStart } from "../../../engine/windows.js";
import { dnsEvent } from "../../../testing/dns-records.js";
import { querySource } from "./dns-candidate.js";
import { QueryWindowKeys } from "./query-window-keys.js";

const WINDOW_MS = 15 * 60_000;
const START = Date.UTC(2026, 0, 1);

function built(event: DnsEvent, part?: string): string {
  const key = `${windowStart(event.time, WINDOW_MS)}|${event.accountId}|${querySource(event)}`;
  return part === undefined ? key : `${key}|${part}`;
}

/** Queries from `sources` instances (the last ones by address only), two accounts, over three windows, in a scrambled order. */
function queries(count: number, sources: number): Array<{ event: DnsEvent; part: string }> {
  const template = dnsEvent({ name: "a.example.com" });
  return Array.from({ length: count }, (_, i) => {
    const source = (i * 7919) % sources;
    const byAddress = source % 5 === 0;
    const event: DnsEvent = {
      ...template,
      time: START + ((i * 104_729) % (3 * WINDOW_MS)),
      accountId: i % 3 === 0 ? "111122223333" : "444455556666",
      instanceId: byAddress ? undefined : `i-${source}`,
      srcAddr: `10.0.${source % 250}.${source % 7}`,
    };
    return { event, part: `domain-${i % 11}.com` };
  });
}

describe("QueryWindowKeys", () => {
  it("gives the key built from the query, with and without a part, for interleaved sources, accounts and windows", () => {
    const keys = new QueryWindowKeys(WINDOW_MS);
    for (const { event, part } of queries(5000, 40)) {
      expect(keys.key(event)).toBe(built(event));
      expect(keys.keyWith(event, part)).toBe(built(event, part));
    }
  });

  it("still gives the built keys once it has more sources than it remembers and starts over", () => {
    const keys = new QueryWindowKeys(WINDOW_MS);
    const wrong = queries(20_000, 9000).filter(({ event, part }) => keys.keyWith(event, part) !== built(event, part) || keys.key(event) !== built(event));
    expect(wrong).toEqual([]);
  });
});
