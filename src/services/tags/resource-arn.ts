import { InvalidInputError } from "../errors.js";

/** What tagResource can name: GuardDuty's taggable resources, plus Vigil's log sources. */
export type TaggableType = "detector" | "filter" | "ipset" | "threatintelset" | "trustedentityset" | "threatentityset" | "publishingDestination" | "logsource";

export type ResourceArn = { accountId: string; detectorId: string; type: TaggableType; id: string };

const CHILD_TYPES: readonly TaggableType[] = ["filter", "ipset", "threatintelset", "trustedentityset", "threatentityset", "publishingDestination", "logsource"];

// arn:<partition>:guardduty:<region>:<account>:detector/<detectorId>[/<type>/<id>], GuardDuty's resource ARNs.
const ARN = /^arn:aws(?:-[a-z-]+)?:guardduty:[a-z0-9-]*:(\d{12}):detector\/([A-Za-z0-9]{1,64})(?:\/([A-Za-z]+)\/([A-Za-z0-9._-]{1,300}))?$/;

export function parseResourceArn(arn: string): ResourceArn {
  const match = ARN.exec(arn);
  if (!match) throw new InvalidInputError("resourceArn must be arn:aws:guardduty:<region>:<account>:detector/<detectorId>[/<filter|ipset|threatintelset|trustedentityset|threatentityset|publishingDestination|logsource>/<id>].");
  const [, accountId, detectorId, childType, childId] = match;
  if (childType === undefined) return { accountId, detectorId, type: "detector", id: detectorId };
  const type = CHILD_TYPES.find((candidate) => candidate === childType);
  if (!type) throw new InvalidInputError(`${JSON.stringify(childType)} is not a taggable resource type (${CHILD_TYPES.join(", ")}).`);
  return { accountId, detectorId, type, id: childId! };
}

/** The ARN of a detector's resource, as parseResourceArn reads it. */
export function resourceArn(accountId: string, detectorId: string, child?: { type: TaggableType; id: string }): string {
  const base = `arn:aws:guardduty:global:${accountId}:detector/${detectorId}`;
  return child ? `${base}/${child.type}/${child.id}` : base;
}
