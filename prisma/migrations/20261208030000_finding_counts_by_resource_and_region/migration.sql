-- Two more finding counts (issue 18), kept by the statement triggers of 20261207030000_finding_counts.
--
-- finding_counts_by_region (account, sample, archived, region, severity) answers counts by severity
-- under criteria on the region; it is kept exactly like finding_counts_by_day.
--
-- finding_counts_by_resource (account, sample, archived, resource) answers grouping by resource, the
-- largest groups first. Its top groups are read through an index on the count, which needs one row
-- per cell (a unique index), so writers never touch it: every statement appends its net change per
-- cell to finding_resource_count_deltas (insert only: a writer never locks or waits for a count row),
-- and a reader folds the committed deltas into the cells, one fold at a time
-- (src/db/findings/resource-counts.ts). resourceKey is NOT NULL here ('' and keyed = false for
-- findings without one), so cells compare with plain equality.

CREATE TABLE "finding_counts_by_region" (
    "id" BIGSERIAL NOT NULL,
    "detectorId" VARCHAR(32) NOT NULL,
    "accountId" VARCHAR(12) NOT NULL,
    "sample" BOOLEAN NOT NULL,
    "archived" BOOLEAN NOT NULL,
    "region" TEXT NOT NULL,
    "severity" DOUBLE PRECISION NOT NULL,
    "count" INTEGER NOT NULL,
    "compacted" BOOLEAN NOT NULL,

    CONSTRAINT "finding_counts_by_region_pkey" PRIMARY KEY ("id")
) WITH (fillfactor = 70);
CREATE INDEX "finding_counts_by_region_cell_idx" ON "finding_counts_by_region"("detectorId", "accountId", "sample", "archived", "region", "severity");
CREATE INDEX "finding_counts_by_region_deltas_idx" ON "finding_counts_by_region"("detectorId") WHERE NOT "compacted";

CREATE TABLE "finding_counts_by_resource" (
    "id" BIGSERIAL NOT NULL,
    "detectorId" VARCHAR(32) NOT NULL,
    "accountId" VARCHAR(12) NOT NULL,
    "sample" BOOLEAN NOT NULL,
    "archived" BOOLEAN NOT NULL,
    "resourceType" TEXT NOT NULL,
    "resourceKey" TEXT NOT NULL,
    "keyed" BOOLEAN NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "finding_counts_by_resource_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "finding_counts_by_resource_cell_idx" ON "finding_counts_by_resource"("detectorId", "accountId", "sample", "archived", "resourceType", "resourceKey", "keyed");
-- A partition's (detector, account, sample, archived) largest cells first.
CREATE INDEX "finding_counts_by_resource_top_idx" ON "finding_counts_by_resource"("detectorId", "accountId", "sample", "archived", "count" DESC);

-- The changes not yet folded: a table of their own, small between reads, so a read scans them whole.
CREATE TABLE "finding_resource_count_deltas" (
    "id" BIGSERIAL NOT NULL,
    "detectorId" VARCHAR(32) NOT NULL,
    "accountId" VARCHAR(12) NOT NULL,
    "sample" BOOLEAN NOT NULL,
    "archived" BOOLEAN NOT NULL,
    "resourceType" TEXT NOT NULL,
    "resourceKey" TEXT NOT NULL,
    "keyed" BOOLEAN NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "finding_resource_count_deltas_pkey" PRIMARY KEY ("id")
);

-- A resource group's lastGeneratedAt: its newest finding.
CREATE INDEX "findings_resourceKey_updatedAt_idx" ON "findings"("resourceKey", "updatedAt" DESC);

CREATE OR REPLACE FUNCTION finding_counts_apply() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  by_day constant text := $c$"detectorId", "accountId", sample, archived, (timezone('UTC', "updatedAt"))::date AS day, severity$c$;
  by_type constant text := $c$"detectorId", "accountId", sample, archived, type$c$;
  by_region constant text := $c$"detectorId", "accountId", sample, archived, region, severity$c$;
  by_resource constant text := $c$"detectorId", "accountId", sample, archived, "resourceType", COALESCE("resourceKey", '') AS "resourceKey", "resourceKey" IS NOT NULL AS keyed$c$;
  changes text;
BEGIN
  changes := CASE TG_OP
    WHEN 'INSERT' THEN 'SELECT %s, 1 AS n FROM new_rows'
    WHEN 'DELETE' THEN 'SELECT %s, -1 AS n FROM old_rows'
    ELSE 'SELECT %1$s, 1 AS n FROM new_rows UNION ALL SELECT %1$s, -1 FROM old_rows' END;
  EXECUTE finding_counts_statement('finding_counts_by_day', ARRAY['detectorId', 'accountId', 'sample', 'archived', 'day', 'severity'], format(changes, by_day));
  EXECUTE finding_counts_statement('finding_counts_by_type', ARRAY['detectorId', 'accountId', 'sample', 'archived', 'type'], format(changes, by_type));
  EXECUTE finding_counts_statement('finding_counts_by_region', ARRAY['detectorId', 'accountId', 'sample', 'archived', 'region', 'severity'], format(changes, by_region));
  EXECUTE format($sql$
    INSERT INTO finding_resource_count_deltas ("detectorId", "accountId", sample, archived, "resourceType", "resourceKey", keyed, count)
    SELECT "detectorId", "accountId", sample, archived, "resourceType", "resourceKey", keyed, sum(n)::int FROM (%s) changes
    GROUP BY 1, 2, 3, 4, 5, 6, 7 HAVING sum(n) <> 0$sql$, format(changes, by_resource));
  RETURN NULL;
END $$;

-- The findings stored before this migration.
INSERT INTO "finding_counts_by_region" ("detectorId", "accountId", sample, archived, region, severity, count, compacted)
SELECT "detectorId", "accountId", sample, archived, region, severity, count(*), true
FROM "findings" GROUP BY 1, 2, 3, 4, 5, 6;
INSERT INTO "finding_counts_by_resource" ("detectorId", "accountId", sample, archived, "resourceType", "resourceKey", keyed, count)
SELECT "detectorId", "accountId", sample, archived, "resourceType", COALESCE("resourceKey", ''), "resourceKey" IS NOT NULL, count(*)
FROM "findings" GROUP BY 1, 2, 3, 4, 5, 6, 7;
