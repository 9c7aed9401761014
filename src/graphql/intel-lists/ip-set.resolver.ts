import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from "type-graphql";
import type { GraphQLContext } from "../context.js";
import { TagInput } from "../detectors/detector.types.js";
import { presentIPSet } from "./intel-list.presenter.js";
import { IPSetPage, IPSetType, ListFormatEnum } from "./intel-list.types.js";

/** Trusted lists, with GuardDuty's IPSet operation names. */
@Resolver()
export class IPSetResolver {
  @Mutation(() => IPSetType, { description: "Creates the trusted list (one per account by default); activate:true loads it within seconds. Give a location or the content." })
  async createIPSet(
    @Arg("detectorId", () => ID) detectorId: string,
    @Arg("name", () => String) name: string,
    @Arg("format", () => ListFormatEnum) format: ListFormatEnum,
    @Arg("activate", () => Boolean) activate: boolean,
    @Arg("location", () => String, { nullable: true }) location: string | null,
    @Arg("content", () => String, { nullable: true }) content: string | null,
    @Arg("tags", () => [TagInput], { nullable: true }) tags: TagInput[] | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<IPSetType> {
    return presentIPSet(await ctx.services.intelLists.create(ctx.actor, "TRUSTED", detectorId, { name, format, activate, location, content, tags }));
  }

  @Query(() => IPSetType, { description: "A trusted list in force for the caller (a member reads its administrator's)." })
  async getIPSet(@Arg("detectorId", () => ID) detectorId: string, @Arg("ipSetId", () => ID) ipSetId: string, @Ctx() ctx: GraphQLContext): Promise<IPSetType> {
    return presentIPSet(await ctx.services.intelLists.get(ctx.actor, "TRUSTED", detectorId, ipSetId));
  }

  @Mutation(() => IPSetType, { description: "Renames, points at new content (re-activating an active list), activates again (re-reads the content) or deactivates." })
  async updateIPSet(
    @Arg("detectorId", () => ID) detectorId: string,
    @Arg("ipSetId", () => ID) ipSetId: string,
    @Arg("name", () => String, { nullable: true }) name: string | null,
    @Arg("location", () => String, { nullable: true }) location: string | null,
    @Arg("content", () => String, { nullable: true }) content: string | null,
    @Arg("activate", () => Boolean, { nullable: true }) activate: boolean | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<IPSetType> {
    return presentIPSet(await ctx.services.intelLists.update(ctx.actor, "TRUSTED", detectorId, ipSetId, { name, location, content, activate }));
  }

  @Mutation(() => Boolean, { description: "Deletes the trusted list (DELETE_PENDING until the workers drop it)." })
  async deleteIPSet(@Arg("detectorId", () => ID) detectorId: string, @Arg("ipSetId", () => ID) ipSetId: string, @Ctx() ctx: GraphQLContext): Promise<boolean> {
    await ctx.services.intelLists.delete(ctx.actor, "TRUSTED", detectorId, ipSetId);
    return true;
  }

  @Query(() => IPSetPage, { description: "The trusted lists in force for the caller, oldest first; a member gets its administrator's." })
  async listIPSets(
    @Arg("detectorId", () => ID) detectorId: string,
    @Arg("first", () => Int, { nullable: true }) first: number | null,
    @Arg("after", () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<IPSetPage> {
    const page = await ctx.services.intelLists.list(ctx.actor, "TRUSTED", detectorId, { first, after });
    return { ipSets: page.items.map(presentIPSet), nextCursor: page.nextCursor };
  }
}
