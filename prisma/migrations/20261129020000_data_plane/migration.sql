-- CreateEnum
CREATE TYPE "LogSourceKind" AS ENUM ('CLOUD_TRAIL', 'VPC_FLOW_LOGS', 'DNS_QUERY_LOGS', 'S3_DATA_EVENTS');

-- CreateEnum
CREATE TYPE "LogSourceLocation" AS ENUM ('S3', 'LOCAL', 'PUSH');

-- CreateEnum
CREATE TYPE "LogSourceStatus" AS ENUM ('OK', 'ERROR');

-- CreateEnum
CREATE TYPE "IngestedObjectStatus" AS ENUM ('DONE', 'FAILED', 'SKIPPED');

-- CreateEnum
CREATE TYPE "IntelListKind" AS ENUM ('TRUSTED', 'THREAT');

-- CreateEnum
CREATE TYPE "IntelListFormat" AS ENUM ('TXT', 'STIX', 'OTX_CSV', 'ALIEN_VAULT', 'PROOF_POINT', 'FIRE_EYE');

-- CreateEnum
CREATE TYPE "IntelListStatus" AS ENUM ('INACTIVE', 'ACTIVATING', 'ACTIVE', 'DEACTIVATING', 'ERROR', 'DELETE_PENDING', 'DELETED');

-- CreateEnum
CREATE TYPE "FilterAction" AS ENUM ('NOOP', 'ARCHIVE');

-- CreateEnum
CREATE TYPE "DestinationType" AS ENUM ('WEBHOOK', 'S3');

-- CreateEnum
CREATE TYPE "PublishingStatus" AS ENUM ('PENDING_VERIFICATION', 'PUBLISHING', 'UNABLE_TO_PUBLISH_FIX_DESTINATION_PROPERTY', 'STOPPED');

-- AlterTable
ALTER TABLE "detectors" ADD COLUMN     "membersCanArchive" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "log_sources" (
    "id" UUID NOT NULL,
    "detectorId" VARCHAR(32) NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "LogSourceKind" NOT NULL,
    "location" "LogSourceLocation" NOT NULL,
    "s3Bucket" TEXT,
    "s3Prefix" TEXT,
    "s3Region" TEXT,
    "s3Endpoint" TEXT,
    "s3ForcePathStyle" BOOLEAN NOT NULL DEFAULT false,
    "credentialsCipher" TEXT,
    "localPath" TEXT,
    "pollIntervalSeconds" INTEGER NOT NULL DEFAULT 60,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "cursor" TEXT,
    "status" "LogSourceStatus" NOT NULL DEFAULT 'OK',
    "lastError" TEXT,
    "lastErrorAt" TIMESTAMPTZ(3),
    "objectsProcessed" BIGINT NOT NULL DEFAULT 0,
    "eventsProcessed" BIGINT NOT NULL DEFAULT 0,
    "bytesProcessed" BIGINT NOT NULL DEFAULT 0,
    "brokenRecords" BIGINT NOT NULL DEFAULT 0,
    "objectsFailed" BIGINT NOT NULL DEFAULT 0,
    "lastObjectKey" TEXT,
    "lastObjectAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "log_sources_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ingested_objects" (
    "logSourceId" UUID NOT NULL,
    "objectKey" TEXT NOT NULL,
    "status" "IngestedObjectStatus" NOT NULL,
    "records" INTEGER NOT NULL DEFAULT 0,
    "events" INTEGER NOT NULL DEFAULT 0,
    "broken" INTEGER NOT NULL DEFAULT 0,
    "bytes" BIGINT NOT NULL DEFAULT 0,
    "detail" TEXT,
    "processedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ingested_objects_pkey" PRIMARY KEY ("logSourceId","objectKey")
);

-- CreateTable
CREATE TABLE "findings" (
    "id" VARCHAR(64) NOT NULL,
    "detectorId" VARCHAR(32) NOT NULL,
    "accountId" VARCHAR(12) NOT NULL,
    "region" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "severity" DOUBLE PRECISION NOT NULL,
    "title" TEXT NOT NULL,
    "resourceType" TEXT NOT NULL,
    "resourceKey" TEXT,
    "count" INTEGER NOT NULL DEFAULT 1,
    "archived" BOOLEAN NOT NULL DEFAULT false,
    "suppressed" BOOLEAN NOT NULL DEFAULT false,
    "sample" BOOLEAN NOT NULL DEFAULT false,
    "feedback" TEXT,
    "feedbackNote" TEXT,
    "eventFirstSeen" TIMESTAMPTZ(3) NOT NULL,
    "eventLastSeen" TIMESTAMPTZ(3) NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "data" JSONB NOT NULL,
    "sourceEvents" JSONB NOT NULL DEFAULT '[]',

    CONSTRAINT "findings_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "intel_lists" (
    "id" VARCHAR(32) NOT NULL,
    "detectorId" VARCHAR(32) NOT NULL,
    "kind" "IntelListKind" NOT NULL,
    "name" TEXT NOT NULL,
    "format" "IntelListFormat" NOT NULL,
    "location" TEXT NOT NULL,
    "inlineContent" TEXT,
    "activate" BOOLEAN NOT NULL,
    "status" "IntelListStatus" NOT NULL DEFAULT 'INACTIVE',
    "statusMessage" TEXT,
    "entryCount" INTEGER NOT NULL DEFAULT 0,
    "rejectedCount" INTEGER NOT NULL DEFAULT 0,
    "entryKinds" TEXT[],
    "contentSha256" TEXT,
    "entries" TEXT,
    "tags" JSONB NOT NULL DEFAULT '{}',
    "activatedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "intel_lists_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "threat_feeds" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "format" "IntelListFormat" NOT NULL,
    "location" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "refreshIntervalMinutes" INTEGER NOT NULL DEFAULT 60,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "status" "IntelListStatus" NOT NULL DEFAULT 'INACTIVE',
    "statusMessage" TEXT,
    "entryCount" INTEGER NOT NULL DEFAULT 0,
    "rejectedCount" INTEGER NOT NULL DEFAULT 0,
    "contentSha256" TEXT,
    "entries" TEXT,
    "lastRefreshedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "threat_feeds_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "filters" (
    "id" UUID NOT NULL,
    "detectorId" VARCHAR(32) NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "action" "FilterAction" NOT NULL DEFAULT 'NOOP',
    "rank" INTEGER NOT NULL,
    "findingCriteria" JSONB NOT NULL,
    "tags" JSONB NOT NULL DEFAULT '{}',
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "filters_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "publishing_destinations" (
    "id" VARCHAR(32) NOT NULL,
    "detectorId" VARCHAR(32) NOT NULL,
    "type" "DestinationType" NOT NULL,
    "url" TEXT,
    "secretCipher" TEXT,
    "s3Bucket" TEXT,
    "s3Prefix" TEXT,
    "s3Region" TEXT,
    "s3Endpoint" TEXT,
    "credentialsCipher" TEXT,
    "status" "PublishingStatus" NOT NULL DEFAULT 'PUBLISHING',
    "lastError" TEXT,
    "publishingFailureStartedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "publishing_destinations_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "log_sources_detectorId_createdAt_id_idx" ON "log_sources"("detectorId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "findings_detectorId_updatedAt_id_idx" ON "findings"("detectorId", "updatedAt" DESC, "id");

-- CreateIndex
CREATE INDEX "findings_detectorId_severity_idx" ON "findings"("detectorId", "severity" DESC);

-- CreateIndex
CREATE INDEX "findings_detectorId_type_idx" ON "findings"("detectorId", "type");

-- CreateIndex
CREATE INDEX "findings_accountId_updatedAt_idx" ON "findings"("accountId", "updatedAt" DESC);

-- CreateIndex
CREATE INDEX "findings_updatedAt_idx" ON "findings"("updatedAt");

-- CreateIndex
CREATE INDEX "intel_lists_detectorId_kind_createdAt_id_idx" ON "intel_lists"("detectorId", "kind", "createdAt", "id");

-- CreateIndex
CREATE UNIQUE INDEX "intel_lists_detectorId_kind_name_key" ON "intel_lists"("detectorId", "kind", "name");

-- CreateIndex
CREATE UNIQUE INDEX "threat_feeds_name_key" ON "threat_feeds"("name");

-- CreateIndex
CREATE INDEX "filters_detectorId_rank_idx" ON "filters"("detectorId", "rank");

-- CreateIndex
CREATE UNIQUE INDEX "filters_detectorId_name_key" ON "filters"("detectorId", "name");

-- CreateIndex
CREATE INDEX "publishing_destinations_detectorId_idx" ON "publishing_destinations"("detectorId");

-- AddForeignKey
ALTER TABLE "log_sources" ADD CONSTRAINT "log_sources_detectorId_fkey" FOREIGN KEY ("detectorId") REFERENCES "detectors"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ingested_objects" ADD CONSTRAINT "ingested_objects_logSourceId_fkey" FOREIGN KEY ("logSourceId") REFERENCES "log_sources"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "findings" ADD CONSTRAINT "findings_detectorId_fkey" FOREIGN KEY ("detectorId") REFERENCES "detectors"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "intel_lists" ADD CONSTRAINT "intel_lists_detectorId_fkey" FOREIGN KEY ("detectorId") REFERENCES "detectors"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "filters" ADD CONSTRAINT "filters_detectorId_fkey" FOREIGN KEY ("detectorId") REFERENCES "detectors"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "publishing_destinations" ADD CONSTRAINT "publishing_destinations_detectorId_fkey" FOREIGN KEY ("detectorId") REFERENCES "detectors"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Hand-written: criteria on any documented attribute path of the finding JSON use this index.
CREATE INDEX "findings_data_path_ops" ON "findings" USING GIN ("data" jsonb_path_ops);
