-- Counts of findings kept beside the findings table, so getFindingsStatistics reads a few thousand
-- cells instead of scanning every finding (issue 18). Hand-written: Prisma cannot express triggers.
--
-- Each table counts findings per cell of its dimensions. Triggers on findings keep them exact: every
-- statement that inserts, updates or deletes findings (upserts, archive, samples, retention, a
-- detector's cascade delete, a bulk load) adds its net change per cell, computed from the statement's
-- transition tables, in the statement's own transaction. A writer adds its change to the cell's
-- compacted row when it can lock that row without waiting (FOR UPDATE SKIP LOCKED), and otherwise
-- appends a delta row (compacted = false): two workers writing the same cells never wait for each
-- other and never deadlock, and a cell's count is always the sum of its rows. Readers fold delta rows
-- into compacted ones (src/db/findings/finding-counts.ts); the retention purge drops empty cells.

-- A count changes in place: no index holds it, and pages keep room (fillfactor), so the update is HOT
-- and leaves the indexes alone however often a busy cell changes.

-- By day of the last update (UTC) and severity: counts by severity, grouped by severity, date, account.
CREATE TABLE "finding_counts_by_day" (
    "id" BIGSERIAL NOT NULL,
    "detectorId" VARCHAR(32) NOT NULL,
    "accountId" VARCHAR(12) NOT NULL,
    "sample" BOOLEAN NOT NULL,
    "archived" BOOLEAN NOT NULL,
    "day" DATE NOT NULL,
    "severity" DOUBLE PRECISION NOT NULL,
    "count" INTEGER NOT NULL,
    "compacted" BOOLEAN NOT NULL,

    CONSTRAINT "finding_counts_by_day_pkey" PRIMARY KEY ("id")
) WITH (fillfactor = 70);
CREATE INDEX "finding_counts_by_day_cell_idx" ON "finding_counts_by_day"("detectorId", "accountId", "sample", "archived", "day", "severity");
CREATE INDEX "finding_counts_by_day_deltas_idx" ON "finding_counts_by_day"("detectorId") WHERE NOT "compacted";

-- By finding type: grouped by finding type.
CREATE TABLE "finding_counts_by_type" (
    "id" BIGSERIAL NOT NULL,
    "detectorId" VARCHAR(32) NOT NULL,
    "accountId" VARCHAR(12) NOT NULL,
    "sample" BOOLEAN NOT NULL,
    "archived" BOOLEAN NOT NULL,
    "type" TEXT NOT NULL,
    "count" INTEGER NOT NULL,
    "compacted" BOOLEAN NOT NULL,

    CONSTRAINT "finding_counts_by_type_pkey" PRIMARY KEY ("id")
) WITH (fillfactor = 70);
CREATE INDEX "finding_counts_by_type_cell_idx" ON "finding_counts_by_type"("detectorId", "accountId", "sample", "archived", "type");
CREATE INDEX "finding_counts_by_type_deltas_idx" ON "finding_counts_by_type"("detectorId") WHERE NOT "compacted";

-- A group's lastGeneratedAt is read from the findings (the group's newest), not kept: a maximum cannot
-- stay exact under deletes. This index finds a type's newest finding (and serves "one type, newest first").
CREATE INDEX "findings_type_updatedAt_idx" ON "findings"("type", "updatedAt" DESC);

-- A time range that cuts a day counts that day from the findings: with the cell's columns in the
-- index, that is an index-only scan of the day's entries instead of a heap read per finding.
DROP INDEX "findings_detectorId_updatedAt_id_idx";
CREATE INDEX "findings_detectorId_updatedAt_id_idx" ON "findings"("detectorId", "updatedAt" DESC, "id") INCLUDE ("accountId", "severity", "archived", "sample");

-- The statement adding the changes (rows of the cell's columns and n, +1 or -1) to the target's cells.
CREATE FUNCTION finding_counts_statement(target text, cell text[], changes text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT format($sql$
    WITH delta AS (
      SELECT %2$s, sum(n)::int AS n FROM (%3$s) changes GROUP BY %2$s HAVING sum(n) <> 0
    ), locked AS (
      SELECT c.id, %4$s FROM %1$I c JOIN delta d USING (%2$s) WHERE c.compacted FOR UPDATE OF c SKIP LOCKED
    ), chosen AS (
      SELECT DISTINCT ON (%2$s) id, %2$s FROM locked ORDER BY %2$s, id
    ), added AS (
      UPDATE %1$I c SET count = c.count + d.n FROM chosen o JOIN delta d USING (%2$s) WHERE c.id = o.id
    )
    INSERT INTO %1$I (%2$s, count, compacted)
    SELECT %4$s, d.n, NOT EXISTS (SELECT 1 FROM %1$I c WHERE c.compacted AND (%5$s) = (%4$s))
    FROM delta d WHERE NOT EXISTS (SELECT 1 FROM chosen o WHERE (%6$s) = (%4$s))
    $sql$,
    target,
    (SELECT string_agg(quote_ident(c), ', ') FROM unnest(cell) c),
    changes,
    (SELECT string_agg('d.' || quote_ident(c), ', ') FROM unnest(cell) c),
    (SELECT string_agg('c.' || quote_ident(c), ', ') FROM unnest(cell) c),
    (SELECT string_agg('o.' || quote_ident(c), ', ') FROM unnest(cell) c))
$$;

-- The statement's net change per cell: +1 for each row as it is now, -1 for each row as it was. The
-- statements run here, where the transition tables are visible.
CREATE FUNCTION finding_counts_apply() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  by_day constant text := $c$"detectorId", "accountId", sample, archived, (timezone('UTC', "updatedAt"))::date AS day, severity$c$;
  by_type constant text := $c$"detectorId", "accountId", sample, archived, type$c$;
  changes text;
BEGIN
  changes := CASE TG_OP
    WHEN 'INSERT' THEN 'SELECT %s, 1 AS n FROM new_rows'
    WHEN 'DELETE' THEN 'SELECT %s, -1 AS n FROM old_rows'
    ELSE 'SELECT %1$s, 1 AS n FROM new_rows UNION ALL SELECT %1$s, -1 FROM old_rows' END;
  EXECUTE finding_counts_statement('finding_counts_by_day', ARRAY['detectorId', 'accountId', 'sample', 'archived', 'day', 'severity'], format(changes, by_day));
  EXECUTE finding_counts_statement('finding_counts_by_type', ARRAY['detectorId', 'accountId', 'sample', 'archived', 'type'], format(changes, by_type));
  RETURN NULL;
END $$;

CREATE TRIGGER "findings_count_inserts" AFTER INSERT ON "findings" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION finding_counts_apply();
CREATE TRIGGER "findings_count_updates" AFTER UPDATE ON "findings" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION finding_counts_apply();
CREATE TRIGGER "findings_count_deletes" AFTER DELETE ON "findings" REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION finding_counts_apply();

-- The findings stored before this migration.
INSERT INTO "finding_counts_by_day" ("detectorId", "accountId", sample, archived, day, severity, count, compacted)
SELECT "detectorId", "accountId", sample, archived, (timezone('UTC', "updatedAt"))::date, severity, count(*), true
FROM "findings" GROUP BY 1, 2, 3, 4, 5, 6;
INSERT INTO "finding_counts_by_type" ("detectorId", "accountId", sample, archived, type, count, compacted)
SELECT "detectorId", "accountId", sample, archived, type, count(*), true
FROM "findings" GROUP BY 1, 2, 3, 4, 5;
