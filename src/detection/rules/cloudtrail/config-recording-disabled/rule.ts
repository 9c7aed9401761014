/**
 * DefenseEvasion:IAMUser/ConfigRecordingDisabled — the configuration recorder stopped or deleted
 * (including the service-linked recorder), its delivery channel deleted, or the recorder redefined to
 * record no resource type at all.
 *
 * Teardown versus impairment: an account's recorder is usually set up once and left running, so these
 * calls are rare outside deliberate change; AWS services acting for the account (a stack deletion)
 * are lowered to Low by the table rather than dropped.
 */
import type { CloudTrailEvent } from "../../../events.js";
import { impairmentRule, type Impairment } from "../shared/impairment-rule.js";
import { asArray, field, flag, text } from "../shared/request.js";
import { CONFIG_RECORDING_DISABLED } from "./meta.js";

const RECORDER = "AWS::Config::ConfigurationRecorder";

function recorderName(event: CloudTrailEvent): string {
  const parameters = event.requestParameters;
  return text(field(parameters, "configurationRecorderName")) ?? text(field(parameters, "arn")) ?? "the configuration recorder";
}

function onRecorder(effect: string) {
  return (event: CloudTrailEvent): Impairment => ({ effect, target: recorderName(event), resourceType: RECORDER });
}

function channelDeleted(event: CloudTrailEvent): Impairment {
  const target = text(field(event.requestParameters, "deliveryChannelName")) ?? "the delivery channel";
  return { effect: "deleted the delivery channel, so configuration snapshots and history are no longer delivered", target, resourceType: "AWS::Config::DeliveryChannel" };
}

/** A recorder that records neither all supported types nor any listed type records nothing. */
function recorderEmptied(event: CloudTrailEvent): Impairment | undefined {
  const recorder = field(event.requestParameters, "configurationRecorder");
  const group = field(recorder, "recordingGroup");
  if (group === undefined || flag(field(group, "allSupported")) !== false) return undefined;
  if (asArray(field(group, "resourceTypes")).length > 0) return undefined;
  if (text(field(field(group, "recordingStrategy"), "useOnly")) === "EXCLUSION_BY_RESOURCE_TYPES") return undefined;
  const target = text(field(recorder, "name")) ?? "the configuration recorder";
  return { effect: "redefined the recorder to record no resource type", target, resourceType: RECORDER };
}

export const configRecordingDisabledRule = impairmentRule({
  id: "config-recording-disabled",
  meta: CONFIG_RECORDING_DISABLED,
  table: {
    "config.amazonaws.com": {
      StopConfigurationRecorder: onRecorder("stopped recording configuration changes"),
      DeleteConfigurationRecorder: onRecorder("deleted the configuration recorder"),
      DeleteServiceLinkedConfigurationRecorder: onRecorder("deleted the service-linked configuration recorder"),
      DeleteDeliveryChannel: channelDeleted,
      PutConfigurationRecorder: recorderEmptied,
    },
  },
  serviceNames: { "config.amazonaws.com": "AWS Config" },
});
