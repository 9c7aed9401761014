/**
 * DefenseEvasion:IAMUser/FlowLogsDeleted — a successful ec2 DeleteFlowLogs that removed at least one
 * flow log (ids the response lists as unsuccessful were not deleted).
 *
 * Teardown versus impairment: Terraform and CloudFormation delete a flow log just before the VPC it
 * watches, and the event alone cannot see the VPC go next. The request names only flow log ids, so
 * nothing in the parameters separates the two; AWS services acting for the account (a stack being
 * deleted) are lowered to Low by the impairment table, a principal's own call stays Medium. Precision
 * is traded for recall here on purpose: deleting flow logs is rare outside teardown, and GuardDuty
 * itself stops seeing the traffic once they are gone.
 */
import type { CloudTrailEvent } from "../../../events.js";
import { impairmentRule } from "../shared/impairment-rule.js";
import { asArray, field, text } from "../shared/request.js";
import { FLOW_LOGS_DELETED } from "./meta.js";

/** EC2's query API logs lists as {content, tag} items or as plain strings. */
function ids(value: unknown): string[] {
  return asArray(value)
    .map((item) => text(item) ?? text(field(item, "content")))
    .filter((id): id is string => id !== undefined && id !== "");
}

function requestedIds(event: CloudTrailEvent): string[] {
  const parameters = event.requestParameters;
  const wrapped = field(parameters, "DeleteFlowLogsRequest");
  return ids(wrapped !== undefined ? field(wrapped, "FlowLogId") : (field(parameters, "flowLogIds") ?? field(parameters, "FlowLogId")));
}

function failedIds(event: CloudTrailEvent): Set<string> {
  const response = field(event.responseElements, "DeleteFlowLogsResponse") ?? event.responseElements;
  const items = asArray(field(field(response, "unsuccessful"), "item"));
  return new Set(items.map((item) => text(field(item, "resourceId"))).filter((id): id is string => id !== undefined));
}

function deletedFlowLogs(event: CloudTrailEvent) {
  const failed = failedIds(event);
  const deleted = requestedIds(event).filter((id) => !failed.has(id));
  if (deleted.length === 0) return undefined;
  const target = deleted.join(", ");
  return { effect: `deleted the flow logs ${target}`, target, resourceType: "AWS::EC2::FlowLog" };
}

export const flowLogsDeletedRule = impairmentRule({
  id: "flow-logs-deleted",
  meta: FLOW_LOGS_DELETED,
  table: { "ec2.amazonaws.com": { DeleteFlowLogs: deletedFlowLogs } },
  serviceNames: { "ec2.amazonaws.com": "Amazon VPC" },
});
