/**
 * What a PutEventSelectors call leaves CloudTrail recording. Basic selectors default to including
 * management events (IncludeManagementEvents defaults to true) of both kinds (ReadWriteType All);
 * advanced selectors record management events only through a selector with eventCategory =
 * Management, and only writes when that selector does not pin readOnly to true.
 */
import { asArray, field, flag, isObject, text, type Json } from "../shared/request.js";

export type SelectorLoss = "management events" | "write (mutating) management events";

function basicSelectorsLoss(selectors: unknown[]): SelectorLoss | undefined {
  const managed = selectors.filter((selector) => flag(field(selector, "includeManagementEvents")) !== false);
  if (managed.length === 0) return "management events";
  const recordsWrites = managed.some((selector) => (text(field(selector, "readWriteType")) ?? "All") !== "ReadOnly");
  return recordsWrites ? undefined : "write (mutating) management events";
}

function values(selector: unknown, key: string): string[] {
  return asArray(field(selector, key)).filter((value): value is string => typeof value === "string");
}

function advancedSelectorsLoss(selectors: unknown[]): SelectorLoss | undefined {
  const managed = selectors.filter((selector) =>
    asArray(field(selector, "fieldSelectors")).some(
      (fieldSelector) => text(field(fieldSelector, "field")) === "eventCategory" && values(fieldSelector, "equals").includes("Management"),
    ),
  );
  if (managed.length === 0) return "management events";
  const recordsWrites = managed.some(
    (selector) =>
      !asArray(field(selector, "fieldSelectors")).some(
        (fieldSelector) => text(field(fieldSelector, "field")) === "readOnly" && values(fieldSelector, "equals").includes("true"),
      ),
  );
  return recordsWrites ? undefined : "write (mutating) management events";
}

/** What the new selectors stop recording; undefined when nothing is lost or the call does not say. */
export function selectorLoss(requestParameters: Json | null): SelectorLoss | undefined {
  if (!isObject(requestParameters)) return undefined;
  const advanced = field(requestParameters, "advancedEventSelectors");
  if (Array.isArray(advanced) && advanced.length > 0) return advancedSelectorsLoss(advanced);
  const basic = field(requestParameters, "eventSelectors");
  if (Array.isArray(basic)) return basicSelectorsLoss(basic);
  return undefined;
}
