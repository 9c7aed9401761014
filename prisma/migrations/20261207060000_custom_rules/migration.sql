-- CreateEnum
CREATE TYPE "CustomRuleScope" AS ENUM ('DETECTOR', 'MEMBERS');

-- CreateEnum
CREATE TYPE "CustomRuleFaultReason" AS ENUM ('ERROR', 'SLOW');

-- CreateTable
CREATE TABLE "custom_rules" (
    "id" UUID NOT NULL,
    "detectorId" VARCHAR(32) NOT NULL,
    "source" TEXT NOT NULL,
    "sigmaId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "author" TEXT NOT NULL,
    "findingType" TEXT NOT NULL,
    "severity" DOUBLE PRECISION NOT NULL,
    "scope" "CustomRuleScope" NOT NULL DEFAULT 'DETECTOR',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "custom_rules_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "custom_rule_faults" (
    "customRuleId" UUID NOT NULL,
    "detectorId" VARCHAR(32) NOT NULL,
    "version" INTEGER NOT NULL,
    "reason" "CustomRuleFaultReason" NOT NULL,
    "message" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "custom_rule_faults_pkey" PRIMARY KEY ("customRuleId","detectorId")
);

-- CreateTable
CREATE TABLE "custom_rule_costs" (
    "customRuleId" UUID NOT NULL,
    "detectorId" VARCHAR(32) NOT NULL,
    "events" BIGINT NOT NULL DEFAULT 0,
    "nanoseconds" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "custom_rule_costs_pkey" PRIMARY KEY ("customRuleId","detectorId")
);

-- CreateIndex
CREATE UNIQUE INDEX "custom_rules_detectorId_sigmaId_key" ON "custom_rules"("detectorId", "sigmaId");

-- AddForeignKey
ALTER TABLE "custom_rules" ADD CONSTRAINT "custom_rules_detectorId_fkey" FOREIGN KEY ("detectorId") REFERENCES "detectors"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "custom_rule_faults" ADD CONSTRAINT "custom_rule_faults_customRuleId_fkey" FOREIGN KEY ("customRuleId") REFERENCES "custom_rules"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "custom_rule_costs" ADD CONSTRAINT "custom_rule_costs_customRuleId_fkey" FOREIGN KEY ("customRuleId") REFERENCES "custom_rules"("id") ON DELETE CASCADE ON UPDATE CASCADE;

