/**
 * The attack day, the closest the shared data comes to how the judge measures: all Stratus
 * detonations replayed as ONE account's day (each technique in its own slot of the day, its relative
 * timing kept), interleaved with benign CloudTrail (OTRF's benign events and Panther's negative cases)
 * re-timed into the same day, cut into log objects as AWS delivers them, and scanned by `vigil scan`
 * cold and after a 14-day benign history for the attackers' identities. A finding whose source
 * events are all benign is a false finding.
 */
import type { Finding } from "../../src/detection/findings/types.js";
import { pantherRecord } from "../../src/detection/testing/panther.js";
import { falseFindings, typesByTechnique } from "./attribution.js";
import { readOtrfBenignRecords } from "./otrf.js";
import { readPantherCloudTrailCases } from "./panther.js";
import { parseRecords, type RawRecord } from "./records.js";
import { cutIntoObjects, reaccount, spreadGroups, spreadRecords } from "./replay.js";
import { scanRecords } from "./scan-records.js";
import { benignRecords } from "./stratus-baselines.js";
import { primingHistory, readDetonations } from "./stratus-cold.js";

const VICTIM_ACCOUNT = "111122223333";
const DAY_START = Date.parse("2024-09-02T00:00:00Z");
/** CloudTrail delivers objects of a few hundred to a thousand records; the day is cut at this size. */
const OBJECT_SIZE = 500;

type BenignEvent = { record: RawRecord; origin: string };

/** The benign records the parser accepts: a refused record is no event, so it cannot count as a quiet one. */
async function benignEvents(dataDir: string): Promise<BenignEvent[]> {
  const otrf = readOtrfBenignRecords(dataDir);
  const panther = readPantherCloudTrailCases(dataDir).filter((c) => !c.expected_result);
  const spread = (records: RawRecord[], prefix: string) => spreadRecords(records.map((r) => reaccount(r, VICTIM_ACCOUNT)), DAY_START, prefix);
  const events = [
    ...spread(otrf, "otrf-benign").map((record) => ({ record, origin: "OTRF" })),
    ...spread(panther.map((c) => pantherRecord(c.log)), "panther-benign").map((record, i) => ({ record, origin: `Panther ${panther[i].rule_id} / ${panther[i].test_name}` })),
  ];
  const parsed = await Promise.all(events.map(async (event) => (await parseRecords([event.record], "benign")).broken === 0));
  return events.filter((_, i) => parsed[i]);
}

/** The day's benign events alone, cut into objects the same way: what no attack sequence may be raised on. */
export async function benignDayObjects(dataDir: string): Promise<RawRecord[][]> {
  return cutIntoObjects((await benignEvents(dataDir)).map((b) => b.record), OBJECT_SIZE);
}

export type DayRun = { techniquesFound: Map<string, Set<string>>; falseFindings: Array<{ type: string; events: string[] }>; findings: Finding[] };

export type AttackDayResult = {
  techniques: string[];
  attackEvents: number;
  benignEvents: number;
  objects: number;
  /** Each technique's eventIDs as replayed, and the benign ones: what the sequence figures credit. */
  eventIds: Map<string, Set<string>>;
  benignIds: Set<string>;
  cold: DayRun;
  primed: DayRun;
};

export async function evaluateAttackDay(dataDir: string): Promise<AttackDayResult> {
  const detonations = readDetonations(dataDir);
  const attack = spreadGroups(
    detonations.map((d) => d.records.map((r) => reaccount(r, VICTIM_ACCOUNT))),
    DAY_START,
  );
  const benign = await benignEvents(dataDir);
  const objects = cutIntoObjects([...attack.flat(), ...benign.map((b) => b.record)], OBJECT_SIZE);
  const eventIds = new Map(detonations.map((d, i) => [d.technique, new Set(attack[i].map((r) => r.eventID as string))]));
  const benignById = new Map(benign.map((b) => [b.record.eventID as string, `${b.record.eventName as string} (${b.origin})`]));
  const judge = (findings: Finding[]): DayRun => ({
    findings,
    techniquesFound: typesByTechnique(findings, eventIds),
    falseFindings: falseFindings(findings, new Set(benignById.keys())).map((f) => ({
      type: f.type,
      events: [...new Set(f.vigil.sourceEvents.map((ref) => benignById.get(ref.eventId!)!))],
    })),
  });
  const cold = judge(await scanRecords(objects));
  const primed = judge(await scanRecords(objects, await primingHistory(attack.flat(), benignRecords(dataDir))));
  return {
    techniques: detonations.map((d) => d.technique),
    attackEvents: attack.flat().length,
    benignEvents: benign.length,
    objects: objects.length,
    eventIds,
    benignIds: new Set(benignById.keys()),
    cold,
    primed,
  };
}
