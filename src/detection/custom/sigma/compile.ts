/**
 * Compiles a Sigma rule's YAML once into a Vigil rule: parse (errors name line and field), check the
 * logsource, compile every selection and the condition into closures, then wrap them as an event rule
 * or, with `| count()`, a windowed rule. Nothing is interpreted per event.
 */
import type { VigilEvent } from "../../events.js";
import type { EventRule, FindingTypeMeta, WindowedRule } from "../../engine/types.js";
import { compileCondition, type Aggregation } from "./condition.js";
import type { RecordTest } from "./field-test.js";
import { FINDING_TYPE_GRAMMAR, sigmaFindingType } from "./finding-type.js";
import { targetOf, type SigmaTarget } from "./logsource.js";
import { parseSigmaYaml } from "./parse.js";
import type { SigmaRuleInfo } from "./records.js";
import { compileSelection } from "./selection.js";
import { sigmaEventRule, sigmaWindowedRule } from "./sigma-rule.js";

export type SigmaCompileOptions = {
  /** Raise this type instead of `Custom:<resource>/<TitleInCamelCase>` (a `Custom:` type or an existing one). */
  findingType?: string;
  /** Raise this severity (1.0-10.0) instead of the one the rule's level gives. */
  severity?: number;
};

export type CompiledSigmaRule = {
  info: SigmaRuleInfo;
  findingType: FindingTypeMeta;
  target: SigmaTarget;
  aggregation?: Aggregation & { windowMs: number };
  /** The rule for the engine: `windowed` when the condition aggregates. */
  rule: { windowed: false; value: EventRule } | { windowed: true; value: WindowedRule };
  /** The condition over one raw record (before any aggregation), for dry runs. */
  matches: RecordTest;
};

const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

function timeframeMs(timeframe: string | undefined, fail: (reason: string) => never): number {
  if (timeframe === undefined) return fail("an aggregation needs a timeframe such as 5m, 1h or 1d");
  const match = /^(\d+)([smhd])$/.exec(timeframe.trim());
  if (!match || Number(match[1]) === 0) return fail(`'${timeframe}' is not a timeframe: a number and s, m, h or d`);
  return Number(match[1]) * UNIT_MS[match[2]!]!;
}

export function compileSigmaRule(source: string, options: SigmaCompileOptions = {}): CompiledSigmaRule {
  const parsed = parseSigmaYaml(source);
  const { fail } = parsed;
  const target = targetOf(parsed.logsource, fail);
  if (options.findingType !== undefined && !FINDING_TYPE_GRAMMAR.test(options.findingType)) {
    fail(["findingType"], `'${options.findingType}' is not a finding type in GuardDuty's grammar (Purpose:Resource/Family)`);
  }
  if (options.severity !== undefined && !(options.severity >= 1 && options.severity <= 10)) fail(["severity"], `${options.severity} is not a severity: 1.0 to 10.0`);
  const selections = new Map<string, RecordTest>();
  for (const [name, value] of parsed.selections) selections.set(name, compileSelection(name, value, fail));
  const condition = compileCondition(parsed.condition, selections, fail);
  const findingType = sigmaFindingType(parsed, target, options.findingType, options.severity);
  const info: SigmaRuleInfo = { title: parsed.title, id: parsed.id, author: parsed.author, level: parsed.level };
  const ruleId = `sigma:${parsed.id}`;
  const s3Only = target.dataSource === "S3_DATA_EVENTS";
  // S3 object-level rules obey the detector's S3 Protection switch, like GuardDuty's S3 types.
  const enabled = (event: VigilEvent, s3DataEvents: boolean) =>
    !s3Only || (s3DataEvents && event.kind === "cloudtrail" && event.eventSource === "s3.amazonaws.com" && event.eventCategory === "Data");
  if (!condition.aggregation) {
    return { info, findingType, target, rule: { windowed: false, value: sigmaEventRule(ruleId, target.kind, findingType, info, condition.test, enabled) }, matches: condition.test };
  }
  const windowMs = timeframeMs(parsed.timeframe, (reason) => fail(["detection", "timeframe"], reason));
  const windowed = sigmaWindowedRule(ruleId, target.kind, findingType, info, condition.test, enabled, condition.aggregation, windowMs);
  return { info, findingType, target, aggregation: { ...condition.aggregation, windowMs }, rule: { windowed: true, value: windowed as WindowedRule }, matches: condition.test };
}
