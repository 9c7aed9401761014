-- CreateTable
CREATE TABLE "streamed_events" (
    "logSourceId" UUID NOT NULL,
    "eventId" TEXT NOT NULL,
    "objectKey" TEXT NOT NULL,
    "receivedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "streamed_events_pkey" PRIMARY KEY ("logSourceId","eventId")
);

-- CreateIndex
CREATE INDEX "streamed_events_receivedAt_idx" ON "streamed_events"("receivedAt");

-- AddForeignKey
ALTER TABLE "streamed_events" ADD CONSTRAINT "streamed_events_logSourceId_fkey" FOREIGN KEY ("logSourceId") REFERENCES "log_sources"("id") ON DELETE CASCADE ON UPDATE CASCADE;

