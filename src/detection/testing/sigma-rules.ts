/** Test support: a whole Sigma rule around a detection block, and its predicate over a record. */
import { compileSigmaRule, type CompiledSigmaRule } from "../custom/sigma/compile.js";

export function sigmaRule(detection: string, extra = ""): string {
  const indented = detection
    .trim()
    .split("\n")
    .map((line) => `    ${line}`)
    .join("\n");
  return `title: Test Rule
id: 11111111-2222-4333-8444-555555555555
author: Test Author
level: high
logsource:
    product: aws
    service: cloudtrail
${extra}detection:
${indented}
`;
}

export function compileDetection(detection: string, extra = ""): CompiledSigmaRule {
  return compileSigmaRule(sigmaRule(detection, extra));
}

export function matcher(detection: string): (record: Record<string, unknown>) => boolean {
  return compileDetection(detection).matches;
}
