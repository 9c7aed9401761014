-- CreateEnum
CREATE TYPE "DetectorStatus" AS ENUM ('ENABLED', 'DISABLED');

-- CreateEnum
CREATE TYPE "FindingPublishingFrequency" AS ENUM ('FIFTEEN_MINUTES', 'ONE_HOUR', 'SIX_HOURS');

-- CreateEnum
CREATE TYPE "RelationshipStatus" AS ENUM ('CREATED', 'INVITED', 'ENABLED', 'DISABLED', 'REMOVED', 'RESIGNED');

-- CreateEnum
CREATE TYPE "InvitationStatus" AS ENUM ('PENDING', 'ACCEPTED', 'DECLINED', 'DELETED', 'WITHDRAWN');

-- CreateEnum
CREATE TYPE "ActorKind" AS ENUM ('OPERATOR', 'ACCOUNT', 'SYSTEM');

-- CreateTable
CREATE TABLE "detectors" (
    "id" VARCHAR(32) NOT NULL,
    "accountId" UUID NOT NULL,
    "status" "DetectorStatus" NOT NULL,
    "findingPublishingFrequency" "FindingPublishingFrequency" NOT NULL DEFAULT 'SIX_HOURS',
    "cloudTrail" BOOLEAN NOT NULL DEFAULT true,
    "flowLogs" BOOLEAN NOT NULL DEFAULT true,
    "dnsLogs" BOOLEAN NOT NULL DEFAULT true,
    "s3DataEvents" BOOLEAN NOT NULL DEFAULT true,
    "tags" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "detectors_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "memberships" (
    "id" UUID NOT NULL,
    "administratorId" UUID NOT NULL,
    "memberId" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "relationshipStatus" "RelationshipStatus" NOT NULL DEFAULT 'CREATED',
    "invitedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "memberships_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "invitations" (
    "id" VARCHAR(32) NOT NULL,
    "membershipId" UUID NOT NULL,
    "message" TEXT,
    "status" "InvitationStatus" NOT NULL DEFAULT 'PENDING',
    "invitedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "respondedAt" TIMESTAMPTZ(3),

    CONSTRAINT "invitations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_events" (
    "id" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "relatedAccountId" UUID,
    "actorKind" "ActorKind" NOT NULL,
    "actorAccountId" UUID,
    "apiKeyId" UUID,
    "operation" TEXT NOT NULL,
    "targetType" TEXT NOT NULL,
    "targetId" TEXT NOT NULL,
    "before" JSONB,
    "after" JSONB,
    "securityRelevant" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "detectors_accountId_key" ON "detectors"("accountId");

-- CreateIndex
CREATE INDEX "memberships_administratorId_createdAt_id_idx" ON "memberships"("administratorId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "memberships_memberId_relationshipStatus_idx" ON "memberships"("memberId", "relationshipStatus");

-- CreateIndex
CREATE UNIQUE INDEX "memberships_administratorId_memberId_key" ON "memberships"("administratorId", "memberId");

-- CreateIndex
CREATE INDEX "invitations_membershipId_status_idx" ON "invitations"("membershipId", "status");

-- CreateIndex
CREATE INDEX "audit_events_accountId_createdAt_id_idx" ON "audit_events"("accountId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "audit_events_relatedAccountId_createdAt_id_idx" ON "audit_events"("relatedAccountId", "createdAt", "id");

-- AddForeignKey
ALTER TABLE "detectors" ADD CONSTRAINT "detectors_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_administratorId_fkey" FOREIGN KEY ("administratorId") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_membershipId_fkey" FOREIGN KEY ("membershipId") REFERENCES "memberships"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Hand-written (Prisma's schema language has no partial indexes or triggers).
-- An account is associated with at most one administrator at a time, even under concurrent accepts.
CREATE UNIQUE INDEX "memberships_one_administrator_per_member" ON "memberships"("memberId")
  WHERE "relationshipStatus" IN ('ENABLED', 'DISABLED');

-- At most one pending invitation per membership: a re-invite withdraws the previous one.
CREATE UNIQUE INDEX "invitations_one_pending_per_membership" ON "invitations"("membershipId")
  WHERE "status" = 'PENDING';

-- The audit log is append-only: whoever can write to the API cannot rewrite history through it.
CREATE FUNCTION "audit_events_are_immutable"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_events rows cannot be updated';
END;
$$;
CREATE TRIGGER "audit_events_no_update" BEFORE UPDATE ON "audit_events"
  FOR EACH ROW EXECUTE FUNCTION "audit_events_are_immutable"();
