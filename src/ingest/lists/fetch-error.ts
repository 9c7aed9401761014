/** Why a list's content could not be read; the message goes to the list's status as it is. */
export class FetchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FetchError";
  }
}

export function describeSize(bytes: number): string {
  const mebibytes = bytes / (1024 * 1024);
  return mebibytes >= 1 ? `${mebibytes.toFixed(1)} MB` : `${bytes.toLocaleString("en-US")} bytes`;
}

export function tooLarge(maxBytes: number, size?: number): FetchError {
  const what = size === undefined ? "the file is larger than" : `the file is ${describeSize(size)}, over`;
  return new FetchError(`${what} the ${describeSize(maxBytes)} limit; stopped before downloading it all`);
}
