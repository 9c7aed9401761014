import type { ListEntry } from "../intel/formats/types.js";
import { trustedReach } from "./trusted-reach.js";

const entry = (value: string, kind: ListEntry["kind"]): ListEntry => ({ value, kind });

describe("trustedReach", () => {
  it("names public networks wider than a /16 (IPv6: a /32), not private ones or narrower ones", () => {
    const entries = [entry("10.0.0.0/8", "cidr4"), entry("0.0.0.0/0", "cidr4"), entry("52.0.0.0/15", "cidr4"), entry("52.10.0.0/16", "cidr4"), entry("2600::/16", "cidr6"), entry("2600:1f00::/32", "cidr6")];
    expect(trustedReach(entries, []).broadNetworks).toEqual(["0.0.0.0/0", "52.0.0.0/15", "2600::/16"]);
  });

  it("names the public addresses of current findings the list now trusts, by network or by address", () => {
    const entries = [entry("93.184.216.0/24", "cidr4"), entry("8.8.4.4", "ipv4"), entry("10.0.0.0/8", "cidr4"), entry("2600:1f00::/32", "cidr6")];
    const reach = trustedReach(entries, ["93.184.216.34", "8.8.4.4", "8.8.8.8", "10.1.2.3", "2600:1f00::5", "1.1.1.1", "not an address"]);
    // 10.1.2.3 is private: lists never apply to it, trusting it changes nothing.
    expect(reach.coveredFindingAddresses).toEqual(["2600:1f00::5", "8.8.4.4", "93.184.216.34"]);
  });
});
