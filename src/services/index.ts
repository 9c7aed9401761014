import type { Database } from "../db/prisma.js";
import { AccountService } from "./accounts/account-service.js";
import { ApiKeyService } from "./auth/api-key-service.js";
import { Authenticator } from "./auth/authenticator.js";

export type Services = ReturnType<typeof createServices>;

export type ServiceDependencies = { db: Database; operatorToken: string };

/** The one place services are wired together; the API, the CLI and the workers all use it. */
export function createServices({ db, operatorToken }: ServiceDependencies) {
  const apiKeys = new ApiKeyService(db);
  return {
    authenticator: new Authenticator(apiKeys, operatorToken),
    apiKeys,
    accounts: new AccountService(db, apiKeys),
  };
}
