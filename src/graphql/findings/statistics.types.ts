import { DateTimeISOResolver } from "graphql-scalars";
import { Field, Float, Int, ObjectType, registerEnumType } from "type-graphql";

export enum FindingStatisticTypeEnum {
  COUNT_BY_SEVERITY = "COUNT_BY_SEVERITY",
}
registerEnumType(FindingStatisticTypeEnum, { name: "FindingStatisticType" });

export enum GroupByEnum {
  ACCOUNT = "ACCOUNT",
  ACTOR = "ACTOR",
  DATE = "DATE",
  FINDING_TYPE = "FINDING_TYPE",
  RESOURCE = "RESOURCE",
  SEVERITY = "SEVERITY",
}
registerEnumType(GroupByEnum, {
  name: "GroupBy",
  valuesConfig: { ACTOR: { description: "Vigil's, not GuardDuty's: the access keys, principals and remote addresses findings name (groupedByActor)." } },
});

export enum ActorTypeEnum {
  ACCESS_KEY = "ACCESS_KEY",
  PRINCIPAL = "PRINCIPAL",
  IP_ADDRESS = "IP_ADDRESS",
}
registerEnumType(ActorTypeEnum, {
  name: "ActorType",
  description: "ACCESS_KEY and PRINCIPAL (the user or role name) from resource.accessKeyDetails; IP_ADDRESS: an API caller's, an inbound connection's or a port prober's remote address.",
});

@ObjectType()
export class SeverityCount {
  @Field(() => Float)
  severity!: number;

  @Field(() => Int)
  count!: number;
}

@ObjectType()
export class AccountStatistics {
  @Field(() => String)
  accountId!: string;

  @Field(() => DateTimeISOResolver, { description: "When the group's most recently updated finding was updated." })
  lastGeneratedAt!: Date;

  @Field(() => Int)
  totalFindings!: number;
}

@ObjectType()
export class ActorStatistics {
  @Field(() => ActorTypeEnum)
  actorType!: `${ActorTypeEnum}`;

  @Field(() => String, { description: "The access key id, the user or role name, or the address." })
  actorId!: string;

  @Field(() => String, { nullable: true, description: "The account of an access key or principal; null for an address, counted across accounts." })
  accountId!: string | null;

  @Field(() => DateTimeISOResolver, { description: "When the group's most recently updated finding was updated." })
  lastGeneratedAt!: Date;

  @Field(() => Int)
  totalFindings!: number;
}

@ObjectType()
export class DateStatistics {
  @Field(() => String, { description: "YYYY-MM-DD (UTC) of the findings' last update." })
  date!: string;

  @Field(() => Float, { description: "The highest severity of the day." })
  severity!: number;

  @Field(() => DateTimeISOResolver, { description: "When the group's most recently updated finding was updated." })
  lastGeneratedAt!: Date;

  @Field(() => Int)
  totalFindings!: number;
}

@ObjectType()
export class FindingTypeStatistics {
  @Field(() => String)
  findingType!: string;

  @Field(() => DateTimeISOResolver, { description: "When the group's most recently updated finding was updated." })
  lastGeneratedAt!: Date;

  @Field(() => Int)
  totalFindings!: number;
}

@ObjectType()
export class ResourceStatistics {
  @Field(() => String)
  accountId!: string;

  @Field(() => String)
  resourceType!: string;

  @Field(() => String, { nullable: true, description: "Instance id, access key id or bucket name." })
  resourceId!: string | null;

  @Field(() => DateTimeISOResolver, { description: "When the group's most recently updated finding was updated." })
  lastGeneratedAt!: Date;

  @Field(() => Int)
  totalFindings!: number;
}

@ObjectType()
export class SeverityStatistics {
  @Field(() => Float)
  severity!: number;

  @Field(() => DateTimeISOResolver, { description: "When the group's most recently updated finding was updated." })
  lastGeneratedAt!: Date;

  @Field(() => Int)
  totalFindings!: number;
}

@ObjectType("FindingStatistics", { description: "GuardDuty's FindingStatistics: the one asked for is set." })
export class FindingStatisticsType {
  @Field(() => [SeverityCount], { nullable: true })
  countBySeverity?: SeverityCount[];

  @Field(() => [AccountStatistics], { nullable: true })
  groupedByAccount?: AccountStatistics[];

  @Field(() => [ActorStatistics], { nullable: true })
  groupedByActor?: ActorStatistics[];

  @Field(() => [DateStatistics], { nullable: true })
  groupedByDate?: DateStatistics[];

  @Field(() => [FindingTypeStatistics], { nullable: true })
  groupedByFindingType?: FindingTypeStatistics[];

  @Field(() => [ResourceStatistics], { nullable: true })
  groupedByResource?: ResourceStatistics[];

  @Field(() => [SeverityStatistics], { nullable: true })
  groupedBySeverity?: SeverityStatistics[];
}
