/** A setting that is missing or invalid: named, in one line, for the operator. */
export class ConfigError extends Error {}
