import { isUniqueViolation } from "../../db/errors.js";
import type { Database } from "../../db/prisma.js";
import type { Account } from "../../generated/prisma/client.js";
import { type Actor, requireAccount, requireOperator } from "../actor.js";
import type { AuditLog } from "../audit/audit-log.js";
import type { ApiKeyService, IssuedApiKey } from "../auth/api-key-service.js";
import { InvalidInputError, NotFoundError } from "../errors.js";

/** An account as this service hands it out. */
export type StoredAccount = Account;

export type CreateAccountCommand = { accountId: string; name: string; email: string };

const ACCOUNT_ID = /^\d{12}$/;
// Deliberately loose: the address is a contact, not a login; it only has to look like one.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function validateAccountId(accountId: string): string {
  if (!ACCOUNT_ID.test(accountId)) throw new InvalidInputError(`accountId must be 12 digits, got "${accountId}".`);
  return accountId;
}

export function validateEmail(email: string): string {
  const trimmed = email.trim();
  if (trimmed.length > 254 || !EMAIL.test(trimmed)) throw new InvalidInputError(`"${email}" is not a valid email address.`);
  return trimmed;
}

export class AccountService {
  constructor(
    private readonly db: Database,
    private readonly apiKeys: ApiKeyService,
    private readonly audit: AuditLog,
  ) {}

  /** Operator only. Returns the account and its first API key, whose secret is never shown again. */
  async createAccount(actor: Actor | null, command: CreateAccountCommand): Promise<{ account: StoredAccount; key: IssuedApiKey }> {
    const operator = requireOperator(actor);
    const accountId = validateAccountId(command.accountId);
    const name = command.name.trim();
    if (name.length < 1 || name.length > 128) throw new InvalidInputError("name must be 1 to 128 characters.");
    const email = validateEmail(command.email);
    try {
      return await this.audit.change(operator, async (tx, record) => {
        const account = await tx.account.create({ data: { accountId, name, email } });
        const key = await this.apiKeys.issue(account.id, "initial", tx);
        record({ accountId: account.id, operation: "createAccount", targetType: "Account", targetId: accountId, after: { name, email } });
        return { account, key };
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new InvalidInputError(`Account ${accountId} already exists.`);
      throw error;
    }
  }

  async me(actor: Actor | null): Promise<StoredAccount> {
    const caller = requireAccount(actor);
    const account = await this.db.account.findUnique({ where: { id: caller.accountRowId } });
    if (!account) throw new NotFoundError("The calling account no longer exists.");
    return account;
  }
}
