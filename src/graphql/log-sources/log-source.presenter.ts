import { credentialsTypeOf } from "../../ingest/locations/s3-credentials.js";
import { formatLocation } from "../../services/log-sources/location.js";
import { logSourceStatus } from "../../services/log-sources/log-source-status.js";
import type { LogSourceWithOwner } from "../../services/log-sources/log-source-service.js";
import { type CredentialsTypeEnum, type LogSourceKindEnum, type LogSourceLocationEnum, type LogSourceStateEnum, type LogSourceType } from "./log-source.types.js";

export function presentLogSource(source: LogSourceWithOwner): LogSourceType {
  const status = logSourceStatus(source);
  return {
    logSourceId: source.id,
    detectorId: source.detectorId,
    accountId: source.detector.account.accountId,
    name: source.name,
    kind: source.kind as LogSourceKindEnum,
    locationType: source.location as LogSourceLocationEnum,
    location: formatLocation(source),
    s3Region: source.s3Region,
    s3Endpoint: source.s3Endpoint,
    s3ForcePathStyle: source.s3ForcePathStyle,
    credentialsType: credentialsTypeOf(source.credentialsCipher) as CredentialsTypeEnum | null,
    pollIntervalSeconds: source.pollIntervalSeconds,
    backfillDays: source.backfillDays,
    enabled: source.enabled,
    organizationSource: source.organizationSource,
    status: { ...status, state: status.state as LogSourceStateEnum },
    createdAt: source.createdAt,
    updatedAt: source.updatedAt,
  };
}
