import { readFileSync } from "node:fs";
import path from "node:path";
import type { Finding } from "../../../src/detection/findings/types";
import { buildFinding } from "../../../src/detection/findings/build-finding";
import { apiCall, runRule } from "../../../src/detection/testing/cloudtrail";
import { cloudTrailLoggingDisabledRule } from "../../../src/detection/rules/cloudtrail/cloudtrail-logging-disabled/rule";

/** The real GuardDuty event of test/fixtures/publishing (see its README). */
export function realGuardDutyEvent(): Record<string, unknown> & { detail: Finding } {
  return JSON.parse(readFileSync(path.join(__dirname, "../../fixtures/publishing/portprobe-unprotected-port.eventbridge.json"), "utf8"));
}

/** A finding as Vigil's detection writes it: StopLogging by an access key. */
export function vigilFinding(overrides: Partial<Finding["service"]> = {}): Finding {
  const candidate = runRule(cloudTrailLoggingDisabledRule, apiCall({ eventSource: "cloudtrail.amazonaws.com", eventName: "StopLogging", requestParameters: { name: "main" } }))[0];
  const finding = buildFinding(candidate, { detectorId: "det1", geo: { lookup: () => undefined }, now: Date.parse("2026-03-02T00:00:00Z") });
  return { ...finding, service: { ...finding.service, ...overrides } };
}

/** Both: an access-key finding of Vigil's and GuardDuty's own instance finding. */
export function sampleFindings(): Array<[string, Finding]> {
  return [
    ["Vigil's StopLogging finding", vigilFinding()],
    ["GuardDuty's PortProbeUnprotectedPort finding", realGuardDutyEvent().detail],
  ];
}
