-- When a source's current run of failures began (null while it works): self-protection raises a
-- finding once a source has failed for more than ten of its poll intervals.
ALTER TABLE "log_sources" ADD COLUMN "failingSince" TIMESTAMPTZ(3);
