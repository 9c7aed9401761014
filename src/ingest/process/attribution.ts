import type { VigilEvent } from "../../detection/events.js";

export type DropReason = "other_account" | "outside_organization";

export type DroppedEvents = Record<DropReason, number>;

export const NONE_DROPPED: Readonly<DroppedEvents> = { other_account: 0, outside_organization: 0 };

/** Which events of a source's object are analysed, and for which account. */
export type Attribution = {
  /** Why `event` is not analysed, or undefined when it is (its account fixed to the one it belongs to). */
  dropReason(event: VigilEvent): DropReason | undefined;
};

// AWS writes "unknown" in flow logs for interfaces its services create; such events are the owner's.
const NO_ACCOUNT = new Set(["", "unknown"]);

/**
 * A finding belongs to the account that owns the log source, whatever account an event names: a source
 * must not raise findings in (or be judged by the lists of) an account its owner does not speak for.
 * Only an organisation source carries other accounts' events, and only those of accounts in the owner's
 * organisation (its administrator and that administrator's members).
 */
export function attributionFor(owner: string, organizationSource: boolean, organization: ReadonlySet<string>): Attribution {
  return {
    dropReason(event) {
      if (NO_ACCOUNT.has(event.accountId)) event.accountId = owner;
      if (event.accountId === owner) return undefined;
      if (!organizationSource) return "other_account";
      return organization.has(event.accountId) ? undefined : "outside_organization";
    },
  };
}

/** The batch's events that are analysed; the others are counted in `dropped` by reason. */
export function attributed(batch: VigilEvent[], attribution: Attribution, dropped: DroppedEvents): VigilEvent[] {
  let kept: VigilEvent[] | undefined;
  for (let index = 0; index < batch.length; index++) {
    const reason = attribution.dropReason(batch[index]);
    if (reason === undefined) {
      kept?.push(batch[index]);
      continue;
    }
    dropped[reason]++;
    // Most batches drop nothing: copy only from the first drop on.
    kept ??= batch.slice(0, index);
  }
  return kept ?? batch;
}
