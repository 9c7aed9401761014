/**
 * Rules of the "monitoring impaired" kind share one shape: a table of the calls that switch a
 * monitoring service off or blind it, each with a check that reads the request and says what the call
 * did (or nothing, when the parameters keep monitoring whole). This builds such a rule from its table.
 *
 * Infrastructure-as-code and AWS services tear the same things down (a stack deletion removes its
 * flow logs, alarms and query-log configs). A single event cannot see "the VPC goes next", so a call
 * that an AWS service makes for the account (CloudFormation, a service-linked role) is kept but
 * lowered to Low severity rather than dropped; a call made by a principal itself keeps the check's
 * severity. User agents are never read: an attacker sets them.
 */
import type { CloudTrailEvent } from "../../../events.js";
import { SEVERITY, type CloudTrailRule, type FindingTypeMeta } from "../../../engine/types.js";
import { apiCallCandidate } from "./candidate.js";
import { isServiceInvoked } from "./identity.js";
import { succeeded } from "./request.js";

export type Impairment = {
  /** What the call did, in words that finish "… which {effect}". */
  effect: string;
  /** The resource impaired (detector id, flow log ids, recorder name…): with the region, keys the finding. */
  target: string;
  /** CloudFormation-style type → name, for the finding's affectedResources. */
  resourceType: string;
  /** Defaults to the type's severity. */
  severity?: number;
};

/** Reads a successful call and returns its impairment, or undefined when monitoring is left whole. */
export type ImpairmentCheck = (event: CloudTrailEvent) => Impairment | undefined;

/** eventSource → eventName → check. */
export type ImpairmentTable = Readonly<Record<string, Readonly<Record<string, ImpairmentCheck>>>>;

export type ImpairmentRuleSpec = {
  id: string;
  meta: FindingTypeMeta;
  table: ImpairmentTable;
  /** How the title names the service: eventSource → "Amazon GuardDuty". Defaults to the eventSource. */
  serviceNames?: Readonly<Record<string, string>>;
};

/** An AWS service acting for the account rather than a principal calling the API itself. */
export function isAwsServiceActing(event: CloudTrailEvent): boolean {
  return event.identity.type === "AWSService" || isServiceInvoked(event);
}

export function impairmentRule(spec: ImpairmentRuleSpec): CloudTrailRule {
  const { id, meta, table, serviceNames = {} } = spec;
  // Maps, so an eventName never resolves to an Object.prototype member.
  const checks = new Map(Object.entries(table).map(([source, byName]) => [source, new Map(Object.entries(byName))]));
  return {
    id,
    kind: "cloudtrail",
    findingTypes: [meta],
    triggers: Object.entries(table).map(([eventSource, checks]) => ({ eventSource, eventNames: Object.keys(checks) })),
    evaluate(event, _context, emit) {
      if (!succeeded(event)) return;
      const check = checks.get(event.eventSource)?.get(event.eventName);
      const impairment = check?.(event);
      if (!impairment) return;
      const serviceActing = isAwsServiceActing(event);
      const severity = serviceActing ? SEVERITY.LOW : (impairment.severity ?? meta.severity);
      const serviceName = Object.hasOwn(serviceNames, event.eventSource) ? serviceNames[event.eventSource] : event.eventSource;
      emit(
        apiCallCandidate(meta, event, {
          key: [event.region, event.eventSource, impairment.target],
          severity,
          affectedResources: { [impairment.resourceType]: impairment.target },
          templateValues: { effect: impairment.effect, target: impairment.target, serviceName },
          additionalInfo: { effect: impairment.effect, serviceActing },
        }),
      );
    },
  };
}
