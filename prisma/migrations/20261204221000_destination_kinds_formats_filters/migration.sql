-- CreateEnum
CREATE TYPE "FindingFormat" AS ENUM ('GUARDDUTY', 'EVENTBRIDGE', 'OCSF', 'ASFF');

-- CreateEnum
CREATE TYPE "SeverityLabel" AS ENUM ('LOW', 'MEDIUM', 'HIGH', 'CRITICAL');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "DestinationType" ADD VALUE 'SLACK';
ALTER TYPE "DestinationType" ADD VALUE 'PAGERDUTY';
ALTER TYPE "DestinationType" ADD VALUE 'SPLUNK_HEC';

-- AlterTable
ALTER TABLE "publishing_destinations" ADD COLUMN     "findingCriteria" JSONB,
ADD COLUMN     "format" "FindingFormat" NOT NULL DEFAULT 'EVENTBRIDGE',
ADD COLUMN     "minimumSeverity" "SeverityLabel",
ADD COLUMN     "splunkIndex" TEXT,
ADD COLUMN     "splunkSourcetype" TEXT;


-- S3 exports have always carried the bare finding; webhooks the EventBridge envelope (the default above).
UPDATE "publishing_destinations" SET "format" = 'GUARDDUTY' WHERE "type" = 'S3';
