import { credentialsTypeOf } from "../../ingest/locations/s3-credentials.js";
import { formatLocation } from "../../services/log-sources/location.js";
import { logSourceStatus } from "../../services/log-sources/log-source-status.js";
import type { KeyedLogSource } from "../../services/log-sources/log-source-service.js";
import { type CredentialsTypeEnum, type LogSourceKindEnum, type LogSourceLocationEnum, type LogSourceStateEnum, type LogSourceType } from "./log-source.types.js";

const ENDPOINTS: Partial<Record<string, string>> = { FIREHOSE: "/ingest/firehose/", EVENTBRIDGE: "/ingest/eventbridge/" };

export function presentLogSource(source: KeyedLogSource): LogSourceType {
  const status = logSourceStatus(source);
  return {
    logSourceId: source.id,
    detectorId: source.detectorId,
    accountId: source.detector.account.accountId,
    name: source.name,
    kind: source.kind as LogSourceKindEnum,
    locationType: source.location as LogSourceLocationEnum,
    location: formatLocation(source),
    endpointPath: ENDPOINTS[source.location] ? `${ENDPOINTS[source.location]}${source.id}` : null,
    accessKey: source.accessKey ?? null,
    flowLogFormat: source.flowLogFormat,
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
