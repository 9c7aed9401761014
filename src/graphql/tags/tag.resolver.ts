import { JSONObjectResolver } from "graphql-scalars";
import { Arg, Ctx, Mutation, Query, Resolver } from "type-graphql";
import type { GraphQLContext } from "../context.js";
import { TagInput } from "../detectors/detector.types.js";

const ARN_HELP = "arn:aws:guardduty:<region>:<account>:detector/<detectorId>, optionally followed by /filter/<name>, /ipset/<id>, /threatintelset/<id>, /trustedentityset/<id>, /threatentityset/<id>, /publishingDestination/<id> or /logsource/<id>.";

/** GuardDuty's tag operations, by resource ARN, over an account's own detector and what hangs off it. */
@Resolver()
export class TagResolver {
  @Mutation(() => Boolean, { description: `Adds tags to a resource (values of existing keys replaced; at most 50 per resource). resourceArn: ${ARN_HELP}` })
  async tagResource(@Arg("resourceArn", () => String) resourceArn: string, @Arg("tags", () => [TagInput]) tags: TagInput[], @Ctx() ctx: GraphQLContext): Promise<boolean> {
    await ctx.services.tags.tag(ctx.actor, resourceArn, tags);
    return true;
  }

  @Mutation(() => Boolean, { description: "Removes tags from a resource by key (keys it does not have are ignored)." })
  async untagResource(@Arg("resourceArn", () => String) resourceArn: string, @Arg("tagKeys", () => [String]) tagKeys: string[], @Ctx() ctx: GraphQLContext): Promise<boolean> {
    await ctx.services.tags.untag(ctx.actor, resourceArn, tagKeys);
    return true;
  }

  @Query(() => JSONObjectResolver, { description: "The tags of a resource, key → value, as GuardDuty's ListTagsForResource answers." })
  listTagsForResource(@Arg("resourceArn", () => String) resourceArn: string, @Ctx() ctx: GraphQLContext): Promise<Record<string, string>> {
    return ctx.services.tags.list(ctx.actor, resourceArn);
  }
}
