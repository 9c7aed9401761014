-- Live subscription notifications through PostgreSQL (issue 22). Every write of findings (upserts,
-- archive, feedback) adds one row per finding it changed to this log, in its own transaction, so a
-- notification exists exactly when the change committed. API processes read the log after their
-- cursor; Redis plays no part, so losing it cannot drop a notification. Hand-written trigger: Prisma
-- cannot express one.

-- CreateEnum
CREATE TYPE "FindingEventKind" AS ENUM ('CREATED', 'UPDATED');

-- CreateTable
CREATE TABLE "finding_events" (
    "id" BIGSERIAL NOT NULL,
    "findingId" VARCHAR(32) NOT NULL,
    "detectorId" VARCHAR(32) NOT NULL,
    "kind" "FindingEventKind" NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT clock_timestamp(),

    CONSTRAINT "finding_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "finding_events_createdAt_idx" ON "finding_events"("createdAt");

-- The wake-up: NOTIFY is delivered when the writing transaction commits (never before, never for a
-- rollback), and once per transaction however many statements it ran.
CREATE FUNCTION finding_events_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM added) THEN
    PERFORM pg_notify('vigil_finding_events', '');
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER "finding_events_notify" AFTER INSERT ON "finding_events" REFERENCING NEW TABLE AS added
  FOR EACH STATEMENT EXECUTE FUNCTION finding_events_notify();
