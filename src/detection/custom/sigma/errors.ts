/** A rule Vigil refuses, with where in the file and which field: "line 12: field 'detection.selection': …". */
export class SigmaRuleError extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
    readonly line?: number,
  ) {
    super(`${line === undefined ? "" : `line ${line}: `}field '${field}': ${reason}`);
    this.name = "SigmaRuleError";
  }
}

/** Where a YAML path starts in the file, for errors; undefined when the path is not in it. */
export type Locate = (path: readonly (string | number)[]) => number | undefined;

/** Throws the error of a field, located in the file. */
export type Fail = (path: readonly (string | number)[], reason: string) => never;

export function failer(locate: Locate): Fail {
  return (path, reason) => {
    throw new SigmaRuleError(path.join("."), reason, locate(path));
  };
}
