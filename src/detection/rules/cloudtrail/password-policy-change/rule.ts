/**
 * Stealth:IAMUser/PasswordPolicyChange — the account password policy deleted (High) or set to a
 * weaker policy, graded by how far it falls short of a strong baseline (see policy-strength.ts).
 */
import type { CloudTrailRule } from "../../../engine/types.js";
import { SEVERITY } from "../../../engine/types.js";
import { apiCallCandidate } from "../shared/candidate.js";
import { succeeded } from "../shared/request.js";
import { PASSWORD_POLICY_CHANGE } from "./meta.js";
import { passwordPolicyWeaknesses } from "./policy-strength.js";

function severityOf(points: number): number {
  if (points >= 6) return SEVERITY.HIGH;
  if (points >= 3) return SEVERITY.MEDIUM;
  return SEVERITY.LOW;
}

export const passwordPolicyChangeRule: CloudTrailRule = {
  id: "password-policy-change",
  kind: "cloudtrail",
  findingTypes: [PASSWORD_POLICY_CHANGE],
  triggers: [{ eventSource: "iam.amazonaws.com", eventNames: ["UpdateAccountPasswordPolicy", "DeleteAccountPasswordPolicy"] }],
  evaluate(event, _context, emit) {
    if (!succeeded(event)) return;
    let severity: number;
    let reasons: string[];
    if (event.eventName === "DeleteAccountPasswordPolicy") {
      severity = SEVERITY.HIGH;
      reasons = ["the password policy was deleted, so any password IAM accepts is allowed"];
    } else {
      const weaknesses = passwordPolicyWeaknesses(event.requestParameters);
      if (weaknesses.length === 0) return;
      severity = severityOf(weaknesses.reduce((sum, weakness) => sum + weakness.points, 0));
      reasons = weaknesses.map((weakness) => weakness.reason);
    }
    emit(
      apiCallCandidate(PASSWORD_POLICY_CHANGE, event, {
        key: [],
        severity,
        templateValues: { weaknesses: reasons.join("; ") },
        additionalInfo: { weaknesses: reasons },
      }),
    );
  },
};
