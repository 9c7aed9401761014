/**
 * A CloudWatch Logs subscription message, as a subscription filter hands it to Firehose (gzip'd JSON):
 * DATA_MESSAGE carries `logEvents[].message`, one log line each; CONTROL_MESSAGE only checks that the
 * destination is reachable and carries nothing.
 */
export function subscriptionMessages(json: string): string[] {
  let message: unknown;
  try {
    message = JSON.parse(json);
  } catch {
    throw new Error("not JSON");
  }
  const { messageType, logEvents } = (message ?? {}) as { messageType?: unknown; logEvents?: unknown };
  if (messageType === "CONTROL_MESSAGE") return [];
  if (messageType !== "DATA_MESSAGE" || !Array.isArray(logEvents)) throw new Error("not a CloudWatch Logs subscription message");
  return logEvents.map((event) => (typeof (event as { message?: unknown } | null)?.message === "string" ? (event as { message: string }).message : ""));
}
