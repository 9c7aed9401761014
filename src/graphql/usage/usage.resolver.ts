import { Arg, Ctx, ID, Query, Resolver } from "type-graphql";
import type { GraphQLContext } from "../context.js";
import { UsageStatisticsType } from "./usage.types.js";

@Resolver()
export class UsageResolver {
  @Query(() => UsageStatisticsType, { description: "Objects, events and bytes Vigil processed in the last 30 days, by account, data source and source, with the top sources; accountIds narrows to some accounts." })
  async getUsageStatistics(
    @Arg("detectorId", () => ID) detectorId: string,
    @Arg("accountIds", () => [String], { nullable: true }) accountIds: string[] | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<UsageStatisticsType> {
    return ctx.services.usage.statistics(ctx.actor, detectorId, accountIds);
  }
}
