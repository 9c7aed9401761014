-- Bodies kept while their object waits (pushes, Firehose requests, EventBridge events) are gzip'd, or a
-- Firehose request's base64 of gzip'd records: pglz finds next to nothing to take out of either, yet trying
-- cost PostgreSQL about 20 ms of CPU per 320 KB body, the most of what storing a Firehose request cost.
-- Stored out of line and uncompressed. Rows written before keep their format; reads need no change.
ALTER TABLE "pending_objects" ALTER COLUMN "body" SET STORAGE EXTERNAL;
