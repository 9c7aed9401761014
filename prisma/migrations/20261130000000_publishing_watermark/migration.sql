-- AlterTable
ALTER TABLE "publishing_destinations" ADD COLUMN     "updatesPublishedUntil" TIMESTAMPTZ(3);

