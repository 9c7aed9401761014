import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { Database } from "../../db/prisma.js";
import type { ApiKey } from "../../generated/prisma/client.js";
import { type AccountActor, type Actor, requireAccount } from "../actor.js";
import type { VigilPubSub } from "../../realtime/pubsub.js";
import type { AuditLog } from "../audit/audit-log.js";
import { InvalidInputError, UnauthenticatedError } from "../errors.js";
import { authorizeApiKey } from "../policies/api-key.js";

// "vk_<publicId>_<secret>": the public id finds the row, the secret is checked against its hash.
const KEY_PATTERN = /^vk_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;
const LAST_USED_RESOLUTION_MS = 60_000;

/** An API key as this service hands it out; the secret itself is never stored. */
export type StoredApiKey = ApiKey;

export type IssuedApiKey = { apiKey: StoredApiKey; secret: string };

type Transaction = Pick<Database, "apiKey">;

function hashSecret(secret: string): Buffer {
  return createHash("sha256").update(secret).digest();
}

export function validateKeyName(name: string): string {
  const trimmed = name.trim();
  if (trimmed.length < 1 || trimmed.length > 64) throw new InvalidInputError("An API key name must be 1 to 64 characters.");
  return trimmed;
}

export class ApiKeyService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditLog,
    private readonly pubSub: VigilPubSub,
  ) {}

  /** Creates a key for an account row; `db` may be a transaction. The secret exists only in the result. */
  async issue(accountRowId: string, name: string, db: Transaction = this.db): Promise<IssuedApiKey> {
    const publicId = randomBytes(8).toString("hex");
    const secretPart = randomBytes(32).toString("base64url");
    const apiKey = await db.apiKey.create({
      data: { accountId: accountRowId, name: validateKeyName(name), publicId, secretHash: hashSecret(secretPart).toString("hex") },
    });
    return { apiKey, secret: `vk_${publicId}_${secretPart}` };
  }

  /** The public id of something shaped like an API key, whether or not the key exists: failures are counted per key by it. */
  static publicIdOf(presented: string): string | undefined {
    return /^vk_([0-9a-f]{16})_/.exec(presented)?.[1];
  }

  /** Resolves a presented key to its account, or throws UNAUTHENTICATED without saying which part was wrong. */
  async authenticate(presented: string): Promise<AccountActor> {
    const match = KEY_PATTERN.exec(presented);
    if (!match) throw new UnauthenticatedError("Malformed API key.");
    const [, publicId, secretPart] = match;
    const key = await this.db.apiKey.findUnique({ where: { publicId }, include: { account: true } });
    const expected = key ? Buffer.from(key.secretHash, "hex") : hashSecret("");
    const matches = timingSafeEqual(hashSecret(secretPart), expected);
    if (!key || !matches || key.revokedAt) throw new UnauthenticatedError("Invalid or revoked API key.");
    this.touch(key);
    return { kind: "account", accountRowId: key.accountId, accountId: key.account.accountId, apiKeyId: key.id };
  }

  async create(actor: Actor | null, name: string): Promise<IssuedApiKey> {
    const caller = requireAccount(actor);
    return this.audit.change(caller, async (tx, record) => {
      const issued = await this.issue(caller.accountRowId, name, tx);
      record({ accountId: caller.accountRowId, operation: "createApiKey", targetType: "ApiKey", targetId: issued.apiKey.id, after: { name: issued.apiKey.name } });
      return issued;
    });
  }

  async list(actor: Actor | null): Promise<StoredApiKey[]> {
    const caller = requireAccount(actor);
    return this.db.apiKey.findMany({ where: { accountId: caller.accountRowId }, orderBy: { createdAt: "asc" } });
  }

  async revoke(actor: Actor | null, apiKeyId: string): Promise<StoredApiKey> {
    const { caller, key } = await authorizeApiKey(this.db, actor, apiKeyId);
    if (key.revokedAt) return key;
    const revoked = await this.audit.change(caller, async (tx, record) => {
      const updated = await tx.apiKey.update({ where: { id: key.id }, data: { revokedAt: new Date() } });
      record({ accountId: caller.accountRowId, operation: "revokeApiKey", targetType: "ApiKey", targetId: key.id, after: { name: key.name, revoked: true } });
      return updated;
    });
    this.pubSub.publish("API_KEY_REVOKED", { apiKeyId: key.id });
    return revoked;
  }

  /** System read (open sockets' recheck): of these keys, the ones that still authenticate. */
  async liveIds(apiKeyIds: readonly string[]): Promise<Set<string>> {
    const live = await this.db.apiKey.findMany({ where: { id: { in: [...apiKeyIds] }, revokedAt: null }, select: { id: true } });
    return new Set(live.map((key) => key.id));
  }

  /** System task: forget keys revoked before the cutoff (they can no longer authenticate anyway). */
  async purgeRevokedBefore(cutoff: Date): Promise<number> {
    const { count } = await this.db.apiKey.deleteMany({ where: { revokedAt: { lt: cutoff } } });
    return count;
  }

  // Recording every use would turn each request into a write; a minute's resolution is enough to spot stale keys.
  private touch(key: ApiKey): void {
    if (key.lastUsedAt && Date.now() - key.lastUsedAt.getTime() < LAST_USED_RESOLUTION_MS) return;
    void this.db.apiKey.update({ where: { id: key.id }, data: { lastUsedAt: new Date() } }).catch(() => undefined);
  }
}
