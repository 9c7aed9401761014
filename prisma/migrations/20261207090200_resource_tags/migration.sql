-- Tags on log sources and publishing destinations, as on detectors, filters and lists (tagResource).
-- AlterTable
ALTER TABLE "log_sources" ADD COLUMN     "tags" JSONB NOT NULL DEFAULT '{}';

-- AlterTable
ALTER TABLE "publishing_destinations" ADD COLUMN     "tags" JSONB NOT NULL DEFAULT '{}';

