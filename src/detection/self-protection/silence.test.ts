import { formatDuration, silenceOf, usualInterval } from "./silence.js";

const MINUTE = 60_000;
const start = Date.UTC(2026, 11, 1, 12, 0, 0);

/** Objects every `everyMinutes`, `count` deliveries of `perDelivery` objects each (processed a second apart). */
function deliveries(count: number, everyMinutes: number, perDelivery = 1): number[] {
  return Array.from({ length: count }, (_, i) => Array.from({ length: perDelivery }, (_, j) => start + i * everyMinutes * MINUTE + j * 1000)).flat();
}

describe("usualInterval", () => {
  it("is the median time between deliveries, objects of one listing counting once", () => {
    expect(usualInterval({ pollIntervalSeconds: 60, processedAt: deliveries(10, 5, 3) })).toBe(5 * MINUTE);
  });

  it("is never shorter than the poll interval", () => {
    expect(usualInterval({ pollIntervalSeconds: 600, processedAt: deliveries(10, 6) })).toBe(10 * MINUTE);
  });

  it("is unknown with too few deliveries, or when the source delivers less than hourly", () => {
    expect(usualInterval({ pollIntervalSeconds: 60, processedAt: deliveries(5, 5) })).toBeNull();
    expect(usualInterval({ pollIntervalSeconds: 60, processedAt: deliveries(10, 90) })).toBeNull();
    // A backfill read in one go is one delivery, not a rhythm.
    expect(usualInterval({ pollIntervalSeconds: 60, processedAt: deliveries(1, 5, 500) })).toBeNull();
  });
});

describe("silenceOf", () => {
  const activity = { pollIntervalSeconds: 60, processedAt: deliveries(12, 5) };
  const last = start + 11 * 5 * MINUTE;

  it("is a silence once nothing came for more than the multiple of the usual interval", () => {
    expect(silenceOf(activity, last + 51 * MINUTE, 10)).toEqual({ usualIntervalMs: 5 * MINUTE, lastObjectAt: last, silentForMs: 51 * MINUTE });
  });

  it("is no silence within the multiple", () => {
    expect(silenceOf(activity, last + 49 * MINUTE, 10)).toBeNull();
    expect(silenceOf(activity, last + 49 * MINUTE, 20)).toBeNull();
  });
});

describe("formatDuration", () => {
  it("reads as minutes, hours or days", () => {
    expect([formatDuration(50 * MINUTE), formatDuration(130 * MINUTE), formatDuration(76 * 60 * MINUTE)]).toEqual(["50 min", "2 h 10 min", "3 d 4 h"]);
  });
});
