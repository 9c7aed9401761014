import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from "type-graphql";
import type { GraphQLContext } from "../context.js";
import { FindingCriteriaInput, OrderByEnum, SortCriteriaInput } from "./criteria.types.js";
import { criteriaOf, presentFinding } from "./finding.presenter.js";
import { FeedbackEnum, FindingPage, FindingType } from "./finding.types.js";
import { FindingStatisticsType, FindingStatisticTypeEnum, GroupByEnum } from "./statistics.types.js";

/** GuardDuty's findings operations. The detectorId is always the caller's own detector. */
@Resolver()
export class FindingResolver {
  @Query(() => FindingPage, { description: "Findings matching the criteria (yours, and your members' as an administrator), sorted, a page (≤ 50) at a time." })
  async listFindings(
    @Arg("detectorId", () => ID) detectorId: string,
    @Arg("findingCriteria", () => FindingCriteriaInput, { nullable: true }) findingCriteria: FindingCriteriaInput | null,
    @Arg("sortCriteria", () => SortCriteriaInput, { nullable: true }) sortCriteria: SortCriteriaInput | null,
    @Arg("first", () => Int, { nullable: true }) first: number | null,
    @Arg("after", () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<FindingPage> {
    const page = await ctx.services.findings.list(ctx.actor, detectorId, { findingCriteria: criteriaOf(findingCriteria), sortCriteria, first, after });
    return { findings: page.items.map(presentFinding), nextCursor: page.nextCursor };
  }

  @Query(() => [FindingType], { description: "Up to 50 findings by id; ids you cannot see are left out." })
  async getFindings(
    @Arg("detectorId", () => ID) detectorId: string,
    @Arg("findingIds", () => [String]) findingIds: string[],
    @Arg("sortCriteria", () => SortCriteriaInput, { nullable: true }) sortCriteria: SortCriteriaInput | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<FindingType[]> {
    const findings = await ctx.services.findings.get(ctx.actor, detectorId, findingIds, sortCriteria);
    return findings.map(presentFinding);
  }

  @Query(() => FindingStatisticsType, {
    description:
      "Counts by severity (the default), or findings grouped by groupBy. Samples count only with includeSamples. Fast (read from kept counts) when " +
      "findingCriteria name only service.archived, accountId, severity and updatedAt ranges (counts by severity, groupBy SEVERITY, DATE, ACCOUNT) or " +
      "service.archived, accountId and type (groupBy FINDING_TYPE), service.archived, accountId, severity and region (counts by severity), or " +
      "service.archived, accountId and resource.resourceType (groupBy RESOURCE, orderBy DESC); other criteria scan the findings. The answer is the same either way.",
  })
  getFindingsStatistics(
    @Arg("detectorId", () => ID) detectorId: string,
    @Arg("findingStatisticTypes", () => [FindingStatisticTypeEnum], { nullable: true }) findingStatisticTypes: FindingStatisticTypeEnum[] | null,
    @Arg("groupBy", () => GroupByEnum, { nullable: true }) groupBy: GroupByEnum | null,
    @Arg("orderBy", () => OrderByEnum, { nullable: true, description: "By totalFindings; DESC by default." }) orderBy: OrderByEnum | null,
    @Arg("maxResults", () => Int, { nullable: true, description: "Groups returned (1-100, default 25)." }) maxResults: number | null,
    @Arg("findingCriteria", () => FindingCriteriaInput, { nullable: true }) findingCriteria: FindingCriteriaInput | null,
    @Arg("includeSamples", () => Boolean, { defaultValue: false }) includeSamples: boolean,
    @Ctx() ctx: GraphQLContext,
  ): Promise<FindingStatisticsType> {
    return ctx.services.findings.statistics(ctx.actor, detectorId, {
      findingStatisticTypes,
      groupBy,
      orderBy,
      maxResults,
      findingCriteria: criteriaOf(findingCriteria),
      includeSamples,
    });
  }

  @Mutation(() => Boolean, { description: "Archives up to 50 findings: an administrator its own and its members'; a standalone account its own; a member its own when its administrator allows it." })
  async archiveFindings(@Arg("detectorId", () => ID) detectorId: string, @Arg("findingIds", () => [String]) findingIds: string[], @Ctx() ctx: GraphQLContext): Promise<boolean> {
    await ctx.services.findings.archive(ctx.actor, detectorId, findingIds);
    return true;
  }

  @Mutation(() => Boolean, { description: "Unarchives up to 50 findings (same rules as archiveFindings)." })
  async unarchiveFindings(@Arg("detectorId", () => ID) detectorId: string, @Arg("findingIds", () => [String]) findingIds: string[], @Ctx() ctx: GraphQLContext): Promise<boolean> {
    await ctx.services.findings.unarchive(ctx.actor, detectorId, findingIds);
    return true;
  }

  @Mutation(() => Boolean, { description: "Marks up to 50 findings you can see as USEFUL or NOT_USEFUL (service.userFeedback)." })
  async updateFindingsFeedback(
    @Arg("detectorId", () => ID) detectorId: string,
    @Arg("findingIds", () => [String]) findingIds: string[],
    @Arg("feedback", () => FeedbackEnum) feedback: FeedbackEnum,
    @Arg("comments", () => String, { nullable: true }) comments: string | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<boolean> {
    await ctx.services.findings.updateFeedback(ctx.actor, detectorId, findingIds, feedback, comments);
    return true;
  }

  @Mutation(() => [FindingType], { description: "One sample finding per type (every type in the catalogue when none is named), titled [SAMPLE]." })
  async createSampleFindings(
    @Arg("detectorId", () => ID) detectorId: string,
    @Arg("findingTypes", () => [String], { nullable: true }) findingTypes: string[] | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<FindingType[]> {
    const findings = await ctx.services.findings.createSamples(ctx.actor, detectorId, findingTypes);
    return findings.map(presentFinding);
  }
}
