/** A scan cannot go on (an unreadable path or list); the CLI prints the message and exits non-zero. */
export class ScanError extends Error {
  override name = "ScanError";
}
