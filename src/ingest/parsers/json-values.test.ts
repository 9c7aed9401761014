/** isoTime reads AWS's own time form without Date.parse: it must give Date.parse's value for every such string. */
import { isoTime } from "./json-values.js";

const pad = (value: number, width: number) => String(value).padStart(width, "0");

function awsForm(year: number, month: number, day: number, hour: number, minute: number, second: number, millisecond: number): string {
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}T${pad(hour, 2)}:${pad(minute, 2)}:${pad(second, 2)}.${pad(millisecond, 3)}Z`;
}

function asDateParse(value: string): number | undefined {
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : time;
}

describe("isoTime", () => {
  it("agrees with Date.parse on AWS's form, fields in range, out of range and rolling over (February 30th)", () => {
    const values: string[] = [];
    for (const year of [999, 1000, 1970, 2024, 2026, 9999])
      for (let month = 0; month <= 13; month++)
        for (const day of [0, 1, 28, 29, 30, 31, 32])
          for (const [hour, minute, second] of [[0, 0, 0], [23, 59, 59], [24, 0, 0], [12, 60, 0], [12, 0, 60]])
            values.push(awsForm(year, month, day, hour, minute, second, 7));
    expect(values.filter((value) => isoTime(value) !== asDateParse(value))).toEqual([]);
  });

  it.each([
    "2026-11-01T00:00:00.00xZ",
    "2026-11-01T0a:00:00.000Z",
    "2026-11-01T00:00:00.000z",
    "2026-11-01 00:00:00.000Z",
    "+2026-11-01T00:00:00.00Z",
  ])("reads %s, which is not AWS's form, as Date.parse does", (value) => {
    expect(isoTime(value)).toBe(asDateParse(value));
  });

  it("still reads a time without a zone as UTC", () => {
    expect(isoTime("2022-06-25 00:27:53")).toBe(Date.UTC(2022, 5, 25, 0, 27, 53));
  });
});
