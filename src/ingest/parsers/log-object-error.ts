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

/** More bytes after decompression than the reader allows; the rest was never inflated. */
export class ObjectTooLargeError extends LogObjectError {
  constructor(
    objectKey: string,
    readonly maxBytes: number,
  ) {
    super(objectKey, `larger than ${maxBytes} bytes once decompressed; reading stopped at the limit`);
    this.name = "ObjectTooLargeError";
  }
}
