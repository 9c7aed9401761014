-- AlterTable
ALTER TABLE "log_sources" ADD COLUMN     "backfillDays" INTEGER;

