import { DateTimeISOResolver, SafeIntResolver } from "graphql-scalars";
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";

export enum LogSourceKindEnum {
  CLOUD_TRAIL = "CLOUD_TRAIL",
  VPC_FLOW_LOGS = "VPC_FLOW_LOGS",
  DNS_QUERY_LOGS = "DNS_QUERY_LOGS",
  S3_DATA_EVENTS = "S3_DATA_EVENTS",
}
registerEnumType(LogSourceKindEnum, { name: "LogSourceKind", description: "What a source delivers; S3_DATA_EVENTS are CloudTrail data events." });

export enum LogSourceLocationEnum {
  S3 = "S3",
  LOCAL = "LOCAL",
  PUSH = "PUSH",
  FIREHOSE = "FIREHOSE",
  EVENTBRIDGE = "EVENTBRIDGE",
}
registerEnumType(LogSourceLocationEnum, { name: "LogSourceLocationType" });

export enum LogSourceStateEnum {
  OK = "OK",
  ERROR = "ERROR",
}
registerEnumType(LogSourceStateEnum, { name: "LogSourceState", description: "ERROR: the location could not be listed or read; see lastError." });

export enum CredentialsTypeEnum {
  ACCESS_KEY = "ACCESS_KEY",
  ASSUME_ROLE = "ASSUME_ROLE",
}
registerEnumType(CredentialsTypeEnum, { name: "LogSourceCredentialsType" });

@InputType({ description: "Write-only: stored encrypted, never returned. Access keys, or a role the worker assumes with its own credentials." })
export class LogSourceCredentialsInput {
  @Field(() => String, { nullable: true })
  accessKeyId!: string | null;

  @Field(() => String, { nullable: true })
  secretAccessKey!: string | null;

  @Field(() => String, { nullable: true })
  sessionToken!: string | null;

  @Field(() => String, { nullable: true })
  roleArn!: string | null;

  @Field(() => String, { nullable: true })
  externalId!: string | null;
}

const ORGANIZATION_SOURCE_HELP =
  "The source carries an organisation's logs (an administrator's organisation trail, shared flow logs): events naming an account of the owner's organisation are analysed for that account. Otherwise, and by default, only events of the owner's own account are analysed; the others are counted in status.eventsDroppedOtherAccount.";
const LOCATION_HELP =
  "s3://bucket/prefix, push (for POST /ingest/{logSourceId}), firehose (an Amazon Data Firehose HTTP endpoint), eventbridge (an EventBridge API destination), or a folder inside the logs root (VIGIL_LOGS_ROOT).";
const FLOW_LOG_FORMAT_HELP = "Firehose flow logs only: the flow log's LogFormat (${version} ${account-id} …); default AWS's default format.";

@InputType()
export class CreateLogSourceInput {
  @Field(() => String)
  name!: string;

  @Field(() => LogSourceKindEnum)
  kind!: LogSourceKindEnum;

  @Field(() => String, { description: LOCATION_HELP })
  location!: string;

  @Field(() => String, { nullable: true, description: "S3 only; default us-east-1." })
  s3Region!: string | null;

  @Field(() => String, { nullable: true, description: "S3 only: the endpoint of an S3-compatible store." })
  s3Endpoint!: string | null;

  @Field(() => Boolean, { nullable: true, description: "S3 only; default true with an endpoint, false without." })
  s3ForcePathStyle!: boolean | null;

  @Field(() => LogSourceCredentialsInput, { nullable: true, description: "S3 only; without, the worker's own AWS credentials are used." })
  credentials!: LogSourceCredentialsInput | null;

  @Field(() => Int, { nullable: true, description: "Seconds between listings (1 to 86400); default 60." })
  pollIntervalSeconds!: number | null;

  @Field(() => Int, {
    nullable: true,
    description:
      "S3 and local folders: on its first poll the source reads only the last N days (0 to 90) already in its location " +
      "(S3: the date folders from that day on; a folder: files modified since), so baselines learn from them. Default: everything.",
  })
  backfillDays!: number | null;

  @Field(() => Boolean, { nullable: true, description: "Default true." })
  enabled!: boolean | null;

  @Field(() => Boolean, { nullable: true, description: ORGANIZATION_SOURCE_HELP })
  organizationSource!: boolean | null;
  @Field(() => String, { nullable: true, description: FLOW_LOG_FORMAT_HELP })
  flowLogFormat!: string | null;
}

@InputType({ description: "Only the fields given change." })
export class UpdateLogSourceInput {
  @Field(() => String, { nullable: true })
  name!: string | null;

  @Field(() => String, { nullable: true, description: `${LOCATION_HELP} A new location is listed from its beginning.` })
  location!: string | null;

  @Field(() => String, { nullable: true })
  s3Region!: string | null;

  @Field(() => String, { nullable: true })
  s3Endpoint!: string | null;

  @Field(() => Boolean, { nullable: true })
  s3ForcePathStyle!: boolean | null;

  @Field(() => LogSourceCredentialsInput, { nullable: true, description: "Replaces the stored credentials." })
  credentials!: LogSourceCredentialsInput | null;

  @Field(() => Boolean, { nullable: true, description: "Forgets the stored credentials: the worker's own are used." })
  clearCredentials!: boolean | null;

  @Field(() => Int, { nullable: true })
  pollIntervalSeconds!: number | null;

  @Field(() => Boolean, { nullable: true })
  enabled!: boolean | null;

  @Field(() => Boolean, { nullable: true })
  organizationSource!: boolean | null;
  @Field(() => String, { nullable: true, description: FLOW_LOG_FORMAT_HELP })
  flowLogFormat!: string | null;
}

@ObjectType({ description: "How far a source's ingestion got." })
export class LogSourceStatusType {
  @Field(() => LogSourceStateEnum)
  state!: LogSourceStateEnum;

  @Field(() => String, { nullable: true, description: "The last problem: a listing or read error, or an object given up on (with its key); cleared by the next object read to its end." })
  lastError!: string | null;

  @Field(() => DateTimeISOResolver, { nullable: true })
  lastErrorAt!: Date | null;

  @Field(() => SafeIntResolver, { description: "Objects read to their end (skipped ones included)." })
  objectsProcessed!: number;

  @Field(() => SafeIntResolver)
  eventsProcessed!: number;

  @Field(() => SafeIntResolver, { description: "Bytes of the processed objects, as stored (compressed)." })
  bytesProcessed!: number;

  @Field(() => SafeIntResolver, { description: "Records that could not be parsed, skipped inside otherwise readable objects." })
  brokenRecords!: number;

  @Field(() => SafeIntResolver, { description: "Objects given up on (unreadable, or after their retries)." })
  objectsFailed!: number;

  @Field(() => SafeIntResolver, { description: "Events not analysed because they name another account than the owner's, in a source that is not an organisation source." })
  eventsDroppedOtherAccount!: number;

  @Field(() => SafeIntResolver, { description: "Events of an organisation source not analysed because the account they name is not in the owner's organisation." })
  eventsDroppedOutsideOrganization!: number;

  @Field(() => String, { nullable: true, description: "The newest object processed." })
  lastObjectKey!: string | null;

  @Field(() => DateTimeISOResolver, { nullable: true, description: "When that object landed." })
  lastObjectAt!: Date | null;

  @Field(() => String, { nullable: true, description: "The newest object the listings have seen." })
  newestObjectKey!: string | null;

  @Field(() => DateTimeISOResolver, { nullable: true })
  newestObjectAt!: Date | null;

  @Field(() => Int, { nullable: true, description: "Seconds between the newest object seen and the newest processed; null until both are known." })
  lagSeconds!: number | null;
}

@ObjectType("LogSource", { description: "Where a detector's logs of one kind come from." })
export class LogSourceType {
  @Field(() => ID)
  logSourceId!: string;

  @Field(() => ID)
  detectorId!: string;

  @Field(() => String, { description: "The 12-digit account that owns the detector." })
  accountId!: string;

  @Field(() => String)
  name!: string;

  @Field(() => LogSourceKindEnum)
  kind!: LogSourceKindEnum;

  @Field(() => LogSourceLocationEnum)
  locationType!: LogSourceLocationEnum;

  @Field(() => String, { description: "s3://bucket/prefix, the folder, push, firehose or eventbridge." })
  location!: string;

  @Field(() => String, { nullable: true, description: "Firehose and EventBridge: the path to send to, after the API's address." })
  endpointPath!: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      "Firehose and EventBridge: the access key the sender presents, in the answer that made it only (createLogSource, updateLogSource onto such a location, rotateLogSourceAccessKey); null everywhere else.",
  })
  accessKey!: string | null;

  @Field(() => String, { nullable: true, description: FLOW_LOG_FORMAT_HELP })
  flowLogFormat!: string | null;

  @Field(() => String, { nullable: true })
  s3Region!: string | null;

  @Field(() => String, { nullable: true })
  s3Endpoint!: string | null;

  @Field(() => Boolean)
  s3ForcePathStyle!: boolean;

  @Field(() => CredentialsTypeEnum, { nullable: true, description: "Which credentials are stored (they are never shown); null: the worker's own." })
  credentialsType!: CredentialsTypeEnum | null;

  @Field(() => Int)
  pollIntervalSeconds!: number;

  @Field(() => Int, { nullable: true, description: "Days already in the location the first poll read; null: everything." })
  backfillDays!: number | null;

  @Field(() => Boolean)
  enabled!: boolean;

  @Field(() => Boolean, { description: ORGANIZATION_SOURCE_HELP })
  organizationSource!: boolean;

  @Field(() => LogSourceStatusType)
  status!: LogSourceStatusType;

  @Field(() => DateTimeISOResolver)
  createdAt!: Date;

  @Field(() => DateTimeISOResolver)
  updatedAt!: Date;
}

@ObjectType()
export class LogSourcePage {
  @Field(() => [LogSourceType])
  logSources!: LogSourceType[];

  @Field(() => String, { nullable: true, description: "Pass as `after` for the next page; null on the last page." })
  nextCursor!: string | null;
}

@ObjectType({ description: "Events of an organisation source naming an account it does not route (neither its owner nor an Enabled member): counted, never analysed." })
export class OtherAccountEventsType {
  @Field(() => String)
  accountId!: string;

  @Field(() => SafeIntResolver)
  events!: number;

  @Field(() => DateTimeISOResolver)
  firstSeenAt!: Date;

  @Field(() => DateTimeISOResolver)
  lastSeenAt!: Date;
}
