import type { Database } from "../../db/prisma.js";
import type { ApiKey } from "../../generated/prisma/client.js";
import { type AccountActor, type Actor, requireAccount } from "../actor.js";
import { NotFoundError } from "../errors.js";
import { UUID } from "../ids.js";

/**
 * An API key the caller may manage: one of its own account's. Scoped by account, so another
 * account's key id is indistinguishable from an unknown one.
 */
export async function authorizeApiKey(db: Database, actor: Actor | null, apiKeyId: string): Promise<{ caller: AccountActor; key: ApiKey }> {
  const caller = requireAccount(actor);
  if (!UUID.test(apiKeyId)) throw new NotFoundError(`API key ${apiKeyId} not found.`);
  const key = await db.apiKey.findFirst({ where: { id: apiKeyId, accountId: caller.accountRowId } });
  if (!key) throw new NotFoundError(`API key ${apiKeyId} not found.`);
  return { caller, key };
}
