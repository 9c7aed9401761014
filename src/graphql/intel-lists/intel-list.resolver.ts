import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from "type-graphql";
import type { ClassType } from "type-graphql";
import type { StoredIntelList } from "../../services/intel-lists/intel-list-service.js";
import type { ListFamily } from "../../services/intel-lists/list-vocabulary.js";
import type { GraphQLContext } from "../context.js";
import { TagInput } from "../detectors/detector.types.js";
import { presentIPSet, presentThreatEntitySet, presentThreatIntelSet, presentTrustedEntitySet } from "./intel-list.presenter.js";
import {
  IPSetPage,
  IPSetType,
  ListFormatEnum,
  ThreatEntitySetPage,
  ThreatEntitySetType,
  ThreatIntelSetPage,
  ThreatIntelSetType,
  TrustedEntitySetPage,
  TrustedEntitySetType,
} from "./intel-list.types.js";

/** One kind of list as GuardDuty's API names it: trusted lists are IPSets, threat lists ThreatIntelSets. */
type ListApi<Item extends object, Page extends object> = {
  family: ListFamily;
  /** The operation suffix: create<Operation>, get<Operation>, list<Operation>s… */
  operation: string;
  /** The name of the list's id argument. */
  idArg: string;
  item: ClassType<Item>;
  page: ClassType<Page>;
  present: (list: StoredIntelList) => Item;
  toPage: (items: Item[], nextCursor: string | null) => Page;
  /** What each operation says of itself in the SDL. */
  descriptions: { create: string; get: string; delete: string; list: string };
};

/** The five list operations, the same for both kinds but for their names and descriptions. */
function listResolver<Item extends object, Page extends object>(api: ListApi<Item, Page>) {
  @Resolver()
  class IntelListResolver {
    @Mutation(() => api.item, { name: `create${api.operation}`, description: api.descriptions.create })
    async create(
      @Arg("detectorId", () => ID) detectorId: string,
      @Arg("name", () => String) name: string,
      @Arg("format", () => ListFormatEnum) format: ListFormatEnum,
      @Arg("activate", () => Boolean) activate: boolean,
      @Arg("location", () => String, { nullable: true }) location: string | null,
      @Arg("content", () => String, { nullable: true }) content: string | null,
      @Arg("tags", () => [TagInput], { nullable: true }) tags: TagInput[] | null,
      @Ctx() ctx: GraphQLContext,
    ): Promise<Item> {
      return api.present(await ctx.services.intelLists.create(ctx.actor, api.family, detectorId, { name, format, activate, location, content, tags }));
    }

    @Query(() => api.item, { name: `get${api.operation}`, description: api.descriptions.get })
    async get(@Arg("detectorId", () => ID) detectorId: string, @Arg(api.idArg, () => ID) listId: string, @Ctx() ctx: GraphQLContext): Promise<Item> {
      return api.present(await ctx.services.intelLists.get(ctx.actor, api.family, detectorId, listId));
    }

    @Mutation(() => api.item, { name: `update${api.operation}`, description: "Renames, points at new content (re-activating an active list), activates again (re-reads the content) or deactivates." })
    async update(
      @Arg("detectorId", () => ID) detectorId: string,
      @Arg(api.idArg, () => ID) listId: string,
      @Arg("name", () => String, { nullable: true }) name: string | null,
      @Arg("location", () => String, { nullable: true }) location: string | null,
      @Arg("content", () => String, { nullable: true }) content: string | null,
      @Arg("activate", () => Boolean, { nullable: true }) activate: boolean | null,
      @Ctx() ctx: GraphQLContext,
    ): Promise<Item> {
      return api.present(await ctx.services.intelLists.update(ctx.actor, api.family, detectorId, listId, { name, location, content, activate }));
    }

    @Mutation(() => Boolean, { name: `delete${api.operation}`, description: api.descriptions.delete })
    async delete(@Arg("detectorId", () => ID) detectorId: string, @Arg(api.idArg, () => ID) listId: string, @Ctx() ctx: GraphQLContext): Promise<boolean> {
      await ctx.services.intelLists.delete(ctx.actor, api.family, detectorId, listId);
      return true;
    }

    @Query(() => api.page, { name: `list${api.operation}s`, description: api.descriptions.list })
    async list(
      @Arg("detectorId", () => ID) detectorId: string,
      @Arg("first", () => Int, { nullable: true }) first: number | null,
      @Arg("after", () => String, { nullable: true }) after: string | null,
      @Ctx() ctx: GraphQLContext,
    ): Promise<Page> {
      const page = await ctx.services.intelLists.list(ctx.actor, api.family, detectorId, { first, after });
      return api.toPage(page.items.map(api.present), page.nextCursor);
    }
  }
  return IntelListResolver;
}

/** Trusted lists, with GuardDuty's IPSet operation names. */
export const IPSetResolver = listResolver<IPSetType, IPSetPage>({
  family: "TRUSTED",
  operation: "IPSet",
  idArg: "ipSetId",
  item: IPSetType,
  page: IPSetPage,
  present: presentIPSet,
  toPage: (ipSets, nextCursor) => ({ ipSets, nextCursor }),
  descriptions: {
    create: "Creates the trusted list (one per account by default); activate:true loads it within seconds. Give a location or the content.",
    get: "A trusted list in force for the caller (a member reads its administrator's).",
    delete: "Deletes the trusted list (DELETE_PENDING until the workers drop it).",
    list: "The trusted lists in force for the caller, oldest first; a member gets its administrator's.",
  },
});

/** Threat lists, with GuardDuty's ThreatIntelSet operation names. */
export const ThreatIntelSetResolver = listResolver<ThreatIntelSetType, ThreatIntelSetPage>({
  family: "THREAT",
  operation: "ThreatIntelSet",
  idArg: "threatIntelSetId",
  item: ThreatIntelSetType,
  page: ThreatIntelSetPage,
  present: presentThreatIntelSet,
  toPage: (threatIntelSets, nextCursor) => ({ threatIntelSets, nextCursor }),
  descriptions: {
    create: "Creates a threat list (six per account by default); activate:true loads it within seconds. Give a location or the content.",
    get: "A threat list in force for the caller (a member reads its administrator's).",
    delete: "Deletes the threat list (DELETE_PENDING until the workers drop it).",
    list: "The threat lists in force for the caller, oldest first; a member gets its administrator's.",
  },
});

/** GuardDuty's trusted entity lists (IPs and domains, one per account), on the same engine as IPSets. */
export const TrustedEntitySetResolver = listResolver<TrustedEntitySetType, TrustedEntitySetPage>({
  family: "TRUSTED_ENTITY",
  operation: "TrustedEntitySet",
  idArg: "trustedEntitySetId",
  item: TrustedEntitySetType,
  page: TrustedEntitySetPage,
  present: presentTrustedEntitySet,
  toPage: (trustedEntitySets, nextCursor) => ({ trustedEntitySets, nextCursor }),
  descriptions: {
    create: "Creates the trusted entity list (IPs and domains; one per account, as in GuardDuty); activate:true loads it within seconds. Give a location or the content.",
    get: "A trusted entity list in force for the caller (a member reads its administrator's).",
    delete: "Deletes the trusted entity list (DELETE_PENDING until the workers drop it).",
    list: "The trusted entity lists in force for the caller; a member gets its administrator's.",
  },
});

/** GuardDuty's threat entity lists (IPs and domains), on the same engine as ThreatIntelSets. */
export const ThreatEntitySetResolver = listResolver<ThreatEntitySetType, ThreatEntitySetPage>({
  family: "THREAT_ENTITY",
  operation: "ThreatEntitySet",
  idArg: "threatEntitySetId",
  item: ThreatEntitySetType,
  page: ThreatEntitySetPage,
  present: presentThreatEntitySet,
  toPage: (threatEntitySets, nextCursor) => ({ threatEntitySets, nextCursor }),
  descriptions: {
    create: "Creates a threat entity list (IPs and domains; six per account by default, as many as threat lists); activate:true loads it within seconds.",
    get: "A threat entity list in force for the caller (a member reads its administrator's).",
    delete: "Deletes the threat entity list (DELETE_PENDING until the workers drop it).",
    list: "The threat entity lists in force for the caller, oldest first; a member gets its administrator's.",
  },
});
