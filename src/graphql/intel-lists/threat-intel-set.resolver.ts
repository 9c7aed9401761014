import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from "type-graphql";
import type { GraphQLContext } from "../context.js";
import { TagInput } from "../detectors/detector.types.js";
import { presentThreatIntelSet } from "./intel-list.presenter.js";
import { ThreatIntelSetPage, ThreatIntelSetType, ListFormatEnum } from "./intel-list.types.js";

/** Threat lists, with GuardDuty's ThreatIntelSet operation names. */
@Resolver()
export class ThreatIntelSetResolver {
  @Mutation(() => ThreatIntelSetType, { description: "Creates a threat list (six per account by default); activate:true loads it within seconds. Give a location or the content." })
  async createThreatIntelSet(
    @Arg("detectorId", () => ID) detectorId: string,
    @Arg("name", () => String) name: string,
    @Arg("format", () => ListFormatEnum) format: ListFormatEnum,
    @Arg("activate", () => Boolean) activate: boolean,
    @Arg("location", () => String, { nullable: true }) location: string | null,
    @Arg("content", () => String, { nullable: true }) content: string | null,
    @Arg("tags", () => [TagInput], { nullable: true }) tags: TagInput[] | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<ThreatIntelSetType> {
    return presentThreatIntelSet(await ctx.services.intelLists.create(ctx.actor, "THREAT", detectorId, { name, format, activate, location, content, tags }));
  }

  @Query(() => ThreatIntelSetType, { description: "A threat list in force for the caller (a member reads its administrator's)." })
  async getThreatIntelSet(@Arg("detectorId", () => ID) detectorId: string, @Arg("threatIntelSetId", () => ID) threatIntelSetId: string, @Ctx() ctx: GraphQLContext): Promise<ThreatIntelSetType> {
    return presentThreatIntelSet(await ctx.services.intelLists.get(ctx.actor, "THREAT", detectorId, threatIntelSetId));
  }

  @Mutation(() => ThreatIntelSetType, { description: "Renames, points at new content (re-activating an active list), activates again (re-reads the content) or deactivates." })
  async updateThreatIntelSet(
    @Arg("detectorId", () => ID) detectorId: string,
    @Arg("threatIntelSetId", () => ID) threatIntelSetId: string,
    @Arg("name", () => String, { nullable: true }) name: string | null,
    @Arg("location", () => String, { nullable: true }) location: string | null,
    @Arg("content", () => String, { nullable: true }) content: string | null,
    @Arg("activate", () => Boolean, { nullable: true }) activate: boolean | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<ThreatIntelSetType> {
    return presentThreatIntelSet(await ctx.services.intelLists.update(ctx.actor, "THREAT", detectorId, threatIntelSetId, { name, location, content, activate }));
  }

  @Mutation(() => Boolean, { description: "Deletes the threat list (DELETE_PENDING until the workers drop it)." })
  async deleteThreatIntelSet(@Arg("detectorId", () => ID) detectorId: string, @Arg("threatIntelSetId", () => ID) threatIntelSetId: string, @Ctx() ctx: GraphQLContext): Promise<boolean> {
    await ctx.services.intelLists.delete(ctx.actor, "THREAT", detectorId, threatIntelSetId);
    return true;
  }

  @Query(() => ThreatIntelSetPage, { description: "The threat lists in force for the caller, oldest first; a member gets its administrator's." })
  async listThreatIntelSets(
    @Arg("detectorId", () => ID) detectorId: string,
    @Arg("first", () => Int, { nullable: true }) first: number | null,
    @Arg("after", () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<ThreatIntelSetPage> {
    const page = await ctx.services.intelLists.list(ctx.actor, "THREAT", detectorId, { first, after });
    return { threatIntelSets: page.items.map(presentThreatIntelSet), nextCursor: page.nextCursor };
  }
}
