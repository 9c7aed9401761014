/** Which findings a statistics request counts, as conditions on the findings and on the count tables' cells. */
import { Prisma } from "../../generated/prisma/client.js";
import type { CompiledCriteria } from "./criteria-sql.js";
import { criteriaToSql } from "./criteria-sql.js";

export type CountsFilter = { detectorIds: string[]; criteria: CompiledCriteria; includeSamples: boolean };

/** The conditions every counted finding meets: visible, sample or not, the criteria. */
export function findingsWhere(filter: CountsFilter): Prisma.Sql {
  const samples = filter.includeSamples ? Prisma.sql`TRUE` : Prisma.sql`NOT f.sample`;
  return Prisma.sql`f."detectorId" = ANY(${filter.detectorIds}::varchar[]) AND ${samples} AND ${criteriaToSql(filter.criteria, "f")}`;
}

/** The same on a count table `c` whose columns carry the criteria's attributes. */
export function cellsWhere(filter: CountsFilter, cellCriteria: CompiledCriteria): Prisma.Sql {
  const samples = filter.includeSamples ? Prisma.sql`TRUE` : Prisma.sql`NOT c.sample`;
  return Prisma.sql`c."detectorId" = ANY(${filter.detectorIds}::varchar[]) AND ${samples} AND ${criteriaToSql(cellCriteria, "c")}`;
}
