import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from "type-graphql";
import type { GraphQLContext } from "../context.js";
import { presentDetector } from "../detectors/detector.presenter.js";
import { DataSourceInput } from "../detectors/detector.types.js";
import { BatchResult } from "../shared/batch.types.js";
import { presentMember } from "./member.presenter.js";
import { AccountDetailInput, GetMemberDetectorsResult, GetMembersResult, MemberPage } from "./member.types.js";

/** The administrator's operations, named after GuardDuty's. */
@Resolver()
export class MemberResolver {
  @Mutation(() => BatchResult, { description: "Adds accounts as members (status Created). At most 50 per call." })
  createMembers(
    @Arg("detectorId", () => ID) detectorId: string,
    @Arg("accountDetails", () => [AccountDetailInput]) accountDetails: AccountDetailInput[],
    @Ctx() ctx: GraphQLContext,
  ): Promise<BatchResult> {
    return ctx.services.members.createMembers(ctx.actor, detectorId, accountDetails);
  }

  @Mutation(() => BatchResult, { description: "Invites created members (status Invited); they accept from their own account." })
  inviteMembers(
    @Arg("detectorId", () => ID) detectorId: string,
    @Arg("accountIds", () => [String]) accountIds: string[],
    @Arg("message", () => String, { nullable: true }) message: string | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<BatchResult> {
    return ctx.services.members.inviteMembers(ctx.actor, detectorId, accountIds, message);
  }

  @Query(() => GetMembersResult)
  async getMembers(
    @Arg("detectorId", () => ID) detectorId: string,
    @Arg("accountIds", () => [String]) accountIds: string[],
    @Ctx() ctx: GraphQLContext,
  ): Promise<GetMembersResult> {
    const { members, unprocessedAccounts } = await ctx.services.members.getMembers(ctx.actor, detectorId, accountIds);
    return { members: members.map(presentMember), unprocessedAccounts };
  }

  @Query(() => MemberPage, { description: "Members in the order they were added. onlyAssociated (default true) leaves out Created, Removed and Resigned ones." })
  async listMembers(
    @Arg("detectorId", () => ID) detectorId: string,
    @Arg("onlyAssociated", () => Boolean, { defaultValue: true }) onlyAssociated: boolean,
    @Arg("first", () => Int, { nullable: true }) first: number | null,
    @Arg("after", () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<MemberPage> {
    const page = await ctx.services.members.listMembers(ctx.actor, detectorId, onlyAssociated, { first, after });
    return { members: page.items.map(presentMember), nextCursor: page.nextCursor };
  }

  @Mutation(() => BatchResult, { description: "Ends the relationship (status Removed); the member can be invited again." })
  disassociateMembers(@Arg("detectorId", () => ID) detectorId: string, @Arg("accountIds", () => [String]) accountIds: string[], @Ctx() ctx: GraphQLContext): Promise<BatchResult> {
    return ctx.services.members.disassociateMembers(ctx.actor, detectorId, accountIds);
  }

  @Mutation(() => BatchResult, { description: "Deletes the member records." })
  deleteMembers(@Arg("detectorId", () => ID) detectorId: string, @Arg("accountIds", () => [String]) accountIds: string[], @Ctx() ctx: GraphQLContext): Promise<BatchResult> {
    return ctx.services.members.deleteMembers(ctx.actor, detectorId, accountIds);
  }

  @Mutation(() => BatchResult, { description: "Resumes monitoring of disabled members (status Enabled)." })
  startMonitoringMembers(@Arg("detectorId", () => ID) detectorId: string, @Arg("accountIds", () => [String]) accountIds: string[], @Ctx() ctx: GraphQLContext): Promise<BatchResult> {
    return ctx.services.members.startMonitoringMembers(ctx.actor, detectorId, accountIds);
  }

  @Mutation(() => BatchResult, { description: "Suspends monitoring of members (status Disabled)." })
  stopMonitoringMembers(@Arg("detectorId", () => ID) detectorId: string, @Arg("accountIds", () => [String]) accountIds: string[], @Ctx() ctx: GraphQLContext): Promise<BatchResult> {
    return ctx.services.members.stopMonitoringMembers(ctx.actor, detectorId, accountIds);
  }

  @Query(() => GetMemberDetectorsResult)
  async getMemberDetectors(
    @Arg("detectorId", () => ID) detectorId: string,
    @Arg("accountIds", () => [String]) accountIds: string[],
    @Ctx() ctx: GraphQLContext,
  ): Promise<GetMemberDetectorsResult> {
    const { detectors, unprocessedAccounts } = await ctx.services.members.getMemberDetectors(ctx.actor, detectorId, accountIds);
    return {
      memberDataSourceConfigurations: detectors.map(({ accountId, detector }) => ({
        accountId,
        detectorId: detector.id,
        dataSources: presentDetector(detector, accountId).dataSources,
      })),
      unprocessedAccounts,
    };
  }

  @Mutation(() => BatchResult, { description: "Turns members' data sources on or off." })
  updateMemberDetectors(
    @Arg("detectorId", () => ID) detectorId: string,
    @Arg("accountIds", () => [String]) accountIds: string[],
    @Arg("dataSources", () => [DataSourceInput]) dataSources: DataSourceInput[],
    @Ctx() ctx: GraphQLContext,
  ): Promise<BatchResult> {
    return ctx.services.members.updateMemberDetectors(ctx.actor, detectorId, accountIds, dataSources.map((d) => ({ name: d.name, enabled: d.enable })));
  }
}
