/**
 * The issue-15 measurement as Markdown: every figure cold (no history, as a new install) and primed
 * (after a 14-day benign history), own and held-out apart. The headline comes first; the sections
 * behind it give each technique, each false finding and the coverage per rule.
 */
import { BASELINE_MODELS } from "../../src/detection/baselines/engine.js";
import type { DetectionEngine } from "../../src/detection/engine/engine.js";
import type { FindingTypeMeta } from "../../src/detection/engine/types.js";
import { evaluateAgreement, type AgreementResult, type CaseOutcome } from "./agreement.js";
import { evaluateAttackDay, type AttackDayResult, type DayRun } from "./attack-day.js";
import { agreementShare, bySplit, dayTechniques, detonationTechniques, perThousand, type Mode, type Splits } from "./cold-figures.js";
import { coverageRows, mergeFound } from "./coverage.js";
import { heldOutIds } from "./holdout.js";
import { markdownTable } from "./markdown.js";
import { evaluateStratusCold, type StratusColdResult } from "./stratus-cold.js";
import { coveredTechniques, evaluateSequences, sequenceSection, signalPrecision, type SequenceEvaluation } from "./sequences.js";

function headline(day: AttackDayResult, stratus: StratusColdResult, packs: AgreementResult, sequences: SequenceEvaluation, heldOut: ReadonlySet<string>): string[] {
  const none: Splits = { own: "–", "held-out": "–", all: "–" };
  const row = (metric: string, cold: Splits, primed: Splits, goal: string) => [metric, cold.own, cold["held-out"], cold.all, primed.own, primed["held-out"], primed.all, goal];
  const analog = packs.outcomes.filter((o) => o.strength !== null);
  return [
    "### Headline (cold: no history, as a new install; primed: after a 14-day benign history of the attackers' identities)",
    "",
    markdownTable(
      ["metric", "own, cold", "held-out, cold", "all, cold", "own, primed", "held-out, primed", "all, primed", "goal (judged cold)"],
      [
        row("attack day: Stratus techniques found", dayTechniques(day, day.cold, heldOut), dayTechniques(day, day.primed, heldOut), "≥ 24 of 26 (92 %)"),
        row("attack day: false findings per 1,000 benign events", { ...none, all: perThousand(day.cold, day.benignEvents) }, { ...none, all: perThousand(day.primed, day.benignEvents) }, "≤ 1"),
        row("single detonations: Stratus techniques found", detonationTechniques(stratus, "cold"), detonationTechniques(stratus, "primed"), "–"),
        row("rule-pack agreement, Panther cases with a GuardDuty analog", bySplit(analog, (o) => o.split, agreementShare), none, "≥ 90 %"),
        row("attack day: attack-sequence findings", { ...none, all: String(sequences.cold.sequences) }, { ...none, all: String(sequences.primed.sequences) }, "1 to 3"),
        row("attack day: techniques the best sequence covers", coveredTechniques(sequences.cold, day.techniques, heldOut), coveredTechniques(sequences.primed, day.techniques, heldOut), "≥ 20 of 26"),
        row("attack day: the best sequence's events that are attack events", { ...none, all: signalPrecision(sequences.cold) }, { ...none, all: signalPrecision(sequences.primed) }, "≥ 90 %"),
        row("benign events alone: attack-sequence findings", { ...none, all: String(sequences.benignAlone) }, none, "0"),
      ],
    ),
    "",
    `Held out of rule-writing (holdout.ts): ${heldOut.size} of ${day.techniques.length} Stratus techniques and ${packs.heldOutRules} of ${packs.rules} Panther rules. ` +
      "Benign events are not split (OTRF's session has no rule id); rule-pack agreement is measured cold only.",
    "",
  ];
}

function stratusSection(stratus: StratusColdResult): string[] {
  return [
    "### Stratus detonations one by one through `vigil scan`, cold and primed",
    "",
    "Found: a finding's source events include the technique's events (the types listed).",
    "",
    markdownTable(
      ["technique", "split", "found cold (types)", "found primed (types)"],
      stratus.rows.map((r) => [r.technique, r.split, r.cold.length ? `yes (${r.cold.join(", ")})` : "no", r.primed.length ? `yes (${r.primed.join(", ")})` : "no"]),
    ),
    "",
  ];
}

function attackDaySection(day: AttackDayResult, heldOut: ReadonlySet<string>): string[] {
  const out = [
    "### Attack day: all detonations as one account's day among benign CloudTrail, through `vigil scan`",
    "",
    `${day.attackEvents} attack events (${day.techniques.length} techniques, one slot of the day each) and ${day.benignEvents} benign events (OTRF's benign events, Panther's negative cases), ` +
      `re-accounted to one account and re-timed into one day, in ${day.objects} log object(s) of up to 500 events.`,
    "",
  ];
  const modes: Array<[Mode, DayRun]> = [
    ["cold", day.cold],
    ["primed", day.primed],
  ];
  out.push(
    markdownTable(
      ["mode", "techniques found, own", "held-out", "all", "findings", "false findings per 1,000 benign events (count)"],
      modes.map(([mode, run]) => {
        const t = dayTechniques(day, run, heldOut);
        return [mode, t.own, t["held-out"], t.all, String(run.findings.length), perThousand(run, day.benignEvents)];
      }),
    ),
    "",
  );
  for (const [mode, run] of modes) {
    out.push(`False findings, ${mode} (type: the benign events behind it):`, "");
    out.push(...(run.falseFindings.length ? run.falseFindings.map((f) => `- ${f.type}: ${f.events.join("; ")}`) : ["- none"]), "");
    const missed = day.techniques.filter((t) => run.techniquesFound.get(t)!.size === 0);
    out.push(`Techniques not found, ${mode}: ${missed.length ? missed.join(", ") : "none"}`, "");
  }
  return out;
}

function agreementSection(packs: AgreementResult): string[] {
  const rows: Array<[string, (o: CaseOutcome) => boolean]> = [
    ["GuardDuty analog (direct or related)", (o) => o.strength !== null],
    ["analog `direct`", (o) => o.strength === "direct"],
    ["analog `related`", (o) => o.strength === "related"],
    ["all Panther CloudTrail cases (information)", () => true],
  ];
  const cell = (keep: (o: CaseOutcome) => boolean) => bySplit(packs.outcomes.filter(keep), (o) => o.split, agreementShare);
  // Held-out cases are counted, never listed: naming them would let rule-writing see them.
  const ownMisses = packs.outcomes.filter((o) => o.strength !== null && o.split === "own" && !o.agrees);
  return [
    "### Rule-pack agreement, cold (each Panther CloudTrail case alone through `vigil scan`, no history)",
    "",
    "A positive case agrees when Vigil raises any finding on it, a negative case when it raises none.",
    "",
    markdownTable(["cases", "own", "held-out", "all"], rows.map(([label, keep]) => { const c = cell(keep); return [label, c.own, c["held-out"], c.all]; })),
    "",
    "Own cases with a GuardDuty analog that disagree (held-out ones are not listed):",
    "",
    ...(ownMisses.length ? ownMisses.map((o) => `- ${o.name} (${o.strength}): expected ${o.expected ? "a finding" : "none"}, raised ${o.raised.join(", ") || "none"}`) : ["- none"]),
    "",
  ];
}

function coverageSection(engine: DetectionEngine, stratus: StratusColdResult, day: AttackDayResult, heldOut: ReadonlySet<string>): string[] {
  // Only types raised from CloudTrail (management or S3 data events) can find a Stratus technique.
  const fromCloudTrail = (metas: readonly FindingTypeMeta[]) => metas.filter((meta) => meta.dataSource === "CLOUD_TRAIL" || meta.dataSource === "S3_DATA_EVENTS");
  const rules = [...engine.eventRules, ...engine.windowedRules].map((r) => ({ id: r.id, findingTypes: fromCloudTrail(r.findingTypes) }));
  const baselines = BASELINE_MODELS.map((m) => ({ id: `baseline: ${m.id}`, findingTypes: fromCloudTrail(m.findingTypes) }));
  const perTechnique = (mode: Mode) => new Map(stratus.rows.map((r) => [r.technique, new Set(r[mode])]));
  const rows = coverageRows([...rules, ...baselines], mergeFound(perTechnique("cold"), day.cold.techniquesFound), mergeFound(perTechnique("primed"), day.primed.techniquesFound));
  const names = (techniques: string[]) => techniques.map((t) => (heldOut.has(t) ? `${t} (held-out)` : t)).join(", ") || "–";
  return [
    "### Coverage: class (MITRE tactic of the rule's type) → CloudTrail rules → Stratus techniques found",
    "",
    "From this run: a rule covers a technique when a finding of its types credited the technique, on its own detonation or on the attack day.",
    "",
    markdownTable(["class", "rule", "techniques found cold", "techniques found primed"], rows.map((r) => [r.tactic, r.rule, names(r.cold), names(r.primed)])),
    "",
  ];
}

/** The headline (to print first) and the sections behind it. */
export async function coldSections(dataDir: string, engine: DetectionEngine): Promise<{ headline: string[]; sections: string[] }> {
  const stratus = await evaluateStratusCold(dataDir);
  const day = await evaluateAttackDay(dataDir);
  const packs = await evaluateAgreement(dataDir);
  const sequences = await evaluateSequences(dataDir, day);
  const heldOut = heldOutIds(day.techniques);
  return {
    headline: headline(day, stratus, packs, sequences, heldOut),
    sections: [
      ...stratusSection(stratus),
      ...attackDaySection(day, heldOut),
      ...sequenceSection(sequences, day.techniques, heldOut),
      ...agreementSection(packs),
      ...coverageSection(engine, stratus, day, heldOut),
    ],
  };
}
