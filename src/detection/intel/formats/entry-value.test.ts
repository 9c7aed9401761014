import { parseEntryValue } from "./entry-value.js";

describe("parseEntryValue", () => {
  it.each([
    ["198.51.100.7", { value: "198.51.100.7", kind: "ipv4" }],
    [" 198.51.100.7 ", { value: "198.51.100.7", kind: "ipv4" }],
    ["2001:0470:0001:0908:0000:0000:0000:9001", { value: "2001:470:1:908::9001", kind: "ipv6" }],
    ["[2001:db8::1]", { value: "2001:db8::1", kind: "ipv6" }],
    ["::ffff:198.51.100.7", { value: "198.51.100.7", kind: "ipv4" }],
    ["203.0.113.0/24", { value: "203.0.113.0/24", kind: "cidr4" }],
    ["203.0.113.77/24", { value: "203.0.113.0/24", kind: "cidr4" }],
    ["203.0.113.77/32", { value: "203.0.113.77", kind: "ipv4" }],
    ["2001:DB8:0:0:1::/64", { value: "2001:db8::/64", kind: "cidr6" }],
    ["2001:db8::1/128", { value: "2001:db8::1", kind: "ipv6" }],
    ["::ffff:203.0.113.0/120", { value: "203.0.113.0/24", kind: "cidr4" }],
    ["Evil.Example.COM.", { value: "evil.example.com", kind: "domain" }],
    ["*.example.com", { value: "*.example.com", kind: "wildcard" }],
    ["evil[.]example[.]com", { value: "evil.example.com", kind: "domain" }],
    ["hxxp://evil.example.com/path?q=1", { value: "evil.example.com", kind: "domain" }],
    ["https://198.51.100.7:8443/x", { value: "198.51.100.7", kind: "ipv4" }],
    ["http://[2001:db8::5]/", { value: "2001:db8::5", kind: "ipv6" }],
  ])("normalizes %p", (text, expected) => {
    expect(parseEntryValue(text)).toEqual(expected);
  });

  it.each([
    ["999.1.1.1", "octet 999 is out of range"],
    ["1.2.3", "3 parts instead of 4"],
    ["010.1.1.1", "leading zero"],
    ["1.2.3.4/40", "prefix /40 is out of range 0-32"],
    ["2001:db8::/129", "prefix /129 is out of range 0-128"],
    ["1.2.3.4/x", "prefix length is not a number"],
    ["300.1.1.0/24", "invalid CIDR: invalid IPv4 address"],
    ["2001:db8:::1", "invalid IPv6 address"],
    ["fe80::1%eth0", "zone ids"],
    ["198.51.100.7:443", "a port is not supported"],
    ["evil.example.com:8080", "a port is not supported"],
    ["[2001:db8::1]:443", "a port is not supported"],
    ["http://", "invalid URL"],
    ["", "empty value"],
    ["not a domain", "invalid domain name"],
  ])("rejects %p with a reason", (text, reason) => {
    expect(parseEntryValue(text)).toEqual({ reason: expect.stringContaining(reason) });
  });
});
