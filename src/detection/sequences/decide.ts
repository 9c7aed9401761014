/**
 * From an account's signals to the sequences they form. Signals belong to one story when they share an
 * actor id (access key, principal or public address), directly or through other signals, or when one
 * handed the other its credentials (an AssumeRole by a user names the session's key): an attacker who
 * assumes a role with the stolen user's keys stays one story. A story is a sequence when its
 * signals, taken in time order, climb at least `minStages` stages in attack order and the most severe
 * signal of each of those stages adds up to `minScore` (settings.ts).
 */
import { actorIds, type Signal } from "./signal.js";
import type { SequenceSettings } from "./settings.js";
import { climbs, type Stage } from "./tactics.js";
import type { SignalMap } from "./state.js";

export type SequenceDecision = {
  /** The actor id the sequence is named by: its earliest signal's principal (else key, else address). */
  anchor: string;
  accountId: string;
  /** Every signal of the story in the window, oldest first. */
  signals: Signal[];
  /** The stages climbed in attack order, and their score. */
  stages: Stage[];
  score: number;
  /** S3 data was read, exposed or destroyed in the story. */
  s3Data: boolean;
};

class UnionFind {
  private readonly parent = new Map<string, string>();

  find(id: string): string {
    let root = id;
    for (let up = this.parent.get(root); up !== undefined && up !== root; up = this.parent.get(root)) root = up;
    // Every id on the way points at the root from now on, so later finds stay short in big stories.
    for (let at = id; at !== root; ) {
      const up = this.parent.get(at) ?? root;
      this.parent.set(at, root);
      at = up;
    }
    return root;
  }

  union(a: string, b: string): void {
    const [ra, rb] = [this.find(a), this.find(b)];
    if (ra !== rb) this.parent.set(ra < rb ? rb : ra, ra < rb ? ra : rb);
  }
}

function byTime(a: Signal, b: Signal): number {
  return a.firstSeen - b.firstSeen || a.id.localeCompare(b.id);
}

/**
 * Signals grouped into stories by shared actor ids (each story in no particular order). The ids a
 * signal names are joined to each other, so a story is the signals whose ids are one component; a
 * signal that names none is a story of its own.
 */
export function stories(signals: SignalMap): Signal[][] {
  const links = new UnionFind();
  const all = Object.values(signals);
  const firstIds: Array<string | undefined> = new Array<string | undefined>(all.length);
  all.forEach((signal, i) => {
    const ids = actorIds(signal.actor);
    if (signal.links) ids.push(...signal.links);
    firstIds[i] = ids[0];
    for (let j = 1; j < ids.length; j++) links.union(ids[0], ids[j]);
  });
  const groups = new Map<string, Signal[]>();
  all.forEach((signal, i) => {
    const first = firstIds[i];
    const root = first === undefined ? `signal:${signal.id}` : links.find(first);
    const group = groups.get(root);
    if (group) group.push(signal);
    else groups.set(root, [signal]);
  });
  return [...groups.values()];
}

type Chain = { path: Stage[]; score: number; top: number };

function better(a: Chain | undefined, b: Chain): Chain {
  if (!a) return b;
  return b.path.length > a.path.length || (b.path.length === a.path.length && b.score > a.score) ? b : a;
}

/** The best climb through the stages in time order: most stages, then highest score. */
export function attackChain(signals: readonly Signal[]): Chain | undefined {
  const best: Array<Chain | undefined> = [undefined, undefined, undefined, undefined, undefined];
  for (const signal of signals) {
    if (!climbs(signal.stage)) continue;
    const k = signal.stage;
    let below: Chain | undefined;
    for (let j = 1; j < k; j++) if (best[j]) below = better(below, best[j]!);
    let next: Chain = below
      ? { path: [...below.path, k], score: below.score + signal.severity, top: signal.severity }
      : { path: [k], score: signal.severity, top: signal.severity };
    const same = best[k];
    if (same && signal.severity > same.top) next = better(next, { path: same.path, score: same.score - same.top + signal.severity, top: signal.severity });
    best[k] = better(same, next);
  }
  let result: Chain | undefined;
  for (const chain of best) if (chain) result = better(result, chain);
  return result;
}

function anchorOf(story: readonly Signal[]): string {
  for (const signal of story) if (signal.actor.principal) return `principal:${signal.actor.principal}`;
  for (const signal of story) {
    const [first] = actorIds(signal.actor);
    if (first) return first;
  }
  return `signal:${story[0].id}`;
}

/** The sequences among the stories that hold a `touched` signal (every story by default). */
export function decideSequences(signals: SignalMap, settings: SequenceSettings, touched: (signal: Signal) => boolean = () => true): SequenceDecision[] {
  const decisions: SequenceDecision[] = [];
  for (const group of stories(signals)) {
    if (!group.some(touched)) continue;
    const story = group.sort(byTime);
    const chain = attackChain(story);
    if (!chain || chain.path.length < settings.minStages || chain.score < settings.minScore) continue;
    decisions.push({
      anchor: anchorOf(story),
      accountId: story[0].accountId,
      signals: story,
      stages: chain.path,
      score: chain.score,
      s3Data: story.some((signal) => signal.s3Data !== undefined),
    });
  }
  return decisions;
}
