import { flowEvents, INDICATORS, listContext, runWindows, typesOf, v2 } from "../../../testing/flow-records.js";
import { torRelayRule } from "./rule.js";

const rule = torRelayRule();
const RELAY = "10.0.1.5";
const EXITS = INDICATORS.torExits.filter((address) => !address.includes(":"));
const tor = (i: number) => EXITS[i - 1];
const context = listContext({ feeds: [{ category: "TOR_EXIT", entries: EXITS, name: "Tor exit nodes" }] });

const inbound = (i: number, action: "ACCEPT" | "REJECT" = "ACCEPT") => v2({ src: tor(i), dst: RELAY, srcPort: 40000 + i, dstPort: 9001, packets: 400, bytes: 300_000, action });
const outbound = (i: number) => v2({ src: RELAY, dst: tor(i), srcPort: 50000 + i, dstPort: 9001, packets: 300, bytes: 200_000 });

describe("UnauthorizedAccess:EC2/TorRelay", () => {
  it("raises when the instance accepts connections from Tor nodes and opens connections to others", async () => {
    const found = await runWindows([rule], [flowEvents([inbound(1), inbound(2), outbound(4)]), flowEvents([inbound(3), outbound(5), outbound(6)])], context);
    expect(typesOf(found)).toEqual(["UnauthorizedAccess:EC2/TorRelay"]);
    expect(found[0].action).toMatchObject({ connectionDirection: "INBOUND", localPort: 9001 });
    expect(found[0].additionalInfo).toEqual({ inboundTorPeers: 3, outboundTorPeers: 3 });
  });

  it("raises nothing for a Tor client, a website visited through Tor, refused connections, or unlisted peers", async () => {
    const client = [outbound(1), outbound(2), outbound(3), outbound(4)];
    const website = [1, 2, 3, 4, 5].map((i) => v2({ src: tor(i), dst: RELAY, srcPort: 40000 + i, dstPort: 443, packets: 20, bytes: 9000 }));
    const refused = [inbound(1, "REJECT"), inbound(2, "REJECT"), inbound(3, "REJECT"), outbound(4), outbound(5), outbound(6)];
    for (const lines of [client, website, refused]) expect(await runWindows([rule], [flowEvents(lines)], context)).toEqual([]);
    expect(await runWindows([rule], [flowEvents([inbound(1), inbound(2), inbound(3), outbound(4), outbound(5), outbound(6)])])).toEqual([]);
  });
});
