import { Arg, Ctx, ID, Int, Query, Resolver } from "type-graphql";
import type { StoredInstance } from "../../services/inventory/instance-service.js";
import type { GraphQLContext } from "../context.js";
import { Ec2InstancePage, type Ec2InstanceType } from "./instance.types.js";

function presentInstance({ instanceId, accountId, region, instanceDetails, updatedAt }: StoredInstance): Ec2InstanceType {
  return { instanceId, accountId, region, instanceDetails, updatedAt };
}

@Resolver()
export class InstanceResolver {
  @Query(() => Ec2InstancePage, { description: "The detector's EC2 inventory, by instance id; accountId narrows to one account's instances." })
  async listInstances(
    @Arg("detectorId", () => ID) detectorId: string,
    @Arg("accountId", () => String, { nullable: true }) accountId: string | null,
    @Arg("first", () => Int, { nullable: true }) first: number | null,
    @Arg("after", () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<Ec2InstancePage> {
    const page = await ctx.services.instances.list(ctx.actor, detectorId, { accountId, first, after });
    return { instances: page.items.map(presentInstance), nextCursor: page.nextCursor };
  }
}
