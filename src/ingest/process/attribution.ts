import type { VigilEvent } from "../../detection/events.js";

export type DropReason = "other_account" | "outside_organization";

export type DroppedEvents = Record<DropReason, number> & {
  /** Events of an organisation source dropped as outside the organisation, per 12-digit account id they name. */
  byAccount: Map<string, number>;
};

export function noneDropped(): DroppedEvents {
  return { other_account: 0, outside_organization: 0, byAccount: new Map() };
}

/**
 * Which events of a source's object are analysed, and by which analysis (`T`: one per detector the
 * events are routed to).
 */
export type Attribution<T> = {
  /** The analysis `event` goes to, why it is dropped, or null when it is routed to a detector that analyses none of it. */
  route(event: VigilEvent): T | DropReason | null;
};

// AWS writes "unknown" in flow logs for interfaces its services create; such events are the owner's.
const NO_ACCOUNT = new Set(["", "unknown"]);
const ACCOUNT_ID = /^\d{12}$/;
/**
 * Distinct accounts counted per object: the account ids are the object's data, and an object naming
 * millions of them must not become millions of rows. Past it, events still count in the total.
 */
export const MAX_COUNTED_ACCOUNTS = 1_000;

/**
 * A finding belongs to the account that owns the log source, whatever account an event names: a source
 * must not raise findings in (or be judged by the lists of) an account its owner does not speak for.
 * Only an organisation source carries other accounts' events: each goes to the analysis of the detector
 * of the account it names (`routes`: the owner and its Enabled members), any other is dropped.
 */
export function attributionFor<T>(owner: string, organizationSource: boolean, routes: (accountId: string) => T | null | undefined): Attribution<T> {
  return {
    route(event) {
      if (NO_ACCOUNT.has(event.accountId)) event.accountId = owner;
      if (!organizationSource && event.accountId !== owner) return "other_account";
      const routed = routes(event.accountId);
      return routed === undefined ? "outside_organization" : routed;
    },
  };
}

function isDropReason(value: unknown): value is DropReason {
  return value === "other_account" || value === "outside_organization";
}

function countAccount(dropped: DroppedEvents, accountId: string): void {
  if (!ACCOUNT_ID.test(accountId)) return;
  const counted = dropped.byAccount.get(accountId);
  if (counted !== undefined) dropped.byAccount.set(accountId, counted + 1);
  else if (dropped.byAccount.size < MAX_COUNTED_ACCOUNTS) dropped.byAccount.set(accountId, 1);
}

/** The batch's analysed events grouped by their analysis; the others are counted in `dropped` by reason. */
export function attributed<T>(batch: VigilEvent[], attribution: Attribution<T>, dropped: DroppedEvents): Map<T, VigilEvent[]> {
  // Most batches go whole to one analysis: the batch itself is its group, until an event goes elsewhere.
  let only: T | undefined;
  let groups: Map<T, VigilEvent[]> | undefined;
  for (let index = 0; index < batch.length; index++) {
    const event = batch[index];
    const routed = attribution.route(event);
    if (!groups) {
      if (routed !== null && !isDropReason(routed) && (only === undefined || routed === only)) {
        only = routed;
        continue;
      }
      groups = new Map(only === undefined ? [] : [[only, batch.slice(0, index)]]);
    }
    if (routed === null) continue;
    if (isDropReason(routed)) {
      dropped[routed]++;
      if (routed === "outside_organization") countAccount(dropped, event.accountId);
      continue;
    }
    const group = groups.get(routed);
    if (group) group.push(event);
    else groups.set(routed, [event]);
  }
  return groups ?? new Map(only === undefined ? [] : [[only, batch]]);
}
