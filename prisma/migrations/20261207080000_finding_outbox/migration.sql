-- CreateEnum
CREATE TYPE "DeliveryStatus" AS ENUM ('PENDING', 'DELIVERED', 'SKIPPED', 'DEAD');

-- CreateTable
CREATE TABLE "finding_deliveries" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "destinationId" VARCHAR(32) NOT NULL,
    "findingId" VARCHAR(32) NOT NULL,
    "findingVersion" TIMESTAMPTZ(3) NOT NULL,
    "status" "DeliveryStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "claim" UUID,
    "claimedUntil" TIMESTAMPTZ(3),
    "lastError" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMPTZ(3),

    CONSTRAINT "finding_deliveries_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "finding_deliveries_status_nextAttemptAt_idx" ON "finding_deliveries"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "finding_deliveries_claim_idx" ON "finding_deliveries"("claim");

-- CreateIndex
CREATE UNIQUE INDEX "finding_deliveries_destinationId_findingId_findingVersion_key" ON "finding_deliveries"("destinationId", "findingId", "findingVersion");

-- AddForeignKey
ALTER TABLE "finding_deliveries" ADD CONSTRAINT "finding_deliveries_destinationId_fkey" FOREIGN KEY ("destinationId") REFERENCES "publishing_destinations"("id") ON DELETE CASCADE ON UPDATE CASCADE;
