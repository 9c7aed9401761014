/** Small builders the per-service tables share: read a named parameter, describe the call with it. */
import type { CloudTrailEvent } from "../../../events.js";
import type { Impairment, ImpairmentCheck } from "../shared/impairment-rule.js";
import { asArray, field, text } from "../shared/request.js";

export function parameter(event: CloudTrailEvent, name: string): string | undefined {
  const value = field(event.requestParameters, name);
  const single = text(value);
  if (single !== undefined) return single;
  const many = asArray(value).filter((item): item is string => typeof item === "string");
  return many.length > 0 ? many.join(", ") : undefined;
}

/** A call that acts on the whole service in the account and region. */
export function onService(effect: string, resourceType: string, severity?: number): ImpairmentCheck {
  return (): Impairment => ({ effect, target: "the account", resourceType, severity });
}

/** A call on a resource named by one of `names` (the first present); `effect` receives it. */
export function onNamed(names: readonly string[], effect: (name: string) => string, resourceType: string, severity?: number): ImpairmentCheck {
  return (event) => {
    const found = names.map((name) => parameter(event, name)).find((value) => value !== undefined);
    const target = found ?? "(not named)";
    return { effect: effect(target), target, resourceType, severity };
  };
}

/** A filter created or updated with the action that hides its matches (ARCHIVE, SUPPRESS). */
export function hidingFilter(hidingAction: string, nameFields: readonly string[], resourceType: string): ImpairmentCheck {
  return (event) => {
    if (parameter(event, "action") !== hidingAction) return undefined;
    const target = nameFields.map((name) => parameter(event, name)).find((value) => value !== undefined) ?? "(unnamed filter)";
    return { effect: `set filter ${target} to ${hidingAction.toLowerCase()} matching findings automatically`, target, resourceType };
  };
}
