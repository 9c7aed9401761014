/**
 * SigmaHQ's AWS CloudTrail rules (the shared copy, DRL 1.1) compiled by Vigil and run over the shared
 * CloudTrail: which compile, which are refused and why, and what each rule matched in the Stratus
 * detonations, Panther's rule tests and the OTRF dataset, with its author as the licence asks.
 * `STRATUS_INTENT` lists, checked by hand against each rule's detection, the rules whose intent is a
 * detonation's technique: they must fire on it.
 */
import path from "node:path";
import { createEngine, type DetectionEngine } from "../../src/detection/engine/engine.js";
import type { DetectionContext, FindingCandidate } from "../../src/detection/engine/types.js";
import { MemoryWindowStore } from "../../src/detection/engine/windows.js";
import { sigmaRuleSet } from "../../src/detection/custom/sigma/rule-set.js";
import type { CompiledSigmaRule } from "../../src/detection/custom/sigma/compile.js";
import { pantherRecord } from "../../src/detection/testing/panther.js";
import { loadRuleFiles } from "../../src/cli/scan/rule-files.js";
import { markdownTable } from "./markdown.js";
import { readOtrfRecords } from "./otrf.js";
import { readPantherCloudTrailCases } from "./panther.js";
import { parseRecords, type RawRecord } from "./records.js";
import { readDetonation, readLabels } from "./stratus.js";

/**
 * Stratus technique → the SigmaHQ rule files whose detection is written for what the detonation does
 * (read by hand: the API calls and fields each rule names against the calls the detonation makes).
 * Techniques no rule is written for are left out; see the README's Sigma report for them.
 */
export const STRATUS_INTENT: Record<string, readonly string[]> = {
  "aws.defense-evasion.cloudtrail-stop": ["aws_cloudtrail_disable_logging.yml"],
  "aws.defense-evasion.vpc-remove-flow-logs": ["aws_cloudtrail_vpc_flow_logs_deleted.yml"],
  "aws.discovery.ec2-download-user-data": ["aws_ec2_download_userdata.yml"],
  "aws.execution.ssm-send-command": ["aws_cloudtrail_ssm_malicious_usage.yml"],
  "aws.exfiltration.ec2-security-group-open-port-22-ingress": ["aws_cloudtrail_security_group_change_ingress_egress.yml"],
  "aws.initial-access.console-login-without-mfa": ["aws_cloudtrail_console_login_success_without_mfa.yml"],
  "aws.persistence.iam-backdoor-user": ["aws_iam_backdoor_users_keys.yml"],
  "aws.persistence.iam-create-admin-user": ["aws_iam_backdoor_users_keys.yml"],
  "aws.privilege-escalation.iam-update-user-login-profile": ["aws_update_login_profile.yml"],
};

type Matches = Map<string, string[]>;

async function run(engine: DetectionEngine, records: RawRecord[], objectKey: string, context: DetectionContext): Promise<Matches> {
  const { events } = await parseRecords(records, objectKey);
  const { candidates, windowPartials } = engine.detectBatch(events, context);
  const store = new MemoryWindowStore(engine.windowedRules);
  const all: FindingCandidate[] = [...candidates, ...engine.decideWindows(store.merge(windowPartials), context)];
  const matches: Matches = new Map();
  for (const candidate of all) {
    const sigma = (candidate.additionalInfo?.sigma ?? {}) as { id?: string; matchedEvents?: string[] };
    const list = matches.get(sigma.id!) ?? [];
    list.push(...(sigma.matchedEvents ?? []));
    matches.set(sigma.id!, list);
  }
  return matches;
}

/** The first cases of a long list (AssumeRole Misuse fires on every role session). */
function listed(cases: readonly string[], shown = 8): string {
  const head = cases.slice(0, shown).join("; ");
  return cases.length > shown ? `${head}; … and ${cases.length - shown} more` : head;
}

const label = (rule: CompiledSigmaRule) => `${rule.info.title} (${rule.info.author})`;

export async function sigmaSections(dataDir: string, context: DetectionContext): Promise<string[]> {
  const folder = path.join(dataDir, "sigma-aws-cloudtrail");
  const rules = loadRuleFiles([path.join(folder, "rules")]);
  const apart = loadRuleFiles([path.join(folder, "unsupported")]);
  const compiled = [...rules.rules, ...apart.rules];
  const byId = new Map(compiled.map((rule) => [rule.info.id, rule]));
  const fileOf = new Map([...rules.files, ...apart.files].map(([id, file]) => [id, path.basename(file)]));
  const set = sigmaRuleSet(compiled);
  const engine = createEngine(set.eventRules, set.windowedRules);
  const out: string[] = [];
  out.push("## Sigma: SigmaHQ's AWS CloudTrail rules", "");
  out.push(
    `Compiled: ${rules.rules.length}/${rules.rules.length + rules.refused.length} rules of rules/; ${apart.rules.length}/${apart.rules.length + apart.refused.length} of those SigmaHQ keeps apart (count() aggregations, placeholders).`,
    "",
  );
  for (const refusal of [...rules.refused, ...apart.refused]) out.push(`- refused ${path.basename(refusal.file)}: ${refusal.reason}`);
  out.push("");

  const stratusFolder = path.join(dataDir, "stratus-red-team-detonations");
  const rows: string[][] = [];
  const intentRows: string[][] = [];
  for (const technique of readLabels(stratusFolder).map((entry) => entry.technique_id)) {
    const matches = await run(engine, readDetonation(stratusFolder, technique), technique, context);
    const fired = [...matches.keys()].map((id) => byId.get(id)!);
    rows.push([technique, fired.map((rule) => `${label(rule)}: ${matches.get(rule.info.id)!.length}`).join("; ") || "–"]);
    const firedFiles = new Set([...matches.keys()].map((id) => fileOf.get(id)));
    for (const file of STRATUS_INTENT[technique] ?? []) intentRows.push([technique, file, firedFiles.has(file) ? "yes" : "**no**"]);
  }
  out.push("### Stratus detonations: Sigma rules fired (matched events)", "", markdownTable(["technique", "rules fired"], rows), "");
  out.push("### Stratus detonations: the rules written for the technique fire on it", "", markdownTable(["technique", "Sigma rule", "fires"], intentRows), "");

  const pantherRows = new Map<string, string[]>();
  for (const testCase of readPantherCloudTrailCases(dataDir)) {
    const matches = await run(engine, [pantherRecord(testCase.log)], testCase.test_name, context);
    for (const id of matches.keys()) {
      const list = pantherRows.get(id) ?? [];
      list.push(`${testCase.rule_id} "${testCase.test_name}" (${testCase.expected_result ? "fires" : "silent"} in Panther)`);
      pantherRows.set(id, list);
    }
  }
  out.push("### Panther rule tests (CloudTrail): cases each Sigma rule fired on", "");
  out.push(markdownTable(["Sigma rule", "cases"], [...pantherRows].map(([id, cases]) => [label(byId.get(id)!), listed(cases)])), "");

  const otrf = await run(engine, readOtrfRecords(dataDir), "otrf", context);
  out.push("### OTRF ec2_proxy_s3_exfiltration: Sigma rules fired", "");
  out.push(markdownTable(["Sigma rule", "matched events"], [...otrf].map(([id, events]) => [label(byId.get(id)!), String(events.length)])), "");
  return out;
}
