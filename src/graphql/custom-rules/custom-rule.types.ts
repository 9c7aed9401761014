import { DateTimeISOResolver } from "graphql-scalars";
import { Field, Float, ID, Int, ObjectType, registerEnumType } from "type-graphql";

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

export enum CustomRuleScopeEnum {
  DETECTOR = "DETECTOR",
  MEMBERS = "MEMBERS",
}
registerEnumType(CustomRuleScopeEnum, { name: "CustomRuleScope", description: "DETECTOR: the rule runs for its detector. MEMBERS: also for the administrator's associated members." });

export enum CustomRuleStatusEnum {
  ACTIVE = "ACTIVE",
  DISABLED = "DISABLED",
  FAILED = "FAILED",
  TOO_SLOW = "TOO_SLOW",
}
registerEnumType(CustomRuleStatusEnum, {
  name: "CustomRuleStatus",
  description: "ACTIVE runs; DISABLED was switched off (enabled: false); FAILED threw and TOO_SLOW took too long on an event, and were switched off by a worker until the rule is updated.",
});

export enum CustomRuleFaultReasonEnum {
  ERROR = "ERROR",
  SLOW = "SLOW",
}
registerEnumType(CustomRuleFaultReasonEnum, { name: "CustomRuleFaultReason" });

@ObjectType("CustomRuleFault", { description: "A detector for which a worker switched the rule's current version off." })
export class CustomRuleFaultType {
  @Field(() => ID)
  detectorId!: string;

  @Field(() => CustomRuleFaultReasonEnum)
  reason!: CustomRuleFaultReasonEnum;

  @Field(() => String)
  message!: string;

  @Field(() => Int)
  version!: number;

  @Field(() => DateTimeISOResolver)
  at!: Date;
}

@ObjectType("CustomRule", { description: "A stored Sigma rule the live pipeline runs. Its author is shown wherever its matches are (DRL 1.1)." })
export class CustomRuleType {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  detectorId!: string;

  @Field(() => String, { description: "The Sigma rule's YAML, as given." })
  rule!: string;

  @Field(() => String, { description: "The Sigma rule's id." })
  sigmaId!: string;

  @Field(() => String)
  title!: string;

  @Field(() => String)
  author!: string;

  @Field(() => String)
  findingType!: string;

  @Field(() => Float)
  severity!: number;

  @Field(() => CustomRuleScopeEnum)
  scope!: CustomRuleScopeEnum;

  @Field(() => Boolean)
  enabled!: boolean;

  @Field(() => Int, { description: "1 when created, one more per update; updates name the version they read (expectedVersion)." })
  version!: number;

  @Field(() => CustomRuleStatusEnum, { description: "For the rule's own detector." })
  status!: CustomRuleStatusEnum;

  @Field(() => String, { nullable: true })
  statusMessage!: string | null;

  @Field(() => [CustomRuleFaultType])
  faults!: CustomRuleFaultType[];

  @Field(() => DateTimeISOResolver)
  createdAt!: Date;

  @Field(() => DateTimeISOResolver)
  updatedAt!: Date;
}

export enum BacktestStateEnum {
  WAITING = "WAITING",
  RUNNING = "RUNNING",
  COMPLETED = "COMPLETED",
  FAILED = "FAILED",
}
registerEnumType(BacktestStateEnum, { name: "BacktestState" });

@ObjectType("Backtest", { description: "A rule run over the detector's stored log objects, re-read from their sources. Nothing is raised." })
export class BacktestType {
  @Field(() => ID)
  id!: string;

  @Field(() => SigmaRuleInfoType)
  rule!: SigmaRuleInfoType;

  @Field(() => ID)
  detectorId!: string;

  @Field(() => BacktestStateEnum)
  state!: BacktestStateEnum;

  @Field(() => DateTimeISOResolver)
  from!: Date;

  @Field(() => DateTimeISOResolver)
  to!: Date;

  @Field(() => Int)
  objectsDone!: number;

  @Field(() => Int, { nullable: true, description: "Known once the job has listed the objects." })
  objectsTotal!: number | null;

  @Field(() => Int, { description: "Events in the range the rule's condition matched (before any count() aggregation)." })
  matchedEvents!: number;

  @Field(() => Int, { description: "Findings the rule would have raised: per matching event, or per window that reached its count()." })
  findings!: number;

  @Field(() => Int, { nullable: true, description: "Events in the range that were read; once completed." })
  eventsRead!: number | null;

  @Field(() => Int, { nullable: true, description: "Objects that could not be read again (pushed ones are not kept); once completed." })
  objectsUnavailable!: number | null;

  @Field(() => [String], { description: "Why the first unavailable objects could not be read." })
  unavailable!: string[];

  @Field(() => [String], { description: "The first matched records, as logged (JSON text: attacker-controlled data)." })
  samples!: string[];

  @Field(() => [String], { description: "The first matched events: CloudTrail eventIDs, else log object and line." })
  matchedEventIds!: string[];

  @Field(() => String, { nullable: true })
  failedReason!: string | null;

  @Field(() => DateTimeISOResolver)
  createdAt!: Date;

  @Field(() => DateTimeISOResolver, { nullable: true })
  finishedAt!: Date | null;
}
