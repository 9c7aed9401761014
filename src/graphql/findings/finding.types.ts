import { DateTimeISOResolver, JSONObjectResolver } from "graphql-scalars";
import { Field, Float, ID, Int, ObjectType, registerEnumType } from "type-graphql";

export enum FeedbackEnum {
  USEFUL = "USEFUL",
  NOT_USEFUL = "NOT_USEFUL",
}
registerEnumType(FeedbackEnum, { name: "Feedback" });

export enum FindingChangeEnum {
  CREATED = "CREATED",
  UPDATED = "UPDATED",
}
registerEnumType(FindingChangeEnum, { name: "FindingChange", description: "A new finding, or a change to a stored one (count, last seen, archive state, feedback)." });

@ObjectType("SourceEvent", { description: "A log event a finding came from: the object (file or S3 key), where in it, and which record it is." })
export class SourceEventType {
  @Field(() => String)
  object!: string;

  @Field(() => Int, { nullable: true, description: "Where in the object the event was (its line or record number), when known." })
  line!: number | null;

  @Field(() => String, { nullable: true, description: "The event's own id (CloudTrail eventID), when it has one." })
  eventId!: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      "For records without an id, the fields that tell the record apart, as logged. A flow record: `eni-… src:port > dst:port proto N start S` " +
      "(`<>` instead of `>` when a window's finding kept only the local and remote ends); a DNS query: `name TYPE from address:port at time`.",
  })
  key!: string | null;
}

@ObjectType("Finding", {
  description:
    "A GuardDuty finding. `resourceDetails` and `serviceDetails` are GuardDuty's resource and service, typed; `resource` and `service` are the same objects as " +
    "GuardDuty's JSON (what exports and GetFindings-style clients read), kept unchanged.",
})
export class FindingType {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  arn!: string;

  @Field(() => String, { description: "The 12-digit account the finding is about (a member's, in an administrator's view)." })
  accountId!: string;

  @Field(() => ID, { description: "The detector that produced the finding." })
  detectorId!: string;

  @Field(() => String)
  region!: string;

  @Field(() => String)
  partition!: string;

  @Field(() => String)
  schemaVersion!: string;

  @Field(() => String)
  type!: string;

  @Field(() => String)
  title!: string;

  @Field(() => String)
  description!: string;

  @Field(() => Float, { description: "1.0 to 10.0." })
  severity!: number;

  @Field(() => String, { description: "LOW, MEDIUM, HIGH or CRITICAL." })
  severityLabel!: string;

  @Field(() => Int, { description: "service.count: occurrences aggregated into this finding." })
  count!: number;

  @Field(() => Boolean, { description: "service.archived." })
  archived!: boolean;

  @Field(() => Boolean, { description: "Archived at creation by a suppression rule." })
  suppressed!: boolean;

  @Field(() => Boolean, { description: "Made by createSampleFindings." })
  sample!: boolean;

  @Field(() => FeedbackEnum, { nullable: true, description: "service.userFeedback." })
  feedback!: FeedbackEnum | null;

  @Field(() => DateTimeISOResolver)
  createdAt!: Date;

  @Field(() => DateTimeISOResolver)
  updatedAt!: Date;

  @Field(() => String, { nullable: true, description: "The attack sequence this finding is a signal of (its ARN); the sequence lists its signals in order in service.detection.sequence." })
  associatedAttackSequenceArn!: string | null;

  @Field(() => Float, { nullable: true, description: "How sure the rule is, 0 (a guess) to 10 (certain), GuardDuty's `confidence`; null on findings stored before Vigil recorded it." })
  confidence!: number | null;

  @Field(() => String, { nullable: true, description: "Why the confidence is what it is: the rule's method and, for list matches, the list and entry." })
  confidenceReason!: string | null;

  @Field(() => JSONObjectResolver, { description: "GuardDuty's resource JSON, for export (typed: resourceDetails)." })
  resource!: Record<string, unknown>;

  @Field(() => JSONObjectResolver, { description: "GuardDuty's service JSON, for export (typed: serviceDetails)." })
  service!: Record<string, unknown>;

  // resourceDetails and serviceDetails: finding-details.resolver.ts, built only when selected.

  @Field(() => [SourceEventType], { description: "The log events the finding came from, the latest 20 at most." })
  sourceEvents!: SourceEventType[];
}

@ObjectType()
export class FindingPage {
  @Field(() => [FindingType])
  findings!: FindingType[];

  @Field(() => String, { nullable: true, description: "Pass as `after` for the next page; null on the last page." })
  nextCursor!: string | null;
}

@ObjectType({ description: "One live change, as the findings subscription pushes it." })
export class FindingEvent {
  @Field(() => FindingChangeEnum)
  change!: FindingChangeEnum;

  @Field(() => FindingType)
  finding!: FindingType;
}
