import { readFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { PROJECT_ROOT } from "../../paths.js";

const FIXTURES = path.join(PROJECT_ROOT, "test", "fixtures", "detection");

/** A JSON fixture from test/fixtures/detection (README.md there gives origin and licence). */
export function readFixture<T>(name: string): T {
  return JSON.parse(readFileSync(path.join(FIXTURES, name), "utf8")) as T;
}

/** A gzip'd JSON-lines fixture, one record per line. */
export function readJsonLinesFixture<T>(name: string): T[] {
  const text = gunzipSync(readFileSync(path.join(FIXTURES, name))).toString("utf8");
  return text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as T);
}

export type PantherCase = {
  rule_id: string;
  test_name: string;
  expected_result: boolean;
  guardduty_analog: string | null;
  guardduty_analog_strength: string | null;
  log: Record<string, unknown>;
};

