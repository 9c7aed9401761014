-- CreateEnum
CREATE TYPE "AutoEnableMembers" AS ENUM ('NEW', 'ALL', 'NONE');

-- CreateTable
CREATE TABLE "organization_admins" (
    "accountId" UUID NOT NULL,
    "autoEnable" "AutoEnableMembers" NOT NULL DEFAULT 'NONE',
    "autoEnableChangedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "autoEnableCloudTrail" BOOLEAN NOT NULL DEFAULT true,
    "autoEnableS3DataEvents" BOOLEAN NOT NULL DEFAULT true,
    "autoEnableFlowLogs" BOOLEAN NOT NULL DEFAULT true,
    "autoEnableDnsLogs" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "organization_admins_pkey" PRIMARY KEY ("accountId")
);

-- CreateTable
CREATE TABLE "log_source_account_events" (
    "logSourceId" UUID NOT NULL,
    "accountId" VARCHAR(12) NOT NULL,
    "events" BIGINT NOT NULL,
    "firstSeenAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "log_source_account_events_pkey" PRIMARY KEY ("logSourceId","accountId")
);

-- CreateIndex
CREATE INDEX "log_source_account_events_accountId_idx" ON "log_source_account_events"("accountId");

-- AddForeignKey
ALTER TABLE "organization_admins" ADD CONSTRAINT "organization_admins_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "log_source_account_events" ADD CONSTRAINT "log_source_account_events_logSourceId_fkey" FOREIGN KEY ("logSourceId") REFERENCES "log_sources"("id") ON DELETE CASCADE ON UPDATE CASCADE;

