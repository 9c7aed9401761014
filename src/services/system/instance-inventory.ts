import { applyInventoryChanges, inventorySnapshot, purgeInstancesTerminatedBefore } from "../../db/inventory/ec2-inventory.js";
import type { Database } from "../../db/prisma.js";
import type { Finding } from "../../detection/findings/types.js";
import { describedFinding, inventoryKeysOf } from "../../detection/inventory/instance-details.js";
import type { InventoryChange } from "../../detection/inventory/inventory-model.js";

/**
 * The EC2 inventory each detector keeps from its accounts' CloudTrail, and the instance findings it
 * describes. A system service (see ./README.md): the workers call it for each log object, once with
 * the object's changes and once with its findings, each a statement or two per detector.
 */
export class InstanceInventory {
  constructor(private readonly db: Database) {}

  /** Applies an object's changes, grouped by the detector their events were routed to; the number of instance records written. */
  async record(changesByDetector: ReadonlyMap<string, readonly InventoryChange[]>): Promise<number> {
    let written = 0;
    for (const [detectorId, changes] of changesByDetector) written += await applyInventoryChanges(this.db, detectorId, changes);
    return written;
  }

  /** The findings, each instance finding described from its own detector's inventory. */
  async describe(findings: readonly Finding[]): Promise<Finding[]> {
    const keysByDetector = new Map<string, Set<string>>();
    for (const finding of findings) {
      const keys = inventoryKeysOf(finding);
      if (keys.length === 0) continue;
      const detectorKeys = keysByDetector.get(finding.service.detectorId) ?? new Set<string>();
      for (const key of keys) detectorKeys.add(key);
      keysByDetector.set(finding.service.detectorId, detectorKeys);
    }
    if (keysByDetector.size === 0) return [...findings];
    const snapshots = new Map(await Promise.all([...keysByDetector].map(async ([detectorId, keys]) => [detectorId, await inventorySnapshot(this.db, detectorId, [...keys])] as const)));
    return findings.map((finding) => {
      const snapshot = snapshots.get(finding.service.detectorId);
      return snapshot ? describedFinding(finding, snapshot) : finding;
    });
  }

  /** System task: forgets instances terminated before `cutoff` (findings about them are past retention too). */
  purgeTerminatedBefore(cutoff: Date): Promise<number> {
    return purgeInstancesTerminatedBefore(this.db, cutoff);
  }
}
