-- GuardDuty's entity lists (TrustedEntitySet, ThreatEntitySet) beside its IP lists, on the same list engine.
-- CreateEnum
CREATE TYPE "IntelListSetType" AS ENUM ('IP_SET', 'ENTITY_SET');

-- DropIndex
DROP INDEX "intel_lists_detectorId_kind_name_key";

-- AlterTable
ALTER TABLE "intel_lists" ADD COLUMN     "setType" "IntelListSetType" NOT NULL DEFAULT 'IP_SET';

-- CreateIndex
CREATE UNIQUE INDEX "intel_lists_detectorId_kind_setType_name_key" ON "intel_lists"("detectorId", "kind", "setType", "name");

