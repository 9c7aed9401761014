import { DateTimeISOResolver } from "graphql-scalars";
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { CriterionType, FindingCriteriaInput } from "../findings/criteria.types.js";

export enum DestinationTypeEnum {
  WEBHOOK = "WEBHOOK",
  S3 = "S3",
  SLACK = "SLACK",
  PAGERDUTY = "PAGERDUTY",
  SPLUNK_HEC = "SPLUNK_HEC",
}
registerEnumType(DestinationTypeEnum, {
  name: "DestinationType",
  description:
    "WEBHOOK: a signed HTTPS POST per finding. S3: JSON-lines objects in an S3-compatible bucket. SLACK: a message per finding to an incoming webhook. PAGERDUTY: Events API v2, triggered per finding and resolved when it is archived. SPLUNK_HEC: batches to an HTTP Event Collector.",
});

export enum FindingFormatEnum {
  GUARDDUTY = "GUARDDUTY",
  EVENTBRIDGE = "EVENTBRIDGE",
  OCSF = "OCSF",
  ASFF = "ASFF",
}
registerEnumType(FindingFormatEnum, {
  name: "FindingFormat",
  description:
    "GUARDDUTY: the finding as GetFindings returns it (S3's default). EVENTBRIDGE: that finding in GuardDuty's EventBridge envelope (a webhook's default). OCSF: an OCSF 1.x Detection Finding (class 2004). ASFF: a Security Hub finding.",
});

export enum SeverityLabelEnum {
  LOW = "LOW",
  MEDIUM = "MEDIUM",
  HIGH = "HIGH",
  CRITICAL = "CRITICAL",
}
registerEnumType(SeverityLabelEnum, { name: "SeverityLabel", description: "GuardDuty's bands: LOW 1.0-3.9, MEDIUM 4.0-6.9, HIGH 7.0-8.9, CRITICAL 9.0-10.0." });

export enum PublishingStatusEnum {
  PENDING_VERIFICATION = "PENDING_VERIFICATION",
  PUBLISHING = "PUBLISHING",
  UNABLE_TO_PUBLISH_FIX_DESTINATION_PROPERTY = "UNABLE_TO_PUBLISH_FIX_DESTINATION_PROPERTY",
  STOPPED = "STOPPED",
}
registerEnumType(PublishingStatusEnum, { name: "PublishingStatus" });

@InputType()
export class WebhookDestinationInput {
  @Field(() => String, { description: "https:// URL receiving a POST per finding (GuardDuty's EventBridge event shape)." })
  url!: string;

  @Field(() => String, { nullable: true, description: "16-256 characters signing X-Vigil-Signature; generated (and returned once) when omitted." })
  secret?: string | null;
}

@InputType({ description: "Only the fields given change; a new secret takes effect for the next delivery." })
export class WebhookDestinationUpdateInput {
  @Field(() => String, { nullable: true })
  url?: string | null;

  @Field(() => String, { nullable: true })
  secret?: string | null;
}

@InputType({ description: "Write-only access keys for the bucket; without them the worker's own credentials are used." })
export class DestinationCredentialsInput {
  @Field(() => String)
  accessKeyId!: string;

  @Field(() => String)
  secretAccessKey!: string;

  @Field(() => String, { nullable: true })
  sessionToken?: string | null;
}

@InputType()
export class S3DestinationInput {
  @Field(() => String)
  bucket!: string;

  @Field(() => String, { nullable: true, description: "Objects go under <prefix>/AWSLogs/<account>/GuardDuty/<region>/<yyyy>/<mm>/<dd>/." })
  prefix?: string | null;

  @Field(() => String, { nullable: true, description: "us-east-1 by default." })
  region?: string | null;

  @Field(() => String, { nullable: true, description: "An S3-compatible endpoint (MinIO, Ceph…), addressed path-style." })
  endpoint?: string | null;

  @Field(() => DestinationCredentialsInput, { nullable: true })
  credentials?: DestinationCredentialsInput | null;
}

@InputType({ description: "The incoming-webhook URL Slack gave: a credential, stored encrypted and never shown." })
export class SlackDestinationInput {
  @Field(() => String)
  webhookUrl!: string;
}

@InputType()
export class PagerDutyDestinationInput {
  @Field(() => String, { description: "The 32-character integration key of an Events API v2 integration (stored encrypted, never shown)." })
  routingKey!: string;

  @Field(() => String, { nullable: true, description: "https://events.pagerduty.com/v2/enqueue by default (https://events.eu.pagerduty.com/v2/enqueue for EU accounts)." })
  eventsUrl?: string | null;
}

@InputType()
export class SplunkDestinationInput {
  @Field(() => String, { description: "The collector's event endpoint, e.g. https://splunk.example.com:8088/services/collector/event." })
  url!: string;

  @Field(() => String, { description: "The HEC token (a GUID), sent as Authorization: Splunk <token>; stored encrypted, never shown." })
  token!: string;

  @Field(() => String, { nullable: true, description: "aws:cloudwatch:guardduty by default, the sourcetype Splunk's AWS add-on gives GuardDuty findings." })
  sourcetype?: string | null;

  @Field(() => String, { nullable: true, description: "Without one, the token's default index." })
  index?: string | null;
}

@InputType({ description: "A destination takes only findings at least this severe and matching these criteria (as suppression rules write them)." })
export class DestinationFilterInput {
  @Field(() => SeverityLabelEnum, { nullable: true })
  minimumSeverity?: SeverityLabelEnum | null;

  @Field(() => FindingCriteriaInput, { nullable: true })
  findingCriteria?: FindingCriteriaInput | null;
}

@ObjectType()
export class DestinationFilter {
  @Field(() => SeverityLabelEnum, { nullable: true })
  minimumSeverity!: SeverityLabelEnum | null;

  @Field(() => [CriterionType], { description: "Empty: every finding." })
  criterion!: CriterionType[];
}

@ObjectType()
export class TestNotificationResult {
  @Field(() => Boolean)
  delivered!: boolean;

  @Field(() => Int, { nullable: true, description: "The receiver's HTTP status (none for S3, or when nothing answered)." })
  statusCode!: number | null;

  @Field(() => String, { nullable: true, description: "The start of the receiver's answer." })
  response!: string | null;

  @Field(() => String, { nullable: true, description: "Why the sample did not arrive." })
  error!: string | null;
}

@ObjectType()
export class DestinationProperties {
  @Field(() => String, { description: "arn:aws:s3:::<bucket>/<prefix> for S3, the URL for a webhook." })
  destinationArn!: string;

  @Field(() => String, { nullable: true })
  url!: string | null;

  @Field(() => String, { nullable: true })
  bucket!: string | null;

  @Field(() => String, { nullable: true })
  prefix!: string | null;

  @Field(() => String, { nullable: true })
  region!: string | null;

  @Field(() => String, { nullable: true })
  endpoint!: string | null;

  @Field(() => Boolean, { description: "Whether access keys are stored (never returned)." })
  hasCredentials!: boolean;

  @Field(() => String, { nullable: true, description: "SPLUNK_HEC: the events' sourcetype." })
  sourcetype!: string | null;

  @Field(() => String, { nullable: true, description: "SPLUNK_HEC: the index, when not the token's default." })
  index!: string | null;
}

@ObjectType("PublishingDestination")
export class PublishingDestinationType {
  @Field(() => ID)
  destinationId!: string;

  @Field(() => DestinationTypeEnum)
  destinationType!: DestinationTypeEnum;

  @Field(() => PublishingStatusEnum)
  status!: PublishingStatusEnum;

  @Field(() => DestinationProperties)
  destinationProperties!: DestinationProperties;

  @Field(() => FindingFormatEnum)
  format!: FindingFormatEnum;

  @Field(() => DestinationFilter)
  filter!: DestinationFilter;

  @Field(() => String, { nullable: true, description: "Why the last delivery failed." })
  lastError!: string | null;

  @Field(() => DateTimeISOResolver, { nullable: true, description: "GuardDuty's PublishingFailureStartTimestamp: when deliveries started failing." })
  publishingFailureStartedAt!: Date | null;

  @Field(() => DateTimeISOResolver)
  createdAt!: Date;

  @Field(() => DateTimeISOResolver)
  updatedAt!: Date;
}

@ObjectType()
export class CreatePublishingDestinationResult {
  @Field(() => PublishingDestinationType)
  destination!: PublishingDestinationType;

  @Field(() => String, { nullable: true, description: "The webhook signing secret Vigil generated: shown this once." })
  signingSecret!: string | null;
}

@ObjectType()
export class PublishingDestinationPage {
  @Field(() => [PublishingDestinationType])
  destinations!: PublishingDestinationType[];

  @Field(() => String, { nullable: true })
  nextCursor!: string | null;
}
