import type { StoredIntelList } from "../../services/intel-lists/intel-list-service.js";
import type { IPSetType, ListEntryKindEnum, ListFormatEnum, ListStatusEnum, ThreatEntitySetType, ThreatIntelSetType, TrustedEntitySetType } from "./intel-list.types.js";

function fields(list: StoredIntelList) {
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

export function presentIPSet(list: StoredIntelList): IPSetType {
  return { ipSetId: list.id, ...fields(list) };
}

export function presentThreatIntelSet(list: StoredIntelList): ThreatIntelSetType {
  return { threatIntelSetId: list.id, ...fields(list) };
}

export function presentTrustedEntitySet(list: StoredIntelList): TrustedEntitySetType {
  return { trustedEntitySetId: list.id, ...fields(list) };
}

export function presentThreatEntitySet(list: StoredIntelList): ThreatEntitySetType {
  return { threatEntitySetId: list.id, ...fields(list) };
}
