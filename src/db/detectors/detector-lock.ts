import type { Transaction } from "../transaction.js";

/**
 * Locks the detector's row until the transaction ends, so concurrent creations under one detector
 * are serialised and cannot pass a per-detector count limit together.
 */
export async function lockDetector(tx: Transaction, detectorId: string): Promise<void> {
  await tx.$queryRaw`SELECT 1 FROM detectors WHERE id = ${detectorId} FOR UPDATE`;
}
