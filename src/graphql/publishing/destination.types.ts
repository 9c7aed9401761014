import { DateTimeISOResolver } from "graphql-scalars";
import { Field, ID, InputType, ObjectType, registerEnumType } from "type-graphql";

export enum DestinationTypeEnum {
  WEBHOOK = "WEBHOOK",
  S3 = "S3",
}
registerEnumType(DestinationTypeEnum, { name: "DestinationType", description: "WEBHOOK: a signed HTTPS POST per finding. S3: JSON-lines objects in an S3-compatible bucket." });

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
