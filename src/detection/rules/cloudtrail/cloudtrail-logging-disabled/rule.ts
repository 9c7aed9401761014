/**
 * Stealth:IAMUser/CloudTrailLoggingDisabled — a successful call that stops CloudTrail from recording:
 * StopLogging, DeleteTrail, an UpdateTrail that narrows the trail (single region, no global-service
 * events, no longer organization-wide), PutEventSelectors that drop management events or their
 * writes, and the CloudTrail Lake equivalents (stop ingestion, delete the event data store).
 * A failed call changed nothing and is left alone.
 */
import type { CloudTrailEvent } from "../../../events.js";
import type { CloudTrailRule } from "../../../engine/types.js";
import { apiCallCandidate } from "../shared/candidate.js";
import { field, flag, succeeded, text } from "../shared/request.js";
import { selectorLoss } from "./event-selectors.js";
import { CLOUDTRAIL_LOGGING_DISABLED } from "./meta.js";

const NARROWING_FLAGS: ReadonlyArray<[flag: string, effect: string]> = [
  ["isMultiRegionTrail", "limits the trail to a single region"],
  ["includeGlobalServiceEvents", "stops recording global-service events (IAM, STS, CloudFront)"],
  ["isOrganizationTrail", "stops recording the organization's member accounts"],
];

function updateTrailEffect(event: CloudTrailEvent): string | undefined {
  const effects = NARROWING_FLAGS.filter(([name]) => flag(field(event.requestParameters, name)) === false).map(([, effect]) => effect);
  return effects.length > 0 ? effects.join(" and ") : undefined;
}

/** Why the call silences logging, or undefined when it does not. */
function loggingEffect(event: CloudTrailEvent): string | undefined {
  switch (event.eventName) {
    case "StopLogging":
      return "stops the trail from recording";
    case "DeleteTrail":
      return "deletes the trail";
    case "UpdateTrail":
      return updateTrailEffect(event);
    case "PutEventSelectors": {
      const loss = selectorLoss(event.requestParameters);
      return loss && `stops the trail from recording ${loss}`;
    }
    case "StopEventDataStoreIngestion":
      return "stops the CloudTrail Lake event data store from ingesting events";
    case "DeleteEventDataStore":
      return "deletes the CloudTrail Lake event data store";
  }
  return undefined;
}

function targetName(event: CloudTrailEvent): string {
  const parameters = event.requestParameters;
  const named = text(field(parameters, "name")) ?? text(field(parameters, "trailName")) ?? text(field(parameters, "eventDataStore"));
  return named ?? "an unnamed trail";
}

/** A trail is named by ARN or by name in different calls; the name alone keys it. */
function trailKey(target: string): string {
  const slash = target.lastIndexOf("/");
  return target.startsWith("arn:") && slash > 0 ? target.slice(slash + 1) : target;
}

export const cloudTrailLoggingDisabledRule: CloudTrailRule = {
  id: "cloudtrail-logging-disabled",
  kind: "cloudtrail",
  findingTypes: [CLOUDTRAIL_LOGGING_DISABLED],
  triggers: [
    {
      eventSource: "cloudtrail.amazonaws.com",
      eventNames: ["StopLogging", "DeleteTrail", "UpdateTrail", "PutEventSelectors", "StopEventDataStoreIngestion", "DeleteEventDataStore"],
    },
  ],
  evaluate(event, _context, emit) {
    if (!succeeded(event)) return;
    const effect = loggingEffect(event);
    if (!effect) return;
    const target = targetName(event);
    const resourceType = event.eventName.includes("EventDataStore") ? "AWS::CloudTrail::EventDataStore" : "AWS::CloudTrail::Trail";
    emit(
      apiCallCandidate(CLOUDTRAIL_LOGGING_DISABLED, event, {
        key: [trailKey(target)],
        affectedResources: { [resourceType]: target },
        templateValues: { trail: target, effect },
        additionalInfo: { effect },
      }),
    );
  },
};
