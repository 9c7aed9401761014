/**
 * Stratus techniques whose GuardDuty type is a baseline type (AnomalousBehavior families,
 * ConsoleLoginSuccess.B). Each detonation ran in a fresh account, so there is no history to learn
 * from: every identity of the detonation first gets a 14-day benign history made of a real person's
 * benign session (the OTRF scenario's EC2-console user, its records re-attributed to that identity
 * and account, every day). Then, on the detonation day before the attack, Panther's benign CloudTrail
 * cases (other services, often near-misses of attack calls) are replayed as that identity twice:
 * from the identity's usual address and tool (benign novelty: any finding is false) and from their
 * own varied addresses and tools (counted separately: new APIs from new places, the very shape of
 * the anomaly). Then the detonation runs through the rules and the baselines together.
 *
 * A second pass ("same place and tool") gives the history the attacker's own address and user agent:
 * a model that needs a new caller context must then stay quiet, which shows what it relies on.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { createBaselineEngine, runBaselineBatch } from "../../src/detection/baselines/engine.js";
import type { BaselineContext } from "../../src/detection/baselines/model.js";
import { MemoryBaselineStore } from "../../src/detection/baselines/state/store.js";
import type { DetectionEngine } from "../../src/detection/engine/engine.js";
import type { CloudTrailEvent } from "../../src/detection/events.js";
import { identityId } from "../../src/detection/baselines/identity/model.js";
import { readOtrfBenignRecords } from "./otrf.js";
import { readPantherCloudTrailCases } from "./panther.js";
import { pantherRecord } from "../../src/detection/testing/panther.js";
import { parseRecords, type RawRecord } from "./records.js";
import { readDetonation } from "./stratus.js";
import { Tallies } from "./tally.js";

type Label = { technique_id: string; guardduty_expected: string | null };

const DAY = 86_400_000;
const HISTORY_DAYS = 14;

export type StratusBaselineRow = { technique: string; expected: string; found: boolean; foundSamePlace: boolean; raised: string[] };

export type StratusBaselineResult = {
  rows: StratusBaselineRow[];
  tallies: Tallies;
  /** Benign events replayed from the identity's usual address and tool, and how many raised an anomaly. */
  usualContextEvents: number;
  usualContextFlagged: number;
  /** The same events from their own addresses and tools. */
  ownContextEvents: number;
  ownContextFlagged: number;
};

export function isoTime(time: number): string {
  return new Date(time).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** A benign record re-attributed to `identity` of `account` at `time`. */
function attribute(record: RawRecord, identity: RawRecord, account: string, time: number, id: string, caller?: { ip: unknown; agent: unknown }): RawRecord {
  const moved: RawRecord = { ...record, userIdentity: identity, recipientAccountId: account, eventTime: isoTime(time), eventID: id };
  if (caller) Object.assign(moved, { sourceIPAddress: caller.ip, userAgent: caller.agent });
  return moved;
}

export type BenignRecords = { routine: RawRecord[]; novel: RawRecord[] };

/** routine: the OTRF EC2-console user's benign records (the history's days); novel: Panther's benign cases. */
export function benignRecords(dataDir: string): BenignRecords {
  const routine = readOtrfBenignRecords(dataDir).filter((record) => (record.userIdentity as RawRecord)?.type === "IAMUser");
  const novel = readPantherCloudTrailCases(dataDir)
    .filter((c) => !c.expected_result)
    .map((c) => pantherRecord(c.log));
  return { routine, novel };
}

/** The identities of a detonation (one record's userIdentity each), keyed by the baselines' identity id. */
export function detonationIdentities(detonation: RawRecord[], attack: CloudTrailEvent[]): Map<string, RawRecord> {
  const identities = new Map<string, RawRecord>();
  for (const record of detonation) {
    const event = attack.find((e) => e.eventId === record.eventID);
    const id = event && identityId(event);
    if (id && !identities.has(id)) identities.set(id, record.userIdentity as RawRecord);
  }
  return identities;
}

/**
 * A 14-day benign history for `identities` of `account` before `start`, one group of records per day
 * (oldest first): the routine session re-attributed to each identity every day, a minute apart.
 * `caller` replaces the session's address and tool (the attacker's own, to test what a model relies on).
 */
export function benignHistory(identities: ReadonlyMap<string, RawRecord>, account: string, start: number, routine: RawRecord[], caller?: { ip: unknown; agent: unknown }): RawRecord[][] {
  const days: RawRecord[][] = [];
  for (let day = HISTORY_DAYS; day >= 1; day--) {
    days.push([...identities.values()].flatMap((identity, who) => routine.map((r, i) => attribute(r, identity, account, start - day * DAY + i * 60_000, `h-${day}-${who}-${i}`, caller))));
  }
  return days;
}

export async function evaluateStratusBaselines(dataDir: string, engine: DetectionEngine, context: BaselineContext, baselineTypes: ReadonlySet<string>): Promise<StratusBaselineResult> {
  const folder = path.join(dataDir, "stratus-red-team-detonations");
  const labels = JSON.parse(readFileSync(path.join(folder, "labels.json"), "utf8")) as Label[];
  const benign = benignRecords(dataDir);
  const baselines = createBaselineEngine();
  const result: StratusBaselineResult = { rows: [], tallies: new Tallies(), usualContextEvents: 0, usualContextFlagged: 0, ownContextEvents: 0, ownContextFlagged: 0 };
  for (const label of labels) {
    const expected = label.guardduty_expected;
    if (!expected || !baselineTypes.has(expected)) continue;
    const detonation = readDetonation(folder, label.technique_id);
    const { events } = await parseRecords(detonation, `stratus/${label.technique_id}`);
    const attack = events as CloudTrailEvent[];
    const start = Math.min(...attack.map((event) => event.time));
    const identities = detonationIdentities(detonation, attack);
    const account = attack[0].accountId;
    const run = async (samePlace: boolean): Promise<{ raised: Set<string>; usualContext: Array<Set<string>>; ownContext: Array<Set<string>> }> => {
      const usualCaller = { ip: benign.routine[0].sourceIPAddress, agent: benign.routine[0].userAgent };
      const caller = samePlace ? { ip: detonation[0].sourceIPAddress, agent: detonation[0].userAgent } : undefined;
      const store = new MemoryBaselineStore(context.baseline);
      for (const [day, records] of benignHistory(identities, account, start, benign.routine, caller).entries()) {
        await runBaselineBatch(baselines, store, (await parseRecords(records, "history")).events, context, `history-${day}`);
      }
      // Replayed one by one and not learned (new learn ids would teach them): each is judged on the history alone.
      const judge = async (records: RawRecord[]) => {
        const out: Array<Set<string>> = [];
        for (const record of records) {
          const { events: one } = await parseRecords([record], "benign-novelty");
          const plan = baselines.observe(one, context);
          out.push(new Set(baselines.decide(plan, await store.read(plan.reads), context).map((c) => c.meta.type)));
        }
        return out;
      };
      const replay = (own: boolean) =>
        [...identities.values()].flatMap((identity, who) =>
          benign.novel.map((r, i) => attribute(r, identity, account, start - 3_600_000 + i * 1000, `n-${who}-${i}`, own ? undefined : usualCaller)),
        );
      const usualContext = samePlace ? [] : await judge(replay(false));
      const ownContext = samePlace ? [] : await judge(replay(true));
      const ruleCandidates = engine.detect(attack, context);
      const candidates = await runBaselineBatch(baselines, store, attack, context, "detonation", ruleCandidates);
      return { raised: new Set(candidates.map((c) => c.meta.type)), usualContext, ownContext };
    };
    const usual = await run(false);
    const samePlace = await run(true);
    const found = usual.raised.has(expected);
    result.tallies.positive(expected, found);
    for (const types of usual.usualContext) {
      result.usualContextEvents++;
      if (types.size > 0) result.usualContextFlagged++;
      for (const type of types) if (baselineTypes.has(type)) result.tallies.falseFinding(type);
    }
    for (const types of usual.ownContext) {
      result.ownContextEvents++;
      if (types.size > 0) result.ownContextFlagged++;
    }
    result.rows.push({ technique: label.technique_id, expected, found, foundSamePlace: samePlace.raised.has(expected), raised: [...usual.raised].filter((t) => t !== expected).sort() });
  }
  return result;
}
