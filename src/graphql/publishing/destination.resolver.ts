import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from "type-graphql";
import { criteriaFromEntries, criteriaToEntries, type FindingCriteria } from "../../services/findings/criteria/criteria.js";
import type { DestinationView } from "../../services/publishing/destination-service.js";
import type { GraphQLContext } from "../context.js";
import {
  CreatePublishingDestinationResult,
  DestinationFilterInput,
  DestinationTypeEnum,
  FindingFormatEnum,
  PagerDutyDestinationInput,
  PublishingDestinationPage,
  PublishingDestinationType,
  PublishingStatusEnum,
  S3DestinationInput,
  SeverityLabelEnum,
  SlackDestinationInput,
  SplunkDestinationInput,
  TestNotificationResult,
  WebhookDestinationInput,
  WebhookDestinationUpdateInput,
} from "./destination.types.js";

/** The filter as the service stores it (GuardDuty's criteria shape). */
function filterCommand(filter: DestinationFilterInput | null) {
  if (!filter) return null;
  return { minimumSeverity: filter.minimumSeverity ?? null, findingCriteria: filter.findingCriteria ? criteriaFromEntries(filter.findingCriteria.criterion) : null };
}

/** A Slack webhook URL is a credential: the destination shows only that it points at Slack. */
function destinationArn(row: DestinationView): string {
  if (row.type === "S3") return `arn:aws:s3:::${[row.s3Bucket, row.s3Prefix].filter(Boolean).join("/")}`;
  if (row.type === "SLACK") return "slack:incoming-webhook";
  return row.url ?? "";
}

function presentDestination(row: DestinationView): PublishingDestinationType {
  return {
    destinationId: row.id,
    destinationType: row.type as DestinationTypeEnum,
    status: row.status as PublishingStatusEnum,
    format: row.format as FindingFormatEnum,
    filter: {
      minimumSeverity: row.minimumSeverity as SeverityLabelEnum | null,
      criterion: row.findingCriteria ? criteriaToEntries(row.findingCriteria as FindingCriteria) : [],
    },
    destinationProperties: {
      destinationArn: destinationArn(row),
      url: row.url,
      bucket: row.s3Bucket,
      prefix: row.s3Prefix,
      region: row.s3Region,
      endpoint: row.s3Endpoint,
      hasCredentials: row.hasCredentials,
      sourcetype: row.splunkSourcetype,
      index: row.splunkIndex,
    },
    lastError: row.lastError,
    publishingFailureStartedAt: row.publishingFailureStartedAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** GuardDuty's publishing destinations, on the caller's own detector; an administrator's also receive its members' findings. */
@Resolver()
export class PublishingDestinationResolver {
  @Mutation(() => CreatePublishingDestinationResult, { description: "Give the properties of its type (webhook, s3, slack, pagerDuty or splunk); at most 10 per detector." })
  async createPublishingDestination(
    @Arg("detectorId", () => ID) detectorId: string,
    @Arg("destinationType", () => DestinationTypeEnum) destinationType: DestinationTypeEnum,
    @Arg("webhook", () => WebhookDestinationInput, { nullable: true }) webhook: WebhookDestinationInput | null,
    @Arg("s3", () => S3DestinationInput, { nullable: true }) s3: S3DestinationInput | null,
    @Arg("slack", () => SlackDestinationInput, { nullable: true }) slack: SlackDestinationInput | null,
    @Arg("pagerDuty", () => PagerDutyDestinationInput, { nullable: true }) pagerDuty: PagerDutyDestinationInput | null,
    @Arg("splunk", () => SplunkDestinationInput, { nullable: true }) splunk: SplunkDestinationInput | null,
    @Arg("format", () => FindingFormatEnum, { nullable: true, description: "EVENTBRIDGE for a webhook, GUARDDUTY otherwise, by default; SLACK takes none." }) format: FindingFormatEnum | null,
    @Arg("filter", () => DestinationFilterInput, { nullable: true }) filter: DestinationFilterInput | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<CreatePublishingDestinationResult> {
    const created = await ctx.services.destinations.create(ctx.actor, detectorId, { destinationType, webhook, s3, slack, pagerDuty, splunk, format, filter: filterCommand(filter) });
    return { destination: presentDestination(created.destination), signingSecret: created.signingSecret };
  }

  @Query(() => PublishingDestinationType)
  async describePublishingDestination(
    @Arg("detectorId", () => ID) detectorId: string,
    @Arg("destinationId", () => ID) destinationId: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<PublishingDestinationType> {
    return presentDestination(await ctx.services.destinations.describe(ctx.actor, detectorId, destinationId));
  }

  @Query(() => PublishingDestinationPage)
  async listPublishingDestinations(
    @Arg("detectorId", () => ID) detectorId: string,
    @Arg("first", () => Int, { nullable: true }) first: number | null,
    @Arg("after", () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<PublishingDestinationPage> {
    const page = await ctx.services.destinations.list(ctx.actor, detectorId, { first, after });
    return { destinations: page.items.map(presentDestination), nextCursor: page.nextCursor };
  }

  @Mutation(() => PublishingDestinationType, { description: "New properties, a new secret, or enable: false (STOPPED) / true (PUBLISHING)." })
  async updatePublishingDestination(
    @Arg("detectorId", () => ID) detectorId: string,
    @Arg("destinationId", () => ID) destinationId: string,
    @Arg("webhook", () => WebhookDestinationUpdateInput, { nullable: true }) webhook: WebhookDestinationUpdateInput | null,
    @Arg("s3", () => S3DestinationInput, { nullable: true }) s3: S3DestinationInput | null,
    @Arg("slack", () => SlackDestinationInput, { nullable: true }) slack: SlackDestinationInput | null,
    @Arg("pagerDuty", () => PagerDutyDestinationInput, { nullable: true }) pagerDuty: PagerDutyDestinationInput | null,
    @Arg("splunk", () => SplunkDestinationInput, { nullable: true }) splunk: SplunkDestinationInput | null,
    @Arg("format", () => FindingFormatEnum, { nullable: true }) format: FindingFormatEnum | null,
    @Arg("filter", () => DestinationFilterInput, { nullable: true, description: "Replaces the filter; {} takes every finding again." }) filter: DestinationFilterInput | null,
    @Arg("enable", () => Boolean, { nullable: true }) enable: boolean | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<PublishingDestinationType> {
    return presentDestination(await ctx.services.destinations.update(ctx.actor, detectorId, destinationId, { webhook, s3, slack, pagerDuty, splunk, format, filter: filterCommand(filter), enable }));
  }

  @Mutation(() => TestNotificationResult, { description: "Delivers a [SAMPLE] finding to the destination now, whatever its filter, and answers what the receiver said." })
  async sendTestNotification(
    @Arg("detectorId", () => ID) detectorId: string,
    @Arg("destinationId", () => ID) destinationId: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<TestNotificationResult> {
    return ctx.services.destinations.sendTestNotification(ctx.actor, detectorId, destinationId);
  }

  @Mutation(() => Boolean)
  async deletePublishingDestination(
    @Arg("detectorId", () => ID) detectorId: string,
    @Arg("destinationId", () => ID) destinationId: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<boolean> {
    await ctx.services.destinations.delete(ctx.actor, detectorId, destinationId);
    return true;
  }
}
