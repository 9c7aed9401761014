-- CreateTable
CREATE TABLE "secret_key_fingerprint" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "fingerprint" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "secret_key_fingerprint_pkey" PRIMARY KEY ("id")
);


-- Hand-written: one row only, one key per database.
ALTER TABLE "secret_key_fingerprint" ADD CONSTRAINT "secret_key_fingerprint_one_row" CHECK ("id" = 1);
