import { Arg, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import type { GraphQLContext } from "../context.js";
import { presentAccount, presentApiKey, presentIssuedKey } from "./account.presenters.js";
import { AccountType, ApiKeyType, CreateAccountInput, CreateAccountResult, CreatedApiKey } from "./account.types.js";

@Resolver()
export class AccountResolver {
  @Query(() => AccountType, { description: "The calling account." })
  async me(@Ctx() ctx: GraphQLContext): Promise<AccountType> {
    return presentAccount(await ctx.services.accounts.me(ctx.actor));
  }

  @Mutation(() => CreateAccountResult, { description: "Operator only: registers an account and returns its first API key." })
  async createAccount(
    @Arg("input", () => CreateAccountInput) input: CreateAccountInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<CreateAccountResult> {
    const { account, key } = await ctx.services.accounts.createAccount(ctx.actor, input);
    return { account: presentAccount(account), apiKey: presentIssuedKey(key) };
  }

  @Query(() => [ApiKeyType], { description: "The calling account's API keys, without secrets." })
  async listApiKeys(@Ctx() ctx: GraphQLContext): Promise<ApiKeyType[]> {
    return (await ctx.services.apiKeys.list(ctx.actor)).map(presentApiKey);
  }

  @Mutation(() => CreatedApiKey)
  async createApiKey(@Arg("name", () => String) name: string, @Ctx() ctx: GraphQLContext): Promise<CreatedApiKey> {
    return presentIssuedKey(await ctx.services.apiKeys.create(ctx.actor, name));
  }

  @Mutation(() => ApiKeyType, { description: "Revokes one of the calling account's keys; it stops working at once." })
  async revokeApiKey(@Arg("id", () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<ApiKeyType> {
    return presentApiKey(await ctx.services.apiKeys.revoke(ctx.actor, id));
  }
}
