/**
 * Persistence:IAMUser/InstanceUserDataModified — a successful ec2:ModifyInstanceAttribute that sets
 * the instance's user data (logged as a userData parameter, its value redacted, or as attribute
 * "userData"). Instances must be stopped for it, so ordinary work rarely does this in place: IaC
 * replaces the instance or its launch template instead. Changes a pipeline makes
 * (CloudFormation, a web-identity CI session, an EC2 build agent) are Low.
 */
import type { CloudTrailEvent } from "../../../events.js";
import { SEVERITY, type CloudTrailRule } from "../../../engine/types.js";
import { apiCallCandidate } from "../shared/candidate.js";
import { isPipelineCall } from "../shared/iam-identity.js";
import { field, succeeded, text } from "../shared/request.js";
import { INSTANCE_USER_DATA_MODIFIED } from "./meta.js";

function setsUserData(event: CloudTrailEvent): boolean {
  const parameters = event.requestParameters;
  return field(parameters, "userData") !== undefined || text(field(parameters, "attribute")) === "userData";
}

export const ec2UserDataModifiedRule: CloudTrailRule = {
  id: "ec2-user-data-modified",
  kind: "cloudtrail",
  findingTypes: [INSTANCE_USER_DATA_MODIFIED],
  triggers: [{ eventSource: "ec2.amazonaws.com", eventNames: ["ModifyInstanceAttribute"] }],
  evaluate(event, _context, emit) {
    if (!succeeded(event) || !setsUserData(event)) return;
    const instance = text(field(event.requestParameters, "instanceId")) ?? "an unnamed instance";
    emit(
      apiCallCandidate(INSTANCE_USER_DATA_MODIFIED, event, {
        key: [instance],
        severity: isPipelineCall(event) ? SEVERITY.LOW : undefined,
        affectedResources: { "AWS::EC2::Instance": instance },
        templateValues: { instance },
      }),
    );
  },
};
