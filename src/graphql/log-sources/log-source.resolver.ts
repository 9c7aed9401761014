import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from "type-graphql";
import type { GraphQLContext } from "../context.js";
import { presentLogSource } from "./log-source.presenter.js";
import { CreateLogSourceInput, LogSourcePage, LogSourceType, UpdateLogSourceInput } from "./log-source.types.js";

/** A detector's log sources; an administrator reaches its members' sources through their detector ids. */
@Resolver()
export class LogSourceResolver {
  @Mutation(() => LogSourceType, { description: "Adds a log source to a detector (the caller's, or a member's for its administrator)." })
  async createLogSource(
    @Arg("detectorId", () => ID) detectorId: string,
    @Arg("input", () => CreateLogSourceInput) input: CreateLogSourceInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<LogSourceType> {
    return presentLogSource(await ctx.services.logSources.create(ctx.actor, detectorId, input));
  }

  @Mutation(() => LogSourceType)
  async updateLogSource(
    @Arg("logSourceId", () => ID) logSourceId: string,
    @Arg("input", () => UpdateLogSourceInput) input: UpdateLogSourceInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<LogSourceType> {
    return presentLogSource(await ctx.services.logSources.update(ctx.actor, logSourceId, input));
  }

  @Mutation(() => LogSourceType, { description: "A new access key for a firehose or eventbridge source, shown in this answer only; the old key stops working at once." })
  async rotateLogSourceAccessKey(@Arg("logSourceId", () => ID) logSourceId: string, @Ctx() ctx: GraphQLContext): Promise<LogSourceType> {
    return presentLogSource(await ctx.services.logSources.rotateAccessKey(ctx.actor, logSourceId));
  }

  @Mutation(() => Boolean, { description: "Deletes the source and its record of processed objects; its findings stay." })
  async deleteLogSource(@Arg("logSourceId", () => ID) logSourceId: string, @Ctx() ctx: GraphQLContext): Promise<boolean> {
    await ctx.services.logSources.delete(ctx.actor, logSourceId);
    return true;
  }

  @Query(() => LogSourceType)
  async getLogSource(@Arg("logSourceId", () => ID) logSourceId: string, @Ctx() ctx: GraphQLContext): Promise<LogSourceType> {
    return presentLogSource(await ctx.services.logSources.get(ctx.actor, logSourceId));
  }

  @Query(() => LogSourcePage, { description: "A detector's log sources, oldest first." })
  async listLogSources(
    @Arg("detectorId", () => ID) detectorId: string,
    @Arg("first", () => Int, { nullable: true }) first: number | null,
    @Arg("after", () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<LogSourcePage> {
    const page = await ctx.services.logSources.list(ctx.actor, detectorId, { first, after });
    return { logSources: page.items.map(presentLogSource), nextCursor: page.nextCursor };
  }
}
