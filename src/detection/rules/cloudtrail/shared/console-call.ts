/**
 * Calls the AWS console made for a person at a browser: its front ends sign them with their own
 * user agent ("console.ec2.amazonaws.com") or AWS's internal SDK ("EC2ConsoleFrontend, aws-internal/3
 * …"). Page loads list and describe a lot, and fail a lot for services one may not use, so burst
 * rules count console calls apart with higher thresholds. The agent is the caller's to choose: a forged
 * console agent only buys a higher threshold and a lower severity, never silence.
 */
import type { CloudTrailEvent } from "../../../events.js";

export function isConsoleCall(event: CloudTrailEvent): boolean {
  const agent = event.userAgent;
  return (agent.includes("console.") && agent.includes("amazonaws.com")) || agent.includes("aws-internal/");
}
