import { Field, ID, ObjectType } from "type-graphql";
import { DateTimeISOResolver, JSONResolver } from "graphql-scalars";

@ObjectType("AuditEvent", { description: "One configuration change: who, what, on which target, before and after." })
export class AuditEventType {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: "The 12-digit account whose configuration changed." })
  accountId!: string;

  @Field(() => String, { nullable: true, description: "Who else may read the event: the other party of a relationship change, or the administrator of the account when a member changed its own configuration." })
  relatedAccountId!: string | null;

  @Field(() => String, { description: "OPERATOR, ACCOUNT or SYSTEM." })
  actorKind!: string;

  @Field(() => String, { nullable: true, description: "The 12-digit account that made the change." })
  actorAccountId!: string | null;

  @Field(() => String, { nullable: true, description: "The API key used." })
  apiKeyId!: string | null;

  @Field(() => String)
  operation!: string;

  @Field(() => String)
  targetType!: string;

  @Field(() => String)
  targetId!: string;

  @Field(() => JSONResolver, { nullable: true })
  before!: unknown;

  @Field(() => JSONResolver, { nullable: true })
  after!: unknown;

  @Field(() => Boolean, { description: "A change that weakens detection (detector disabled or deleted, member left…)." })
  securityRelevant!: boolean;

  @Field(() => DateTimeISOResolver)
  createdAt!: Date;
}

@ObjectType()
export class AuditEventPage {
  @Field(() => [AuditEventType])
  events!: AuditEventType[];

  @Field(() => String, { nullable: true })
  nextCursor!: string | null;
}
