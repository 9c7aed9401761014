import { Field, ObjectType } from "type-graphql";

@ObjectType({ description: "An account a batch operation could not process, and why." })
export class UnprocessedAccount {
  @Field(() => String)
  accountId!: string;

  @Field(() => String)
  result!: string;
}

@ObjectType()
export class BatchResult {
  @Field(() => [UnprocessedAccount])
  unprocessedAccounts!: UnprocessedAccount[];
}
