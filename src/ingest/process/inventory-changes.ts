import type { VigilEvent } from "../../detection/events.js";
import { INVENTORY_CALLS, inventoryChangesOf } from "../../detection/inventory/cloudtrail-changes.js";
import type { InventoryChange } from "../../detection/inventory/inventory-model.js";

/** One object's EC2 inventory changes, gathered batch by batch per detector and applied once when the object is read. */
export class ObjectInventoryChanges {
  readonly byDetector = new Map<string, InventoryChange[]>();

  observe(detectorId: string, batch: readonly VigilEvent[]): void {
    for (const event of batch) {
      if (event.kind !== "cloudtrail" || !INVENTORY_CALLS.has(event.eventName)) continue;
      const changes = inventoryChangesOf(event);
      if (changes.length === 0) continue;
      const own = this.byDetector.get(detectorId);
      if (own) own.push(...changes);
      else this.byDetector.set(detectorId, changes);
    }
  }
}
