/**
 * DefenseEvasion:IAMUser/BedrockLoggingDisabled — model invocation logging deleted, or replaced by a
 * configuration that delivers nowhere (no CloudWatch Logs, no S3) or delivers no data type at all.
 */
import type { CloudTrailEvent } from "../../../events.js";
import type { CloudTrailRule } from "../../../engine/types.js";
import { apiCallCandidate } from "../shared/candidate.js";
import { field, flag, isObject, succeeded } from "../shared/request.js";
import { BEDROCK_LOGGING_DISABLED } from "./meta.js";

const DATA_DELIVERY_FLAGS = ["textDataDeliveryEnabled", "imageDataDeliveryEnabled", "embeddingDataDeliveryEnabled", "videoDataDeliveryEnabled"];

function loggingEffect(event: CloudTrailEvent): string | undefined {
  if (event.eventName === "DeleteModelInvocationLoggingConfiguration") return "deletes the model invocation logging configuration";
  const config = field(event.requestParameters, "loggingConfig");
  if (!isObject(config)) return undefined;
  if (!isObject(field(config, "cloudWatchConfig")) && !isObject(field(config, "s3Config"))) {
    return "leaves model invocation logging without a destination";
  }
  const delivered = DATA_DELIVERY_FLAGS.filter((name) => flag(field(config, name)) !== false);
  return delivered.length === 0 ? "turns off delivery of every data type in model invocation logs" : undefined;
}

export const bedrockLoggingDisabledRule: CloudTrailRule = {
  id: "bedrock-logging-disabled",
  kind: "cloudtrail",
  findingTypes: [BEDROCK_LOGGING_DISABLED],
  triggers: [
    { eventSource: "bedrock.amazonaws.com", eventNames: ["DeleteModelInvocationLoggingConfiguration", "PutModelInvocationLoggingConfiguration"] },
  ],
  evaluate(event, _context, emit) {
    if (!succeeded(event)) return;
    const effect = loggingEffect(event);
    if (!effect) return;
    emit(apiCallCandidate(BEDROCK_LOGGING_DISABLED, event, { key: [event.region], templateValues: { effect }, additionalInfo: { effect } }));
  },
};
