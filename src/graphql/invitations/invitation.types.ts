import { Field, ObjectType } from "type-graphql";
import { DateTimeISOResolver } from "graphql-scalars";

@ObjectType({ description: "An invitation received from an administrator." })
export class InvitationType {
  @Field(() => String, { description: "The inviting administrator's 12-digit account id." })
  accountId!: string;

  @Field(() => String)
  invitationId!: string;

  @Field(() => String, { description: "The relationship status with that administrator." })
  relationshipStatus!: string;

  @Field(() => DateTimeISOResolver)
  invitedAt!: Date;

  @Field(() => String, { nullable: true })
  message!: string | null;
}

@ObjectType()
export class InvitationPage {
  @Field(() => [InvitationType])
  invitations!: InvitationType[];

  @Field(() => String, { nullable: true })
  nextCursor!: string | null;
}

@ObjectType("Administrator", { description: "The administrator a member account is associated with." })
export class AdministratorType {
  @Field(() => String)
  accountId!: string;

  @Field(() => String, { nullable: true })
  invitationId!: string | null;

  @Field(() => String)
  relationshipStatus!: string;

  @Field(() => DateTimeISOResolver, { nullable: true })
  invitedAt!: Date | null;
}

@ObjectType("Master", { description: "Deprecated: GuardDuty's former name of Administrator." })
export class MasterType extends AdministratorType {}
