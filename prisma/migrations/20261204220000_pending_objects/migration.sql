-- CreateTable
CREATE TABLE "pending_objects" (
    "logSourceId" UUID NOT NULL,
    "objectKey" TEXT NOT NULL,
    "size" BIGINT NOT NULL,
    "lastModified" TIMESTAMPTZ(3) NOT NULL,
    "body" BYTEA,
    "queuedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pending_objects_pkey" PRIMARY KEY ("logSourceId","objectKey")
);

-- CreateTable
CREATE TABLE "system_counters" (
    "name" TEXT NOT NULL,
    "value" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "system_counters_pkey" PRIMARY KEY ("name")
);

-- AddForeignKey
ALTER TABLE "pending_objects" ADD CONSTRAINT "pending_objects_logSourceId_fkey" FOREIGN KEY ("logSourceId") REFERENCES "log_sources"("id") ON DELETE CASCADE ON UPDATE CASCADE;

