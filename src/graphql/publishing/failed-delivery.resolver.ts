import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from "type-graphql";
import type { FailedDelivery as StoredFailedDelivery } from "../../services/publishing/failed-deliveries.js";
import type { GraphQLContext } from "../context.js";
import { FailedDelivery, FailedDeliveryPage } from "./failed-delivery.types.js";

function presentFailedDelivery(row: StoredFailedDelivery): FailedDelivery {
  return {
    deliveryId: row.id,
    destinationId: row.destinationId,
    findingId: row.findingId,
    findingVersion: row.findingVersion,
    attempts: row.attempts,
    lastError: row.lastError,
    queuedAt: row.createdAt,
    failedAt: row.finishedAt,
  };
}

/** The dead letters of the caller's own detector's publishing destinations. */
@Resolver()
export class FailedDeliveryResolver {
  @Query(() => FailedDeliveryPage, { description: "Deliveries given up on, oldest failure first; of one destination when destinationId is given." })
  async listFailedDeliveries(
    @Arg("detectorId", () => ID) detectorId: string,
    @Arg("destinationId", () => ID, { nullable: true }) destinationId: string | null,
    @Arg("first", () => Int, { nullable: true }) first: number | null,
    @Arg("after", () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<FailedDeliveryPage> {
    const page = await ctx.services.failedDeliveries.list(ctx.actor, detectorId, destinationId ?? null, { first, after });
    return { deliveries: page.items.map(presentFailedDelivery), nextCursor: page.nextCursor };
  }

  @Mutation(() => Boolean, { description: "Queues a failed delivery again with a fresh set of attempts and its original Idempotency-Key." })
  async replayDelivery(@Arg("detectorId", () => ID) detectorId: string, @Arg("deliveryId", () => ID) deliveryId: string, @Ctx() ctx: GraphQLContext): Promise<boolean> {
    await ctx.services.failedDeliveries.replay(ctx.actor, detectorId, deliveryId);
    return true;
  }

  @Mutation(() => Int, { description: "Queues every failed delivery of the destination again; answers how many." })
  async replayFailedDeliveries(@Arg("detectorId", () => ID) detectorId: string, @Arg("destinationId", () => ID) destinationId: string, @Ctx() ctx: GraphQLContext): Promise<number> {
    return ctx.services.failedDeliveries.replayAll(ctx.actor, detectorId, destinationId);
  }
}
