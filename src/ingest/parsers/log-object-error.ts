/**
 * The whole log object cannot be read: corrupt or truncated gzip, not JSON where JSON is required, or a format
 * Vigil does not know. Distinct from a broken record, which is counted and skipped. Workers should not retry these:
 * the same bytes will fail the same way.
 */
export class LogObjectError extends Error {
  constructor(
    readonly objectKey: string,
    readonly reason: string,
  ) {
    super(`${objectKey}: ${reason}`);
    this.name = "LogObjectError";
  }
}
