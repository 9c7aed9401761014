/**
 * DefenseEvasion:IAMUser/CloudWatchMonitoringImpaired — alarm actions disabled (the alarm stays but
 * tells no one), alarms deleted, and CloudTrail's log group deleted, given a retention of a few days,
 * or stripped of the subscription or metric filters that forward or alarm on it.
 *
 * Teardown versus impairment: IaC creates and destroys log groups and alarms all the time (every
 * Lambda function, every Auto Scaling target-tracking policy), so the event's parameters decide:
 * - log-group calls fire only for a group whose name says it holds CloudTrail's events (the console
 *   names it aws-cloudtrail-logs-…, Control Tower …/CloudTrailLogs); other groups are left alone, at
 *   the cost of missing a trail delivered to a group named otherwise;
 * - DisableAlarmActions has no teardown use, so it is Medium;
 * - DeleteAlarms is what Terraform destroy does, so it is Low, and skipped when an AWS service (Auto
 *   Scaling removing its own target-tracking alarms) makes it.
 */
import type { CloudTrailEvent } from "../../../events.js";
import { SEVERITY } from "../../../engine/types.js";
import { isServicePrincipal } from "../shared/accounts.js";
import { impairmentRule, isAwsServiceActing, type Impairment } from "../shared/impairment-rule.js";
import { asArray, field, text } from "../shared/request.js";
import { CLOUDWATCH_MONITORING_IMPAIRED } from "./meta.js";

/** Retentions at or below this many days destroy CloudTrail's events almost as soon as they arrive. */
const SHORT_RETENTION_DAYS = 3;
const ALARM = "AWS::CloudWatch::Alarm";
const LOG_GROUP = "AWS::Logs::LogGroup";

function alarmNames(event: CloudTrailEvent): string | undefined {
  const names = asArray(field(event.requestParameters, "alarmNames")).filter((name): name is string => typeof name === "string");
  return names.length > 0 ? names.join(", ") : undefined;
}

function alarmActionsDisabled(event: CloudTrailEvent): Impairment | undefined {
  const target = alarmNames(event);
  return target ? { effect: `stopped the alarms ${target} from notifying anyone`, target, resourceType: ALARM } : undefined;
}

function alarmsDeleted(event: CloudTrailEvent): Impairment | undefined {
  if (isAwsServiceActing(event) || isServicePrincipal(event.sourceIp)) return undefined;
  const target = alarmNames(event);
  return target ? { effect: `deleted the alarms ${target}`, target, resourceType: ALARM, severity: SEVERITY.LOW } : undefined;
}

/** The call's log group when its name says it holds CloudTrail's events. */
function trailLogGroup(event: CloudTrailEvent): string | undefined {
  const name = text(field(event.requestParameters, "logGroupName")) ?? text(field(event.requestParameters, "logGroupIdentifier"));
  return name && name.toLowerCase().includes("cloudtrail") ? name : undefined;
}

function onTrailLogGroup(effect: string) {
  return (event: CloudTrailEvent): Impairment | undefined => {
    const target = trailLogGroup(event);
    return target ? { effect, target, resourceType: LOG_GROUP } : undefined;
  };
}

function retentionShortened(event: CloudTrailEvent): Impairment | undefined {
  const raw = field(event.requestParameters, "retentionInDays");
  const days = typeof raw === "number" ? raw : Number(text(raw)?.trim() || Number.NaN);
  if (!Number.isFinite(days) || days > SHORT_RETENTION_DAYS) return undefined;
  const target = trailLogGroup(event);
  return target ? { effect: `set CloudTrail's log group to keep events for only ${days} day(s)`, target, resourceType: LOG_GROUP } : undefined;
}

export const cloudWatchMonitoringImpairedRule = impairmentRule({
  id: "cloudwatch-monitoring-impaired",
  meta: CLOUDWATCH_MONITORING_IMPAIRED,
  table: {
    "monitoring.amazonaws.com": { DisableAlarmActions: alarmActionsDisabled, DeleteAlarms: alarmsDeleted },
    "logs.amazonaws.com": {
      DeleteLogGroup: onTrailLogGroup("deleted CloudTrail's log group and the events in it"),
      PutRetentionPolicy: retentionShortened,
      DeleteSubscriptionFilter: onTrailLogGroup("stopped forwarding CloudTrail's log group to its subscriber"),
      DeleteMetricFilter: onTrailLogGroup("deleted a metric filter that alarms are built on from CloudTrail's log group"),
    },
  },
  serviceNames: { "monitoring.amazonaws.com": "Amazon CloudWatch", "logs.amazonaws.com": "CloudWatch Logs" },
});
