-- CreateIndex
CREATE INDEX "findings_severity_id_idx" ON "findings"("severity", "id");

-- CreateIndex
CREATE INDEX "findings_createdAt_id_idx" ON "findings"("createdAt", "id");

-- CreateIndex
CREATE INDEX "findings_count_id_idx" ON "findings"("count", "id");

-- CreateIndex
CREATE INDEX "findings_type_id_idx" ON "findings"("type", "id");


-- Hand-written: the statistics index covers what getFindingsStatistics groups and filters on most,
-- so counting a detector's findings reads the index only (same name as Prisma's, which cannot say INCLUDE).
DROP INDEX "findings_detectorId_severity_idx";
CREATE INDEX "findings_detectorId_severity_idx" ON "findings"("detectorId", "severity" DESC) INCLUDE ("archived", "sample", "type", "accountId", "updatedAt");
