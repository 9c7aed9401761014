/**
 * Where a MITRE ATT&CK tactic sits in an attacker's story. A compromise with stolen credentials goes
 * through these stages in this order: find out what the keys can reach (and grab more credentials),
 * make the access last or grow, blind the defenders, then take or break what it came for. Ordinary
 * work also touches every tactic now and then; what it rarely does is walk them in this order.
 */
export type Stage = 1 | 2 | 3 | 4;

export const STAGE_NAMES: Record<Stage, string> = {
  1: "discovery / credential access",
  2: "persistence / privilege escalation",
  3: "defence evasion",
  4: "exfiltration / impact",
};

const STAGE_OF_TACTIC: Record<string, Stage> = {
  Reconnaissance: 1,
  Discovery: 1,
  "Credential Access": 1,
  "Initial Access": 1,
  Persistence: 2,
  "Privilege Escalation": 2,
  Execution: 2,
  "Lateral Movement": 2,
  "Defense Evasion": 3,
  Collection: 4,
  Exfiltration: 4,
  Impact: 4,
};

/** The stage of a tactic, or undefined for tactics outside a credential story (Command and Control is an instance's). */
export function stageOf(tactic: string): Stage | undefined {
  return STAGE_OF_TACTIC[tactic];
}
