import { dataSourcesOf } from "../../services/detectors/data-sources.js";
import type { StoredDetector } from "../../services/detectors/detector-service.js";
import { DetectorStatusEnum, type DetectorType, type FindingPublishingFrequencyEnum } from "./detector.types.js";

export function presentDetector(detector: StoredDetector, ownerAccountId: string): DetectorType {
  return {
    detectorId: detector.id,
    accountId: ownerAccountId,
    status: detector.status as DetectorStatusEnum,
    findingPublishingFrequency: detector.findingPublishingFrequency as FindingPublishingFrequencyEnum,
    membersCanArchive: detector.membersCanArchive,
    trustedAccountIds: detector.trustedAccountIds,
    dataSources: dataSourcesOf(detector).map((d) => ({ name: d.name, status: d.enabled ? DetectorStatusEnum.ENABLED : DetectorStatusEnum.DISABLED })),
    tags: detector.tags as Record<string, string>,
    createdAt: detector.createdAt,
    updatedAt: detector.updatedAt,
  };
}
