import { Arg, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import { requireAccount } from "../../services/actor.js";
import type { GraphQLContext } from "../context.js";
import { presentDetector } from "./detector.presenter.js";
import { DataSourceInput, DetectorType, FindingPublishingFrequencyEnum, TagInput } from "./detector.types.js";

const toSettings = (inputs: DataSourceInput[] | null | undefined) => inputs?.map((d) => ({ name: d.name, enabled: d.enable }));

@Resolver()
export class DetectorResolver {
  @Mutation(() => DetectorType, { description: "Creates the calling account's detector (one per account)." })
  async createDetector(
    @Arg("enable", () => Boolean) enable: boolean,
    @Arg("findingPublishingFrequency", () => FindingPublishingFrequencyEnum, { nullable: true }) findingPublishingFrequency: FindingPublishingFrequencyEnum | null,
    @Arg("dataSources", () => [DataSourceInput], { nullable: true }) dataSources: DataSourceInput[] | null,
    @Arg("tags", () => [TagInput], { nullable: true }) tags: TagInput[] | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<DetectorType> {
    const detector = await ctx.services.detectors.create(ctx.actor, { enable, findingPublishingFrequency, dataSources: toSettings(dataSources), tags });
    return presentDetector(detector, requireAccount(ctx.actor).accountId);
  }

  @Query(() => DetectorType, { description: "The caller's detector, or a member's detector for its administrator." })
  async getDetector(@Arg("detectorId", () => ID) detectorId: string, @Ctx() ctx: GraphQLContext): Promise<DetectorType> {
    const detector = await ctx.services.detectors.get(ctx.actor, detectorId);
    return presentDetector(detector, detector.account.accountId);
  }

  @Query(() => [ID], { description: "The caller's detector id (zero or one)." })
  listDetectors(@Ctx() ctx: GraphQLContext): Promise<string[]> {
    return ctx.services.detectors.list(ctx.actor);
  }

  @Mutation(() => DetectorType)
  async updateDetector(
    @Arg("detectorId", () => ID) detectorId: string,
    @Arg("enable", () => Boolean, { nullable: true }) enable: boolean | null,
    @Arg("findingPublishingFrequency", () => FindingPublishingFrequencyEnum, { nullable: true }) findingPublishingFrequency: FindingPublishingFrequencyEnum | null,
    @Arg("dataSources", () => [DataSourceInput], { nullable: true }) dataSources: DataSourceInput[] | null,
    @Arg("membersCanArchive", () => Boolean, { nullable: true, description: "Administrators: let members archive and unarchive their own findings (GuardDuty lets only the administrator)." })
    membersCanArchive: boolean | null,
    @Arg("trustedAccountIds", () => [String], {
      nullable: true,
      description: "Replaces the 12-digit accounts outside the organization this detector never counts as outside (a partner, a backup account); besides VIGIL_TRUSTED_ACCOUNT_IDS.",
    })
    trustedAccountIds: string[] | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<DetectorType> {
    const detector = await ctx.services.detectors.update(ctx.actor, detectorId, { enable, findingPublishingFrequency, dataSources: toSettings(dataSources), membersCanArchive, trustedAccountIds });
    return presentDetector(detector, requireAccount(ctx.actor).accountId);
  }

  @Mutation(() => Boolean, { description: "Deletes the caller's detector with its configuration and findings." })
  async deleteDetector(@Arg("detectorId", () => ID) detectorId: string, @Ctx() ctx: GraphQLContext): Promise<boolean> {
    await ctx.services.detectors.delete(ctx.actor, detectorId);
    return true;
  }
}
