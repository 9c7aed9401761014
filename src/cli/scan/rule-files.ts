/**
 * `vigil scan --rules DIR`: Sigma rule files (*.yml, *.yaml, folders walked) compiled for the scan. A
 * file that does not compile is reported with its line and field and left out; the others run.
 */
import { readFileSync } from "node:fs";
import { compileSigmaRule, type CompiledSigmaRule } from "../../detection/custom/sigma/compile.js";
import { SigmaRuleError } from "../../detection/custom/sigma/errors.js";
import { listLogFiles } from "./log-files.js";
import { ScanError } from "./scan-error.js";

export type RuleFiles = {
  rules: CompiledSigmaRule[];
  refused: Array<{ file: string; reason: string }>;
  /** Rule id → the file it came from. */
  files: Map<string, string>;
};

const RULE_FILE = /\.ya?ml$/i;

export function loadRuleFiles(paths: readonly string[]): RuleFiles {
  const loaded: RuleFiles = { rules: [], refused: [], files: new Map() };
  for (const file of listLogFiles(paths)) {
    if (!file.named && !RULE_FILE.test(file.path)) continue;
    let text: string;
    try {
      text = readFileSync(file.path, "utf8");
    } catch (error) {
      throw new ScanError(`cannot read rule file ${file.path}: ${(error as Error).message}`);
    }
    try {
      const rule = compileSigmaRule(text);
      const earlier = loaded.files.get(rule.info.id);
      if (earlier) {
        loaded.refused.push({ file: file.path, reason: `rule id ${rule.info.id} is already used by ${earlier}` });
        continue;
      }
      loaded.files.set(rule.info.id, file.path);
      loaded.rules.push(rule);
    } catch (error) {
      if (!(error instanceof SigmaRuleError)) throw error;
      loaded.refused.push({ file: file.path, reason: error.message });
    }
  }
  return loaded;
}
