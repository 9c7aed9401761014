import { DateTimeISOResolver, JSONObjectResolver } from "graphql-scalars";
import { Field, Int, ObjectType, registerEnumType } from "type-graphql";
import { FindingCriteriaType } from "../findings/criteria.types.js";

export enum FilterActionEnum {
  NOOP = "NOOP",
  ARCHIVE = "ARCHIVE",
}
registerEnumType(FilterActionEnum, { name: "FilterAction", description: "NOOP: a saved view. ARCHIVE: a suppression rule — new matching findings are archived at once and never pushed or published." });

@ObjectType("Filter")
export class FilterType {
  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field(() => FilterActionEnum)
  action!: FilterActionEnum;

  @Field(() => Int, { description: "1-100: the order filters are listed and applied in." })
  rank!: number;

  @Field(() => FindingCriteriaType)
  findingCriteria!: FindingCriteriaType;

  @Field(() => JSONObjectResolver)
  tags!: Record<string, string>;

  @Field(() => Int, { description: "Counts updates: 1 when created." })
  version!: number;

  @Field(() => DateTimeISOResolver)
  createdAt!: Date;

  @Field(() => DateTimeISOResolver)
  updatedAt!: Date;
}

@ObjectType()
export class FilterPage {
  @Field(() => [FilterType])
  filters!: FilterType[];

  @Field(() => String, { nullable: true })
  nextCursor!: string | null;
}
