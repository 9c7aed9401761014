import { Field, InputType, ObjectType } from "type-graphql";
import { DateTimeISOResolver } from "graphql-scalars";
import { DataSourceConfiguration } from "../detectors/detector.types.js";
import { UnprocessedAccount } from "../shared/batch.types.js";

@InputType()
export class AccountDetailInput {
  @Field(() => String, { description: "The 12-digit id of the member account." })
  accountId!: string;

  @Field(() => String)
  email!: string;
}

@ObjectType({ description: "A member account as its administrator sees it." })
export class MemberType {
  @Field(() => String)
  accountId!: string;

  @Field(() => String, { nullable: true, description: "The member's own detector, if it has one." })
  detectorId!: string | null;

  @Field(() => String)
  administratorId!: string;

  @Field(() => String)
  email!: string;

  @Field(() => String, { description: "Created, Invited, Enabled, Disabled, Removed or Resigned." })
  relationshipStatus!: string;

  @Field(() => DateTimeISOResolver, { nullable: true })
  invitedAt!: Date | null;

  @Field(() => DateTimeISOResolver)
  updatedAt!: Date;
}

@ObjectType()
export class GetMembersResult {
  @Field(() => [MemberType])
  members!: MemberType[];

  @Field(() => [UnprocessedAccount])
  unprocessedAccounts!: UnprocessedAccount[];
}

@ObjectType()
export class MemberPage {
  @Field(() => [MemberType])
  members!: MemberType[];

  @Field(() => String, { nullable: true, description: "Pass as `after` for the next page; null on the last page." })
  nextCursor!: string | null;
}

@ObjectType()
export class MemberDataSourceConfiguration {
  @Field(() => String)
  accountId!: string;

  @Field(() => String)
  detectorId!: string;

  @Field(() => [DataSourceConfiguration])
  dataSources!: DataSourceConfiguration[];
}

@ObjectType()
export class GetMemberDetectorsResult {
  @Field(() => [MemberDataSourceConfiguration])
  memberDataSourceConfigurations!: MemberDataSourceConfiguration[];

  @Field(() => [UnprocessedAccount])
  unprocessedAccounts!: UnprocessedAccount[];
}
