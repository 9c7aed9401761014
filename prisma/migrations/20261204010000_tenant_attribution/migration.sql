-- AlterTable
ALTER TABLE "log_sources" ADD COLUMN     "eventsDroppedOtherAccount" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "eventsDroppedOutsideOrganization" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "organizationSource" BOOLEAN NOT NULL DEFAULT false;

