import { DateTimeISOResolver, SafeIntResolver } from "graphql-scalars";
import { Field, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import type { DataSourceName } from "../../services/detectors/data-sources.js";
import { DataSourceInput, DataSourceNameEnum } from "../detectors/detector.types.js";

export enum AutoEnableMembersEnum {
  NEW = "NEW",
  ALL = "ALL",
  NONE = "NONE",
}
registerEnumType(AutoEnableMembersEnum, {
  name: "AutoEnableMembers",
  description:
    "GuardDuty's autoEnableOrganizationMembers. NEW: accounts first seen in the organisation's sources from now on become Enabled members; ALL: every account seen, and members cannot leave or be stopped; NONE: they are only listed as candidates.",
});

@ObjectType()
export class OrganizationAdminAccountType {
  @Field(() => String)
  adminAccountId!: string;

  @Field(() => String, { description: "ENABLED." })
  adminStatus!: string;
}

@ObjectType()
export class OrganizationDataSourceConfiguration {
  @Field(() => DataSourceNameEnum)
  name!: DataSourceName;

  @Field(() => Boolean, { description: "Whether the detectors of auto-enabled members analyse it." })
  autoEnable!: boolean;
}

@ObjectType()
export class OrganizationConfigurationType {
  @Field(() => AutoEnableMembersEnum)
  autoEnableOrganizationMembers!: AutoEnableMembersEnum;

  @Field(() => Boolean, { description: "GuardDuty's legacy AutoEnable: true unless autoEnableOrganizationMembers is NONE." })
  autoEnable!: boolean;

  @Field(() => [OrganizationDataSourceConfiguration])
  dataSources!: OrganizationDataSourceConfiguration[];

  @Field(() => Boolean, { description: "The administrator holds GuardDuty's quota of 50,000 members." })
  memberAccountLimitReached!: boolean;
}

@InputType()
export class UpdateOrganizationConfigurationInput {
  @Field(() => AutoEnableMembersEnum, { nullable: true })
  autoEnableOrganizationMembers!: AutoEnableMembersEnum | null;

  @Field(() => [DataSourceInput], { nullable: true, description: "The data sources auto-enabled members' detectors analyse." })
  dataSources!: DataSourceInput[] | null;
}

@ObjectType({ description: "An account the administrator's organisation sources name that is not one of its members." })
export class OrganizationCandidateType {
  @Field(() => String)
  accountId!: string;

  @Field(() => SafeIntResolver, { description: "Its events counted (not analysed) across the organisation sources." })
  events!: number;

  @Field(() => DateTimeISOResolver)
  firstSeenAt!: Date;

  @Field(() => DateTimeISOResolver)
  lastSeenAt!: Date;
}

@ObjectType()
export class OrganizationDataSourceCount {
  @Field(() => DataSourceNameEnum)
  name!: DataSourceName;

  @Field(() => Int)
  enabledAccountsCount!: number;
}

@ObjectType({ description: "GuardDuty's OrganizationStatistics." })
export class OrganizationStatisticsType {
  @Field(() => Int, { description: "The administrator, its members and the candidates." })
  totalAccountsCount!: number;

  @Field(() => Int, { description: "Members Invited, Enabled or Disabled." })
  memberAccountsCount!: number;

  @Field(() => Int, { description: "Members whose detector is enabled." })
  activeAccountsCount!: number;

  @Field(() => Int, { description: "Members whose relationship status is Enabled." })
  enabledAccountsCount!: number;

  @Field(() => [OrganizationDataSourceCount], { description: "Per data source, Enabled members whose enabled detector analyses it." })
  countByDataSource!: OrganizationDataSourceCount[];
}
