-- A partition's cells in the order statistics by resource answer them: largest first, then resource
-- type and key (keyed before unkeyed). With many groups tied at the k-th largest count (thousands of
-- buckets with the same number of findings), an account counted in one partition reads only its first
-- k cells in this order instead of every cell at or above the threshold (src/db/findings/resource-counts.ts).
-- It replaces the index on the count alone, which it serves as well.
DROP INDEX "finding_counts_by_resource_top_idx";
CREATE INDEX "finding_counts_by_resource_top_idx" ON "finding_counts_by_resource"("detectorId", "accountId", "sample", "archived", "count" DESC, "resourceType", "keyed" DESC, "resourceKey");
