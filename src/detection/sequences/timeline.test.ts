import type { Signal } from "./signal.js";
import { MAX_DESCRIPTION, timeline } from "./timeline.js";

function signal(time: string, summary: string): Signal {
  return {
    id: summary, type: "CLOUD_TRAIL", name: "x", tactic: "Discovery", stage: 1, severity: 1, accountId: "111122223333", region: "eu-west-1",
    firstSeen: Date.parse(time), lastSeen: Date.parse(time), count: 1, summary, actor: {}, resources: [], eventIds: [], object: "o",
  };
}

describe("timeline", () => {
  it("writes each step at its UTC minute, and the date again when the story crosses midnight", () => {
    const text = timeline([signal("2026-03-01T23:58:10Z", "read 2 secrets"), signal("2026-03-02T00:03:00Z", "stopped trail main")], "alice");
    expect(text).toBe("alice: 2026-03-01 23:58 read 2 secrets; 2026-03-02 00:03 stopped trail main.");
  });

  it("keeps the beginning of a long story within GuardDuty's 4,096 characters and says how much is left out", () => {
    const many = Array.from({ length: 400 }, (_, i) => signal(new Date(Date.parse("2026-03-01T12:00:00Z") + i * 1000).toISOString(), `created access key for user user-number-${i}`));
    const text = timeline(many, "alice");
    expect(text.length).toBeLessThanOrEqual(MAX_DESCRIPTION);
    expect(text).toMatch(/^alice: 2026-03-01 12:00 created access key for user user-number-0; /);
    expect(text).toMatch(/; … and \d+ more\.$/);
  });
});
