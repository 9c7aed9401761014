import { apiCall, runRule } from "../../../testing/cloudtrail.js";
import { renderedText } from "../../../testing/rendered.js";
import { SEVERITY } from "../../../engine/types.js";
import { cloudWatchMonitoringImpairedRule as rule } from "./rule.js";

const TYPE = "DefenseEvasion:IAMUser/CloudWatchMonitoringImpaired";
const TRAIL_GROUP = "aws-cloudtrail-logs-111122223333-0a1b2c3d";

function call(eventSource: string, eventName: string, requestParameters: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return apiCall({ eventSource, eventName, readOnly: false, requestParameters, ...extra });
}

const monitoring = (eventName: string, parameters: Record<string, unknown>, extra?: Record<string, unknown>) => call("monitoring.amazonaws.com", eventName, parameters, extra);
const logs = (eventName: string, parameters: Record<string, unknown>) => call("logs.amazonaws.com", eventName, parameters);

describe(TYPE, () => {
  it.each([
    ["DisableAlarmActions", monitoring("DisableAlarmActions", { alarmNames: ["root-sign-in"] }), SEVERITY.MEDIUM],
    ["DeleteAlarms", monitoring("DeleteAlarms", { alarmNames: ["root-sign-in", "trail-stopped"] }), SEVERITY.LOW],
    ["DeleteLogGroup", logs("DeleteLogGroup", { logGroupName: TRAIL_GROUP }), SEVERITY.MEDIUM],
    ["PutRetentionPolicy", logs("PutRetentionPolicy", { logGroupName: TRAIL_GROUP, retentionInDays: 1 }), SEVERITY.MEDIUM],
    ["DeleteSubscriptionFilter", logs("DeleteSubscriptionFilter", { logGroupName: "aws-controltower/CloudTrailLogs", filterName: "siem" }), SEVERITY.MEDIUM],
    ["DeleteMetricFilter", logs("DeleteMetricFilter", { logGroupName: TRAIL_GROUP, filterName: "root-usage" }), SEVERITY.MEDIUM],
  ])("fires on %s", (_name, record, severity) => {
    const [candidate] = runRule(rule, record);
    expect([candidate.meta.type, candidate.severity]).toEqual([TYPE, severity]);
    expect(renderedText(candidate)).not.toContain("unknown");
  });

  it("keys on the alarms or the log group named", () => {
    const [silenced] = runRule(rule, monitoring("DisableAlarmActions", { alarmNames: ["root-sign-in"] }));
    expect(silenced.aggregationKey).toBe("111122223333|eu-west-1|monitoring.amazonaws.com|root-sign-in");
    const [deleted] = runRule(rule, logs("DeleteLogGroup", { logGroupName: TRAIL_GROUP }));
    expect(deleted.action).toMatchObject({ affectedResources: { "AWS::Logs::LogGroup": TRAIL_GROUP } });
  });

  it.each([
    ["an application's log group deleted", logs("DeleteLogGroup", { logGroupName: "/aws/lambda/checkout" })],
    ["a long retention on CloudTrail's group", logs("PutRetentionPolicy", { logGroupName: TRAIL_GROUP, retentionInDays: 365 })],
    ["a short retention on an application's group", logs("PutRetentionPolicy", { logGroupName: "/aws/lambda/checkout", retentionInDays: 1 })],
    ["alarm actions enabled", monitoring("EnableAlarmActions", { alarmNames: ["root-sign-in"] })],
    ["an alarm call without names", monitoring("DisableAlarmActions", {})],
  ])("does not fire on %s", (_case, record) => {
    expect(runRule(rule, record)).toEqual([]);
  });

  it("does not fire when Auto Scaling deletes its own target-tracking alarms", () => {
    const autoScaling = monitoring("DeleteAlarms", { alarmNames: ["TargetTracking-table/orders-AlarmHigh-1"] }, {
      sourceIPAddress: "application-autoscaling.amazonaws.com",
      userIdentity: { ...(apiCall().userIdentity as object), invokedBy: "application-autoscaling.amazonaws.com" },
    });
    expect(runRule(rule, autoScaling)).toEqual([]);
  });

  it("does not fire on a failed call", () => {
    expect(runRule(rule, call("logs.amazonaws.com", "DeleteLogGroup", { logGroupName: TRAIL_GROUP }, { errorCode: "AccessDeniedException" }))).toEqual([]);
  });
});
