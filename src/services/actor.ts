import { ForbiddenError, UnauthenticatedError } from "./errors.js";

/** Who is calling. Every service method takes one, so authorization never depends on the transport. */
export type Actor = OperatorActor | AccountActor;

export type OperatorActor = { kind: "operator" };

export type AccountActor = {
  kind: "account";
  /** Internal id (accounts.id). */
  accountRowId: string;
  /** The 12-digit AWS account id. */
  accountId: string;
  apiKeyId: string;
};

export function requireAccount(actor: Actor | null): AccountActor {
  if (!actor) throw new UnauthenticatedError();
  if (actor.kind !== "account") throw new ForbiddenError("This operation is performed by an account's API key, not the operator token.");
  return actor;
}

export function requireOperator(actor: Actor | null): OperatorActor {
  if (!actor) throw new UnauthenticatedError();
  if (actor.kind !== "operator") throw new ForbiddenError("This operation needs the operator token.");
  return actor;
}
