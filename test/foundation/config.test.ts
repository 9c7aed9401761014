import path from "node:path";
import { ConfigError, loadSettings } from "../../src/config";

describe("configuration", () => {
  it("gives sensible local defaults when nothing is set", () => {
    const settings = loadSettings({});
    expect(settings.databaseUrl).toBeUndefined();
    expect(settings.redisUrl).toBeUndefined();
    expect(settings.embeddedRedisPort).toBe(63799);
    expect(settings.port).toBe(4000);
    expect(settings.host).toBe("127.0.0.1");
    expect(settings.dataDir).toBe(path.resolve(".data"));
    expect(settings.queuePrefix).toBe("{vigil}");
  });

  it("reads and coerces the environment", () => {
    const settings = loadSettings({
      DATABASE_URL: "postgresql://vigil@db.internal:5432/vigil",
      REDIS_URL: "rediss://cache.internal:6380",
      PORT: "8080",
      VIGIL_OPERATOR_TOKEN: "x".repeat(32),
    });
    expect(settings.databaseUrl).toBe("postgresql://vigil@db.internal:5432/vigil");
    expect(settings.redisUrl).toBe("rediss://cache.internal:6380");
    expect(settings.port).toBe(8080);
    expect(settings.operatorToken).toBe("x".repeat(32));
  });

  it("reads the trusted account ids, none by default", () => {
    expect(loadSettings({}).trustedAccountIds).toEqual([]);
    expect(loadSettings({ VIGIL_TRUSTED_ACCOUNT_IDS: " 111122223333, 444455556666 ," }).trustedAccountIds).toEqual(["111122223333", "444455556666"]);
  });

  it("reads the silence multiple of self-protection, 10 by default, refusing one below 2", () => {
    expect(loadSettings({}).silenceMultiple).toBe(10);
    expect(loadSettings({ VIGIL_SILENCE_MULTIPLE: "4" }).silenceMultiple).toBe(4);
    expect(() => loadSettings({ VIGIL_SILENCE_MULTIPLE: "1" })).toThrow(/VIGIL_SILENCE_MULTIPLE/);
  });

  it("treats an empty variable as unset", () => {
    expect(loadSettings({ DATABASE_URL: "", PORT: "" }).port).toBe(4000);
  });

  it.each([
    ["PORT", "eighty", /PORT/],
    ["PORT", "70000", /PORT/],
    ["DATABASE_URL", "mysql://localhost/x", /DATABASE_URL/],
    ["REDIS_URL", "not a url", /REDIS_URL/],
    ["VIGIL_OPERATOR_TOKEN", "short", /VIGIL_OPERATOR_TOKEN: must be at least 24 characters/],
    ["LOG_LEVEL", "loud", /LOG_LEVEL/],
    ["VIGIL_TRUSTED_ACCOUNT_IDS", "111122223333,12345", /VIGIL_TRUSTED_ACCOUNT_IDS: must be comma-separated 12-digit AWS account ids/],
  ])("rejects %s=%s with a message naming the variable", (name, value, message) => {
    expect(() => loadSettings({ [name]: value })).toThrow(ConfigError);
    expect(() => loadSettings({ [name]: value })).toThrow(message);
  });
});
