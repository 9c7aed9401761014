/** Locations that receive their logs over HTTP: nothing to list, so no poll schedule. */
const PUSHED = new Set(["PUSH", "FIREHOSE", "EVENTBRIDGE"]);

export function isPushedLocation(location: string): boolean {
  return PUSHED.has(location);
}
