/**
 * Impact:IAMUser/UnusualInstancesLaunched — RunInstances (or a spot request) for GPU/accelerator,
 * bare-metal or very large instance types, or for many instances at once (maxCount ≥ manyInstances).
 *
 * Attempts count whatever their outcome: a launch refused (Client.UnauthorizedOperation) or cut
 * short by a quota still shows someone trying to run mining or model hardware on the account.
 * Launches by AWS services (Auto Scaling, EC2 Fleet, Batch, EKS node groups: invokedBy) raise Low:
 * the decision was the group's configuration, which an attacker can also make (a GPU Auto Scaling
 * group is a mining rig that restarts itself), but ML fleets scale this way every day. Infrastructure
 * as code launching GPU instances on purpose raises this too: the type and count are all a single
 * event shows, and an ML team's first GPU launch deserves a look anyway (Medium; High only for ten
 * or more accelerated instances at once by a principal itself).
 */
import type { CloudTrailEvent } from "../../../events.js";
import { SEVERITY, type CloudTrailRule } from "../../../engine/types.js";
import { isAwsActingForAccount } from "../shared/aws-acting.js";
import { apiCallCandidate } from "../shared/candidate.js";
import { principalKey } from "../shared/identity.js";
import { asArray, field, text } from "../shared/request.js";
import { unusualType } from "./instance-types.js";
import { UNUSUAL_INSTANCES_LAUNCHED } from "./meta.js";

/** From this many instances in one call, the count alone is unusual. */
export const MANY_INSTANCES = 10;

/** instanceType as logged: "p3.2xlarge" or { value: "p3.2xlarge" }. */
function typeOf(container: unknown): string | undefined {
  const value = field(container, "instanceType");
  return text(value) ?? text(field(value, "value"));
}

function launchOf(event: CloudTrailEvent): { instanceType?: string; count: number } {
  const parameters = event.requestParameters;
  if (event.eventName === "RequestSpotInstances") {
    return { instanceType: typeOf(field(parameters, "launchSpecification")), count: Number(field(parameters, "instanceCount") ?? 1) || 1 };
  }
  let count = 0;
  for (const item of asArray(field(field(parameters, "instancesSet"), "items"))) count += Number(field(item, "maxCount") ?? field(item, "minCount") ?? 1) || 1;
  return { instanceType: typeOf(parameters), count: Math.max(count, 1) };
}

export const unusualInstancesLaunchedRule: CloudTrailRule = {
  id: "unusual-instances-launched",
  kind: "cloudtrail",
  findingTypes: [UNUSUAL_INSTANCES_LAUNCHED],
  triggers: [{ eventSource: "ec2.amazonaws.com", eventNames: ["RunInstances", "RequestSpotInstances"] }],
  evaluate(event, _context, emit) {
    const byService = isAwsActingForAccount(event);
    const { instanceType, count } = launchOf(event);
    const unusual = instanceType ? unusualType(instanceType) : undefined;
    const many = count >= MANY_INSTANCES;
    if (!unusual && !many) return;
    const why = [unusual?.why, many ? `${count} instances in one call` : undefined].filter(Boolean).join(", ");
    const type = instanceType ?? "unnamed (launch template)";
    emit(
      apiCallCandidate(UNUSUAL_INSTANCES_LAUNCHED, event, {
        key: [principalKey(event.identity), type],
        severity: byService ? SEVERITY.LOW : unusual?.accelerated && many ? SEVERITY.HIGH : UNUSUAL_INSTANCES_LAUNCHED.severity,
        affectedResources: { "AWS::EC2::Instance": type },
        templateValues: {
          instanceType: type,
          count: String(count),
          why,
          outcome: (byService ? `, through ${event.identity.invokedBy ?? "an AWS service"}` : "") + (event.errorCode ? `, which failed with ${event.errorCode}` : ""),
        },
        additionalInfo: { instanceType: type, count, why, outcome: event.errorCode ?? "succeeded" },
      }),
    );
  },
};
