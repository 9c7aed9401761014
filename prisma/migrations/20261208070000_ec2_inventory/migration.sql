-- The EC2 inventory kept from CloudTrail (RunInstances, CreateTags, state changes, addresses, security
-- groups, instance profiles), per detector, so flow and DNS findings describe their instance as
-- GuardDuty's do. New tables only.

-- CreateTable
CREATE TABLE "ec2_instances" (
    "detectorId" VARCHAR(32) NOT NULL,
    "instanceId" TEXT NOT NULL,
    "accountId" VARCHAR(12) NOT NULL,
    "region" TEXT NOT NULL,
    "record" JSONB NOT NULL,
    "lookupKeys" TEXT[],
    "groupIds" TEXT[],
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ec2_instances_pkey" PRIMARY KEY ("detectorId","instanceId")
);

-- CreateTable
CREATE TABLE "ec2_security_groups" (
    "detectorId" VARCHAR(32) NOT NULL,
    "groupId" TEXT NOT NULL,
    "accountId" VARCHAR(12) NOT NULL,
    "groupName" TEXT NOT NULL,
    "vpcId" TEXT,

    CONSTRAINT "ec2_security_groups_pkey" PRIMARY KEY ("detectorId","groupId")
);

-- CreateIndex
CREATE INDEX "ec2_instances_lookupKeys_idx" ON "ec2_instances" USING GIN ("lookupKeys");

-- AddForeignKey
ALTER TABLE "ec2_instances" ADD CONSTRAINT "ec2_instances_detectorId_fkey" FOREIGN KEY ("detectorId") REFERENCES "detectors"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ec2_security_groups" ADD CONSTRAINT "ec2_security_groups_detectorId_fkey" FOREIGN KEY ("detectorId") REFERENCES "detectors"("id") ON DELETE CASCADE ON UPDATE CASCADE;
