import { Field, Float, InputType, ObjectType, registerEnumType } from "type-graphql";

export enum OrderByEnum {
  ASC = "ASC",
  DESC = "DESC",
}
registerEnumType(OrderByEnum, { name: "OrderBy" });

const CONDITION_DOCS = {
  equals: "Any of these values (ORed). Times: epoch milliseconds.",
  notEquals: "None of these values.",
  range: "Numbers, or times in epoch milliseconds.",
  matches: "Wildcard patterns (`*` = any run of characters), ORed; at most 5, each up to 512 characters.",
};

@InputType({ description: "Conditions on one finding attribute (GuardDuty's Condition); all of them must hold." })
export class CriterionInput {
  @Field(() => String, { description: "A documented attribute path, e.g. severity, type, resource.instanceDetails.instanceId, service.archived." })
  attribute!: string;

  @Field(() => [String], { nullable: true, description: CONDITION_DOCS.equals })
  equals?: string[] | null;

  @Field(() => [String], { nullable: true, description: CONDITION_DOCS.notEquals })
  notEquals?: string[] | null;

  @Field(() => Float, { nullable: true, description: CONDITION_DOCS.range })
  greaterThan?: number | null;

  @Field(() => Float, { nullable: true, description: CONDITION_DOCS.range })
  greaterThanOrEqual?: number | null;

  @Field(() => Float, { nullable: true, description: CONDITION_DOCS.range })
  lessThan?: number | null;

  @Field(() => Float, { nullable: true, description: CONDITION_DOCS.range })
  lessThanOrEqual?: number | null;

  @Field(() => [String], { nullable: true, description: CONDITION_DOCS.matches })
  matches?: string[] | null;

  @Field(() => [String], { nullable: true, description: "None of these wildcard patterns." })
  notMatches?: string[] | null;
}

@InputType({ description: "GuardDuty's FindingCriteria: every criterion must hold (AND)." })
export class FindingCriteriaInput {
  @Field(() => [CriterionInput])
  criterion!: CriterionInput[];
}

@ObjectType("Criterion")
export class CriterionType {
  @Field(() => String)
  attribute!: string;

  @Field(() => [String], { nullable: true })
  equals?: string[] | null;

  @Field(() => [String], { nullable: true })
  notEquals?: string[] | null;

  @Field(() => Float, { nullable: true })
  greaterThan?: number | null;

  @Field(() => Float, { nullable: true })
  greaterThanOrEqual?: number | null;

  @Field(() => Float, { nullable: true })
  lessThan?: number | null;

  @Field(() => Float, { nullable: true })
  lessThanOrEqual?: number | null;

  @Field(() => [String], { nullable: true })
  matches?: string[] | null;

  @Field(() => [String], { nullable: true })
  notMatches?: string[] | null;
}

@ObjectType("FindingCriteria")
export class FindingCriteriaType {
  @Field(() => [CriterionType])
  criterion!: CriterionType[];
}

@InputType({ description: "GuardDuty's SortCriteria." })
export class SortCriteriaInput {
  @Field(() => String, { nullable: true, description: "updatedAt (default), createdAt, severity, type or count (service.count)." })
  attributeName?: string | null;

  @Field(() => OrderByEnum, { nullable: true, description: "DESC by default." })
  orderBy?: OrderByEnum | null;
}
