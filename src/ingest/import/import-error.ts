/** A problem with what `vigil import` was asked to do (no such log source, no such file): one line for the operator. */
export class ImportError extends Error {}
