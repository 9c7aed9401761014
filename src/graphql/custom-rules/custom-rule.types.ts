import { Field, Float, Int, ObjectType } from "type-graphql";

@ObjectType("SigmaRuleInfo", { description: "A Sigma rule's identity; its licence (DRL 1.1) asks that the author be shown wherever its matches are." })
export class SigmaRuleInfoType {
  @Field(() => String)
  title!: string;

  @Field(() => String)
  id!: string;

  @Field(() => String)
  author!: string;

  @Field(() => String, { description: "informational, low, medium, high or critical" })
  level!: string;
}

@ObjectType("CustomRuleTestResult", { description: "What a rule would raise on the events given; nothing is stored or raised." })
export class CustomRuleTestResultType {
  @Field(() => SigmaRuleInfoType)
  rule!: SigmaRuleInfoType;

  @Field(() => String, { description: "Custom:IAMUser/<TitleInCamelCase> (Custom:S3/… for S3 data events, Custom:EC2/… for flow and DNS)." })
  findingType!: string;

  @Field(() => Float)
  severity!: number;

  @Field(() => Int)
  eventsRead!: number;

  @Field(() => Int)
  brokenRecords!: number;

  @Field(() => Int, { description: "Findings the rule would raise: one per matching event, or per window that reached its count()." })
  findings!: number;

  @Field(() => [String], { description: "The events matched: CloudTrail eventIDs, else log object and line." })
  matchedEvents!: string[];
}
