import { Arg, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import type { GraphQLContext } from "../context.js";
import {
  type AutoEnableMembersEnum,
  OrganizationAdminAccountType,
  OrganizationCandidateType,
  OrganizationConfigurationType,
  OrganizationStatisticsType,
  UpdateOrganizationConfigurationInput,
} from "./organization.types.js";

/** GuardDuty's organisation operations, with its names. */
@Resolver()
export class OrganizationResolver {
  @Mutation(() => OrganizationAdminAccountType, { description: "Operator: designates a registered account its organisation's administrator (its detector is created when it has none)." })
  enableOrganizationAdminAccount(@Arg("adminAccountId", () => String) adminAccountId: string, @Ctx() ctx: GraphQLContext): Promise<OrganizationAdminAccountType> {
    return ctx.services.organizationAdmins.enableOrganizationAdminAccount(ctx.actor, adminAccountId);
  }

  @Mutation(() => Boolean, { description: "Operator: removes the designation; every member is disassociated. Refused while autoEnableOrganizationMembers is ALL." })
  async disableOrganizationAdminAccount(@Arg("adminAccountId", () => String) adminAccountId: string, @Ctx() ctx: GraphQLContext): Promise<boolean> {
    await ctx.services.organizationAdmins.disableOrganizationAdminAccount(ctx.actor, adminAccountId);
    return true;
  }

  @Query(() => [OrganizationAdminAccountType], { description: "Operator: the designated organisation administrators." })
  listOrganizationAdminAccounts(@Ctx() ctx: GraphQLContext): Promise<OrganizationAdminAccountType[]> {
    return ctx.services.organizationAdmins.listOrganizationAdminAccounts(ctx.actor);
  }

  @Query(() => OrganizationConfigurationType, { description: "A designated administrator's organisation configuration (its own detector)." })
  async describeOrganizationConfiguration(@Arg("detectorId", () => ID) detectorId: string, @Ctx() ctx: GraphQLContext): Promise<OrganizationConfigurationType> {
    return present(await ctx.services.organization.describeOrganizationConfiguration(ctx.actor, detectorId));
  }

  @Mutation(() => OrganizationConfigurationType, { description: "Sets auto-enable and the data sources of auto-enabled members; ALL enrolls every candidate at once." })
  async updateOrganizationConfiguration(
    @Arg("detectorId", () => ID) detectorId: string,
    @Arg("input", () => UpdateOrganizationConfigurationInput) input: UpdateOrganizationConfigurationInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<OrganizationConfigurationType> {
    const configuration = await ctx.services.organization.updateOrganizationConfiguration(ctx.actor, detectorId, {
      autoEnableOrganizationMembers: input.autoEnableOrganizationMembers,
      dataSources: input.dataSources?.map((dataSource) => ({ name: dataSource.name, enabled: dataSource.enable })),
    });
    return present(configuration);
  }

  @Query(() => [OrganizationCandidateType], { description: "Accounts the administrator's organisation sources name that are not its members, most events first (at most 1,000)." })
  listOrganizationCandidates(@Arg("detectorId", () => ID) detectorId: string, @Ctx() ctx: GraphQLContext): Promise<OrganizationCandidateType[]> {
    return ctx.services.organization.listOrganizationCandidates(ctx.actor, detectorId);
  }

  @Query(() => OrganizationStatisticsType)
  getOrganizationStatistics(@Arg("detectorId", () => ID) detectorId: string, @Ctx() ctx: GraphQLContext): Promise<OrganizationStatisticsType> {
    return ctx.services.organization.getOrganizationStatistics(ctx.actor, detectorId);
  }
}

function present(configuration: Awaited<ReturnType<GraphQLContext["services"]["organization"]["describeOrganizationConfiguration"]>>): OrganizationConfigurationType {
  return { ...configuration, autoEnableOrganizationMembers: configuration.autoEnableOrganizationMembers as AutoEnableMembersEnum };
}
