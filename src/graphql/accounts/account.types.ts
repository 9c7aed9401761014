import { Field, ID, InputType, ObjectType } from "type-graphql";
import { DateTimeISOResolver } from "graphql-scalars";

@ObjectType("Account", { description: "An AWS account watched by Vigil." })
export class AccountType {
  @Field(() => String, { description: "The 12-digit AWS account id." })
  accountId!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String)
  email!: string;

  @Field(() => DateTimeISOResolver)
  createdAt!: Date;
}

@ObjectType("ApiKey", { description: "An API key, without its secret." })
export class ApiKeyType {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String, { description: "The non-secret start of the key (vk_<publicId>), to recognise it." })
  prefix!: string;

  @Field(() => DateTimeISOResolver)
  createdAt!: Date;

  @Field(() => DateTimeISOResolver, { nullable: true })
  lastUsedAt!: Date | null;

  @Field(() => DateTimeISOResolver, { nullable: true })
  revokedAt!: Date | null;
}

@ObjectType({ description: "A new API key. The secret is shown here once and never again." })
export class CreatedApiKey {
  @Field(() => ApiKeyType)
  apiKey!: ApiKeyType;

  @Field(() => String, { description: "Send as `Authorization: Bearer <secret>`." })
  secret!: string;
}

@ObjectType()
export class CreateAccountResult {
  @Field(() => AccountType)
  account!: AccountType;

  @Field(() => CreatedApiKey)
  apiKey!: CreatedApiKey;
}

@InputType()
export class CreateAccountInput {
  @Field(() => String, { description: "The 12-digit AWS account id." })
  accountId!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String)
  email!: string;
}
