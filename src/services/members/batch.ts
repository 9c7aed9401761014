import { InvalidInputError } from "../errors.js";

/** GuardDuty's per-call limit on account ids. */
export const MAX_ACCOUNTS_PER_CALL = 50;

export type UnprocessedAccount = { accountId: string; result: string };
export type BatchResult = { unprocessedAccounts: UnprocessedAccount[] };

/**
 * Batch operations report per-account failures instead of failing the call. Only a call that is
 * wrong as a whole (too many ids) is refused.
 */
export class Batch {
  readonly unprocessed: UnprocessedAccount[] = [];
  readonly accountIds: string[];

  constructor(accountIds: readonly string[]) {
    if (accountIds.length === 0) throw new InvalidInputError("Give at least one account id.");
    if (accountIds.length > MAX_ACCOUNTS_PER_CALL) {
      throw new InvalidInputError(`At most ${MAX_ACCOUNTS_PER_CALL} account ids per call, got ${accountIds.length}.`);
    }
    const valid = new Set<string>();
    for (const id of accountIds) {
      if (!/^\d{12}$/.test(id)) this.fail(id, "The account id must be 12 digits.");
      else valid.add(id);
    }
    this.accountIds = [...valid];
  }

  fail(accountId: string, result: string): void {
    this.unprocessed.push({ accountId, result });
  }

  result(): BatchResult {
    return { unprocessedAccounts: this.unprocessed };
  }
}
