import type { DomainError } from "../errors.js";

/**
 * A policy in the manner of Outline's `authorize(actor, action, resource)`: for each action, the
 * error the caller sees when it may not, or undefined when it may. Rules may read the database,
 * since who governs an account is stored state.
 */
export type Policy<Action extends string, Caller, Resource> = {
  readonly [A in Action]: (caller: Caller, resource: Resource) => Promise<DomainError | undefined>;
};

/** Throws the policy's error when the caller may not take the action on the resource. */
export async function authorize<Action extends string, Caller, Resource>(
  policy: Policy<Action, Caller, Resource>,
  caller: Caller,
  action: Action,
  resource: Resource,
): Promise<void> {
  const denial = await policy[action](caller, resource);
  if (denial) throw denial;
}
