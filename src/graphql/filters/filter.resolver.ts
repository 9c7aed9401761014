import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from "type-graphql";
import { criteriaFromEntries, criteriaToEntries } from "../../services/findings/criteria/criteria.js";
import type { FilterView } from "../../services/filters/filter-service.js";
import type { GraphQLContext } from "../context.js";
import { TagInput } from "../detectors/detector.types.js";
import { FindingCriteriaInput } from "../findings/criteria.types.js";
import { criteriaOf } from "../findings/finding.presenter.js";
import { FilterActionEnum, FilterPage, FilterType } from "./filter.types.js";

function presentFilter(filter: FilterView): FilterType {
  return { ...filter, action: filter.action as FilterActionEnum, findingCriteria: { criterion: criteriaToEntries(filter.findingCriteria) } };
}

/** GuardDuty's filters on the caller's own detector. Members read theirs; their administrator's apply to them. */
@Resolver()
export class FilterResolver {
  @Mutation(() => FilterType, { description: "At most 100 filters per detector (VIGIL_FILTERS_PER_DETECTOR). Standalone accounts and administrators only." })
  async createFilter(
    @Arg("detectorId", () => ID) detectorId: string,
    @Arg("name", () => String) name: string,
    @Arg("findingCriteria", () => FindingCriteriaInput) findingCriteria: FindingCriteriaInput,
    @Arg("action", () => FilterActionEnum, { nullable: true, description: "NOOP by default." }) action: FilterActionEnum | null,
    @Arg("rank", () => Int, { nullable: true, description: "1-100; after the existing filters by default." }) rank: number | null,
    @Arg("description", () => String, { nullable: true }) description: string | null,
    @Arg("tags", () => [TagInput], { nullable: true }) tags: TagInput[] | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<FilterType> {
    const filter = await ctx.services.filters.create(ctx.actor, detectorId, {
      name,
      description,
      action,
      rank,
      findingCriteria: criteriaFromEntries(findingCriteria.criterion),
      tags,
    });
    return presentFilter(filter);
  }

  @Mutation(() => FilterType, { description: "Changes what is given; the version goes up by one." })
  async updateFilter(
    @Arg("detectorId", () => ID) detectorId: string,
    @Arg("filterName", () => String) filterName: string,
    @Arg("findingCriteria", () => FindingCriteriaInput, { nullable: true }) findingCriteria: FindingCriteriaInput | null,
    @Arg("action", () => FilterActionEnum, { nullable: true }) action: FilterActionEnum | null,
    @Arg("rank", () => Int, { nullable: true }) rank: number | null,
    @Arg("description", () => String, { nullable: true }) description: string | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<FilterType> {
    const filter = await ctx.services.filters.update(ctx.actor, detectorId, filterName, { findingCriteria: criteriaOf(findingCriteria), action, rank, description });
    return presentFilter(filter);
  }

  @Mutation(() => Boolean)
  async deleteFilter(@Arg("detectorId", () => ID) detectorId: string, @Arg("filterName", () => String) filterName: string, @Ctx() ctx: GraphQLContext): Promise<boolean> {
    await ctx.services.filters.delete(ctx.actor, detectorId, filterName);
    return true;
  }

  @Query(() => FilterType)
  async getFilter(@Arg("detectorId", () => ID) detectorId: string, @Arg("filterName", () => String) filterName: string, @Ctx() ctx: GraphQLContext): Promise<FilterType> {
    return presentFilter(await ctx.services.filters.get(ctx.actor, detectorId, filterName));
  }

  @Query(() => FilterPage, { description: "Filters in the order they apply (rank, then name)." })
  async listFilters(
    @Arg("detectorId", () => ID) detectorId: string,
    @Arg("first", () => Int, { nullable: true }) first: number | null,
    @Arg("after", () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<FilterPage> {
    const page = await ctx.services.filters.list(ctx.actor, detectorId, { first, after });
    return { filters: page.items.map(presentFilter), nextCursor: page.nextCursor };
  }
}
