import { consoleSecurityPolicy } from "../../src/http/console-route";

describe("the console's Content-Security-Policy", () => {
  it("allows this host's WebSocket and nothing inline", () => {
    const policy = consoleSecurityPolicy("127.0.0.1:4000");
    expect(policy).toContain("connect-src 'self' ws://127.0.0.1:4000 wss://127.0.0.1:4000");
    expect(policy).toContain("script-src 'self';");
    expect(policy).not.toMatch(/unsafe-|\*/);
  });

  it.each([["evil.example; script-src *"], ["a b"], ["host:4000/path"], [""]])("reflects no Host header that is not a plain host[:port] (%j)", (host) => {
    const policy = consoleSecurityPolicy(host);
    expect(policy).toContain("connect-src 'self';");
    expect(policy).not.toContain(host || "ws:");
  });

  it("accepts an IPv6 literal with a port", () => {
    expect(consoleSecurityPolicy("[::1]:4000")).toContain("ws://[::1]:4000");
  });
});
