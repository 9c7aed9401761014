import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from "type-graphql";
import type { ThreatCategory } from "../../detection/intel/index.js";
import type { GraphQLContext } from "../context.js";
import { ListFormatEnum } from "./intel-list.types.js";
import { presentThreatFeed } from "./threat-feed.presenter.js";
import { ThreatCategoryEnum, ThreatFeedPage, ThreatFeedType } from "./threat-feed.types.js";

/** Managed threat intelligence; operator only. */
@Resolver()
export class ThreatFeedResolver {
  @Mutation(() => ThreatFeedType, { description: "Adds a feed for every account; loaded within seconds, then refreshed every refreshIntervalMinutes (default 60)." })
  async createThreatFeed(
    @Arg("name", () => String) name: string,
    @Arg("format", () => ListFormatEnum) format: ListFormatEnum,
    @Arg("location", () => String) location: string,
    @Arg("category", () => ThreatCategoryEnum) category: ThreatCategory,
    @Arg("refreshIntervalMinutes", () => Int, { nullable: true }) refreshIntervalMinutes: number | null,
    @Arg("enabled", () => Boolean, { nullable: true }) enabled: boolean | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<ThreatFeedType> {
    return presentThreatFeed(await ctx.services.threatFeeds.create(ctx.actor, { name, format, location, category, refreshIntervalMinutes, enabled }));
  }

  @Mutation(() => ThreatFeedType, { description: "Changes a feed; a new location or format, or enabling it, loads it again." })
  async updateThreatFeed(
    @Arg("id", () => ID) id: string,
    @Arg("name", () => String, { nullable: true }) name: string | null,
    @Arg("format", () => ListFormatEnum, { nullable: true }) format: ListFormatEnum | null,
    @Arg("location", () => String, { nullable: true }) location: string | null,
    @Arg("category", () => ThreatCategoryEnum, { nullable: true }) category: ThreatCategory | null,
    @Arg("refreshIntervalMinutes", () => Int, { nullable: true }) refreshIntervalMinutes: number | null,
    @Arg("enabled", () => Boolean, { nullable: true }) enabled: boolean | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<ThreatFeedType> {
    return presentThreatFeed(await ctx.services.threatFeeds.update(ctx.actor, id, { name, format, location, category, refreshIntervalMinutes, enabled }));
  }

  @Mutation(() => Boolean)
  async deleteThreatFeed(@Arg("id", () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<boolean> {
    await ctx.services.threatFeeds.delete(ctx.actor, id);
    return true;
  }

  @Query(() => ThreatFeedPage)
  async listThreatFeeds(
    @Arg("first", () => Int, { nullable: true }) first: number | null,
    @Arg("after", () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<ThreatFeedPage> {
    const page = await ctx.services.threatFeeds.list(ctx.actor, { first, after });
    return { threatFeeds: page.items.map(presentThreatFeed), nextCursor: page.nextCursor };
  }

  @Mutation(() => ThreatFeedType, { description: "Fetches the feed again now, outside its schedule." })
  async refreshThreatFeed(@Arg("id", () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<ThreatFeedType> {
    return presentThreatFeed(await ctx.services.threatFeeds.refresh(ctx.actor, id));
  }
}
