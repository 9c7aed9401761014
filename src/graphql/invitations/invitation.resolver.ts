import { Arg, Ctx, ID, Int, Mutation, Query, Resolver, Root, Subscription } from "type-graphql";
import type { InvitationEvent } from "../../realtime/topics.js";
import { requireAccount } from "../../services/actor.js";
import type { AdministratorRelationship, ReceivedInvitation } from "../../services/invitations/invitation-service.js";
import { presentRelationshipStatus } from "../../services/policies/relationships.js";
import type { GraphQLContext } from "../context.js";
import { BatchResult } from "../shared/batch.types.js";
import { AdministratorType, InvitationPage, InvitationType, MasterType } from "./invitation.types.js";

const DEPRECATED = "GuardDuty's former 'master' name; use the administrator operation.";

function presentInvitation(invitation: ReceivedInvitation): InvitationType {
  return {
    accountId: invitation.membership.administrator.accountId,
    invitationId: invitation.id,
    relationshipStatus: presentRelationshipStatus(invitation.membership.relationshipStatus),
    invitedAt: invitation.invitedAt,
    message: invitation.message,
  };
}

function presentAdministrator(relationship: AdministratorRelationship | null): AdministratorType | null {
  if (!relationship) return null;
  return {
    accountId: relationship.administrator.accountId,
    invitationId: relationship.invitationId,
    relationshipStatus: presentRelationshipStatus(relationship.membership.relationshipStatus),
    invitedAt: relationship.membership.invitedAt,
  };
}

/** The member's operations, named after GuardDuty's, with its deprecated "master" aliases. */
@Resolver()
export class InvitationResolver {
  @Query(() => InvitationPage, { description: "Invitations the caller received: pending ones and the accepted one." })
  async listInvitations(
    @Arg("first", () => Int, { nullable: true }) first: number | null,
    @Arg("after", () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<InvitationPage> {
    const page = await ctx.services.invitations.list(ctx.actor, { first, after });
    return { invitations: page.items.map(presentInvitation), nextCursor: page.nextCursor };
  }

  @Query(() => Int, { description: "Pending invitations, not counting the accepted one." })
  getInvitationsCount(@Ctx() ctx: GraphQLContext): Promise<number> {
    return ctx.services.invitations.count(ctx.actor);
  }

  @Mutation(() => Boolean, { description: "Accepts one administrator's invitation (status Enabled). Needs a detector." })
  async acceptAdministratorInvitation(
    @Arg("detectorId", () => ID) detectorId: string,
    @Arg("administratorId", () => String) administratorId: string,
    @Arg("invitationId", () => String) invitationId: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<boolean> {
    await ctx.services.invitations.accept(ctx.actor, detectorId, administratorId, invitationId);
    return true;
  }

  @Mutation(() => Boolean, { deprecationReason: DEPRECATED })
  acceptInvitation(
    @Arg("detectorId", () => ID) detectorId: string,
    @Arg("masterId", () => String) masterId: string,
    @Arg("invitationId", () => String) invitationId: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<boolean> {
    return this.acceptAdministratorInvitation(detectorId, masterId, invitationId, ctx);
  }

  @Mutation(() => BatchResult, { description: "Declines the pending invitations of these administrators." })
  declineInvitations(@Arg("accountIds", () => [String]) accountIds: string[], @Ctx() ctx: GraphQLContext): Promise<BatchResult> {
    return ctx.services.invitations.decline(ctx.actor, accountIds);
  }

  @Mutation(() => BatchResult, { description: "Deletes the pending or declined invitations of these administrators." })
  deleteInvitations(@Arg("accountIds", () => [String]) accountIds: string[], @Ctx() ctx: GraphQLContext): Promise<BatchResult> {
    return ctx.services.invitations.delete(ctx.actor, accountIds);
  }

  @Query(() => AdministratorType, { nullable: true, description: "The caller's administrator; null for administrators and standalone accounts." })
  async getAdministratorAccount(@Arg("detectorId", () => ID) detectorId: string, @Ctx() ctx: GraphQLContext): Promise<AdministratorType | null> {
    return presentAdministrator(await ctx.services.invitations.administrator(ctx.actor, detectorId));
  }

  @Query(() => MasterType, { nullable: true, deprecationReason: DEPRECATED })
  getMasterAccount(@Arg("detectorId", () => ID) detectorId: string, @Ctx() ctx: GraphQLContext): Promise<MasterType | null> {
    return this.getAdministratorAccount(detectorId, ctx);
  }

  @Mutation(() => Boolean, { description: "Leaves the administrator (status Resigned)." })
  async disassociateFromAdministratorAccount(@Arg("detectorId", () => ID) detectorId: string, @Ctx() ctx: GraphQLContext): Promise<boolean> {
    await ctx.services.invitations.leave(ctx.actor, detectorId);
    return true;
  }

  @Mutation(() => Boolean, { deprecationReason: DEPRECATED })
  disassociateFromMasterAccount(@Arg("detectorId", () => ID) detectorId: string, @Ctx() ctx: GraphQLContext): Promise<boolean> {
    return this.disassociateFromAdministratorAccount(detectorId, ctx);
  }

  @Subscription(() => InvitationType, {
    description: "Each invitation the calling account receives, as it is sent.",
    topics: "INVITATION_RECEIVED",
    // The topic is keyed by the recipient, so an account only ever hears its own invitations.
    topicId: ({ context }: { context: GraphQLContext }) => requireAccount(context.actor).accountRowId,
  })
  invitationReceived(@Root() event: InvitationEvent): InvitationType {
    return {
      accountId: event.administratorAccountId,
      invitationId: event.invitationId,
      relationshipStatus: "Invited",
      invitedAt: new Date(event.invitedAt),
      message: event.message,
    };
  }
}
