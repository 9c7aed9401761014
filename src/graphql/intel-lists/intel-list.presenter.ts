import type { IntelList } from "../../generated/prisma/client.js";
import type { IPSetType, ListEntryKindEnum, ListFormatEnum, ListStatusEnum, ThreatIntelSetType } from "./intel-list.types.js";

function fields(list: IntelList) {
  return {
    name: list.name,
    format: list.format as ListFormatEnum,
    location: list.location,
    status: list.status as ListStatusEnum,
    statusMessage: list.statusMessage,
    entryCount: list.entryCount,
    rejectedCount: list.rejectedCount,
    entryKinds: list.entryKinds as ListEntryKindEnum[],
    tags: list.tags as Record<string, string>,
    activatedAt: list.activatedAt,
    createdAt: list.createdAt,
    updatedAt: list.updatedAt,
  };
}

export function presentIPSet(list: IntelList): IPSetType {
  return { ipSetId: list.id, ...fields(list) };
}

export function presentThreatIntelSet(list: IntelList): ThreatIntelSetType {
  return { threatIntelSetId: list.id, ...fields(list) };
}
