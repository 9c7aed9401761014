/** Builds flow-log candidates the same way for every rule family: instance resource, NETWORK_CONNECTION or PORT_PROBE action. */
import type { FlowEvent } from "../../../events.js";
import type { ActionSeed, FindingCandidate, FindingTypeMeta } from "../../../engine/types.js";
import { flowSampleSource, flowSource } from "../../../findings/source-ref.js";
import type { ThreatMatch } from "../../../intel/lookup.js";
import { addressOf, connectionDirection, other, portOf, type FlowView, type Side } from "./flow-view.js";
import { protocolName } from "./protocols.js";
import type { Sample } from "./sample.js";
import { instanceResource, subjectLabel, subjectOf, type Subject } from "./subject.js";

export type CandidateOptions = {
  /** The aggregation key after the account id and the subject. */
  key: readonly string[];
  severity?: number;
  templateValues?: Record<string, string>;
  threatIntel?: ThreatMatch[];
  additionalInfo?: Record<string, unknown>;
};

/** Some GuardDuty-format region is needed for ids and ARNs; records of custom formats may lack one. */
const UNKNOWN_REGION = "unknown";

function candidate(meta: FindingTypeMeta, subject: Subject, base: Omit<FindingCandidate, "meta" | "severity" | "aggregationKey" | "resource" | "templateValues">, options: CandidateOptions): FindingCandidate {
  const result: FindingCandidate = {
    meta,
    severity: options.severity ?? meta.severity,
    aggregationKey: [base.accountId, subject.key, ...options.key].join("|"),
    resource: instanceResource(subject),
    templateValues: { instance: subjectLabel(subject), account: base.accountId, ...options.templateValues },
    ...base,
  };
  if (options.threatIntel) result.threatIntel = options.threatIntel;
  if (options.additionalInfo) result.additionalInfo = options.additionalInfo;
  return result;
}

/** A connection seen in one record, from the `local` side's point of view. */
export function connectionCandidate(meta: FindingTypeMeta, event: FlowEvent, view: FlowView, local: Side, options: CandidateOptions): FindingCandidate {
  const subject = subjectOf(event, view, local);
  const remote = other(local);
  const action: ActionSeed = {
    actionType: "NETWORK_CONNECTION",
    connectionDirection: connectionDirection(view, local),
    protocol: protocolName(event.protocol),
    blocked: event.action === "REJECT",
    localPort: portOf(event, local),
    remotePort: portOf(event, remote),
    localIp: addressOf(view, local),
    remoteIp: addressOf(view, remote),
    localNetworkInterface: view.local === local ? event.interfaceId : undefined,
  };
  return candidate(
    meta,
    subject,
    { accountId: event.accountId, region: event.region ?? UNKNOWN_REGION, time: event.time, action, source: flowSource(event) },
    { ...options, templateValues: { remote: addressOf(view, remote) ?? "unknown", port: String(portOf(event, remote) ?? ""), ...options.templateValues } },
  );
}

function sampleSource(sample: Sample) {
  const { subject } = sample;
  return flowSampleSource({ ...sample, interfaceId: subject.interfaceId, local: subject.address });
}

/** A window's finding, described by its latest record. */
export function sampleCandidate(meta: FindingTypeMeta, sample: Sample, action: ActionSeed, options: CandidateOptions): FindingCandidate {
  return candidate(
    meta,
    sample.subject,
    { accountId: sample.accountId, region: sample.region ?? UNKNOWN_REGION, time: sample.time, action, source: sampleSource(sample) },
    { ...options, templateValues: { remote: sample.remote ?? "unknown", ...options.templateValues } },
  );
}

export function sampleConnection(sample: Sample, direction: "INBOUND" | "OUTBOUND"): ActionSeed {
  return {
    actionType: "NETWORK_CONNECTION",
    connectionDirection: direction,
    protocol: protocolName(sample.protocol),
    blocked: sample.rejected,
    localPort: sample.localPort,
    remotePort: sample.remotePort,
    localIp: sample.subject.address,
    remoteIp: sample.remote,
    localNetworkInterface: sample.subject.interfaceId,
  };
}
