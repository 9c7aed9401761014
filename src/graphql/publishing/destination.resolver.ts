import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from "type-graphql";
import type { DestinationView } from "../../services/publishing/destination-service.js";
import type { GraphQLContext } from "../context.js";
import {
  CreatePublishingDestinationResult,
  DestinationTypeEnum,
  PublishingDestinationPage,
  PublishingDestinationType,
  PublishingStatusEnum,
  S3DestinationInput,
  WebhookDestinationInput,
  WebhookDestinationUpdateInput,
} from "./destination.types.js";

function presentDestination(row: DestinationView): PublishingDestinationType {
  const destinationArn = row.type === "S3" ? `arn:aws:s3:::${[row.s3Bucket, row.s3Prefix].filter(Boolean).join("/")}` : (row.url ?? "");
  return {
    destinationId: row.id,
    destinationType: row.type as DestinationTypeEnum,
    status: row.status as PublishingStatusEnum,
    destinationProperties: {
      destinationArn,
      url: row.url,
      bucket: row.s3Bucket,
      prefix: row.s3Prefix,
      region: row.s3Region,
      endpoint: row.s3Endpoint,
      hasCredentials: row.hasCredentials,
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
  @Mutation(() => CreatePublishingDestinationResult, { description: "A webhook (give webhook) or an S3-compatible bucket (give s3); at most 10 per detector." })
  async createPublishingDestination(
    @Arg("detectorId", () => ID) detectorId: string,
    @Arg("destinationType", () => DestinationTypeEnum) destinationType: DestinationTypeEnum,
    @Arg("webhook", () => WebhookDestinationInput, { nullable: true }) webhook: WebhookDestinationInput | null,
    @Arg("s3", () => S3DestinationInput, { nullable: true }) s3: S3DestinationInput | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<CreatePublishingDestinationResult> {
    const created = await ctx.services.destinations.create(ctx.actor, detectorId, { destinationType, webhook, s3 });
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
    @Arg("enable", () => Boolean, { nullable: true }) enable: boolean | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<PublishingDestinationType> {
    return presentDestination(await ctx.services.destinations.update(ctx.actor, detectorId, destinationId, { webhook, s3, enable }));
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
