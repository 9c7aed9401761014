-- Why a finding's confidence (data.confidence) is what it is: Vigil's own, so kept out of GuardDuty's JSON.
-- Nullable: findings written before it say nothing, and adding it rewrites no row.
ALTER TABLE "findings" ADD COLUMN "confidenceReason" TEXT;
