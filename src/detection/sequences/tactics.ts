/**
 * Where a MITRE ATT&CK tactic sits in an attacker's story. A compromise with stolen credentials goes
 * through these stages in this order: find out what the keys can reach (and grab more credentials),
 * make the access last or grow, blind the defenders, then take or break what it came for. Ordinary
 * work also touches every tactic now and then; what it rarely does is walk them in this order.
 *
 * Stage 0 is context: getting in (a sign-in, a session) is how every working day starts, for an
 * administrator as for an attacker. It belongs to the story and tells where it began, but it does
 * not climb: a console sign-in without MFA followed by changes and a bucket policy is a day's work.
 */
export type Stage = 0 | 1 | 2 | 3 | 4;

export const STAGE_NAMES: Record<Stage, string> = {
  0: "initial access",
  1: "discovery / credential access",
  2: "persistence / privilege escalation",
  3: "defence evasion",
  4: "exfiltration / impact",
};

const STAGE_OF_TACTIC: Record<string, Stage> = {
  Reconnaissance: 1,
  Discovery: 1,
  "Credential Access": 1,
  "Initial Access": 0,
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

/** Stages a sequence climbs; context (stage 0) does not count. */
export function climbs(stage: Stage): boolean {
  return stage > 0;
}
