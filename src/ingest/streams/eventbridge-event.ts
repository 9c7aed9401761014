export class EventBridgeEventError extends Error {}

/** "AWS API Call via CloudTrail", "AWS Console Sign In via CloudTrail", "AWS Service Event via CloudTrail", … */
const CLOUDTRAIL_BORNE = / via CloudTrail$/;

/**
 * The CloudTrail event an EventBridge event carries in `detail`, and the id that names it: CloudTrail's
 * eventID, the same however often the event is delivered (EventBridge's own `id` when there is none).
 */
export function cloudTrailDetail(text: string): { eventId: string; record: Record<string, unknown> } {
  let event: unknown;
  try {
    event = JSON.parse(text);
  } catch {
    throw new EventBridgeEventError("the body is not JSON");
  }
  const { "detail-type": detailType, detail, id } = (typeof event === "object" && event !== null ? event : {}) as Record<string, unknown>;
  if (typeof detailType !== "string" || !CLOUDTRAIL_BORNE.test(detailType)) {
    throw new EventBridgeEventError(`detail-type must be one that CloudTrail delivers ("… via CloudTrail"), got ${JSON.stringify(String(detailType)).slice(0, 80)}`);
  }
  if (typeof detail !== "object" || detail === null || Array.isArray(detail)) throw new EventBridgeEventError("detail must be the CloudTrail event, a JSON object");
  const record = detail as Record<string, unknown>;
  const eventId = typeof record.eventID === "string" && record.eventID !== "" ? record.eventID : typeof id === "string" && id !== "" ? id : undefined;
  if (eventId === undefined) throw new EventBridgeEventError("the event has neither detail.eventID nor id");
  return { eventId, record };
}
