import type { Actor } from "../actor.js";
import { UnauthenticatedError } from "../errors.js";
import type { ApiKeyService } from "./api-key-service.js";
import { operatorTokenMatches } from "./operator-token.js";

/** Turns the credential a client presents (HTTP header or WebSocket connection params) into an actor. */
export class Authenticator {
  constructor(
    private readonly apiKeys: ApiKeyService,
    private readonly operatorToken: string,
  ) {}

  /** Accepts "Bearer <credential>" or the bare credential. */
  async authenticate(authorization: unknown): Promise<Actor> {
    if (typeof authorization !== "string" || authorization.trim() === "") throw new UnauthenticatedError();
    const credential = authorization.replace(/^Bearer\s+/i, "").trim();
    if (credential.startsWith("vk_")) return this.apiKeys.authenticate(credential);
    if (operatorTokenMatches(this.operatorToken, credential)) return { kind: "operator" };
    throw new UnauthenticatedError("Invalid credential.");
  }
}
