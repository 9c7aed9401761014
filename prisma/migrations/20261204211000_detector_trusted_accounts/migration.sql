-- AlterTable
ALTER TABLE "detectors" ADD COLUMN     "trustedAccountIds" TEXT[] DEFAULT ARRAY[]::TEXT[];

