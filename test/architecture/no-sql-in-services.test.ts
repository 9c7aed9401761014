import { sourceFiles } from "./source-files";

// What persistence looks like in code: Prisma's raw-query and transaction calls, its SQL builders,
// and statements written out by hand. Plain model calls (`db.account.findMany`) are not listed.
const SQL_SHAPES: ReadonlyArray<[string, RegExp]> = [
  ["raw query", /\$(queryRaw|executeRaw)(Unsafe)?\b/],
  ["transaction", /\$transaction\b/],
  ["SQL builder", /\bPrisma\.(sql|raw|join|empty)\b/],
  ["hand-written statement", /\b(SELECT\b[\s\S]{0,200}?\bFROM|INSERT INTO|UPDATE\s+"?\w+"?\s+SET|DELETE FROM)\b/],
];

function sqlShapesIn(text: string): string[] {
  return SQL_SHAPES.filter(([, pattern]) => pattern.test(text)).map(([name]) => name);
}

describe("persistence stays in src/db", () => {
  it("recognises each shape of SQL", () => {
    expect(sqlShapesIn("await db.$queryRaw`x`")).toEqual(["raw query"]);
    expect(sqlShapesIn("await tx.$executeRawUnsafe(q)")).toEqual(["raw query"]);
    expect(sqlShapesIn("await this.db.$transaction(async (tx) => {})")).toEqual(["transaction"]);
    expect(sqlShapesIn("const where = Prisma.join(parts)")).toEqual(["SQL builder"]);
    expect(sqlShapesIn('const q = `SELECT f.id\n FROM findings f`;')).toEqual(["hand-written statement"]);
    expect(sqlShapesIn('const q = "UPDATE log_sources SET cursor = $1";')).toEqual(["hand-written statement"]);
    expect(sqlShapesIn("const rows = await db.account.findMany({ where: { id } }); // select the accounts")).toEqual([]);
  });

  it("src/services/ holds no SQL: every query lives in a repository under src/db/", () => {
    const offenders = sourceFiles("src/services").flatMap(({ file, text }) => sqlShapesIn(text).map((shape) => `${file}: ${shape}`));
    expect(offenders).toEqual([]);
  });
});
