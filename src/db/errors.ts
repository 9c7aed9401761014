/** True for PostgreSQL's unique-constraint violation as Prisma reports it (P2002). */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}
