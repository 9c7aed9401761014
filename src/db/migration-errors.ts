export class MigrationError extends Error {}

/** PostgreSQL cannot be reached at all; the message says where and what to do. */
export class DatabaseUnreachableError extends Error {}
