import type { StoredAccount } from "../../services/accounts/account-service.js";
import type { IssuedApiKey, StoredApiKey } from "../../services/auth/api-key-service.js";
import type { AccountType, ApiKeyType, CreatedApiKey } from "./account.types.js";

export function presentAccount(account: StoredAccount): AccountType {
  return { accountId: account.accountId, name: account.name, email: account.email, createdAt: account.createdAt };
}

export function presentApiKey(key: StoredApiKey): ApiKeyType {
  return {
    id: key.id,
    name: key.name,
    prefix: `vk_${key.publicId}`,
    createdAt: key.createdAt,
    lastUsedAt: key.lastUsedAt,
    revokedAt: key.revokedAt,
  };
}

export function presentIssuedKey(issued: IssuedApiKey): CreatedApiKey {
  return { apiKey: presentApiKey(issued.apiKey), secret: issued.secret };
}
