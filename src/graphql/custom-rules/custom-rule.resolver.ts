import { Arg, Ctx, ID, Query, Resolver } from "type-graphql";
import type { GraphQLContext } from "../context.js";
import { CustomRuleTestResultType } from "./custom-rule.types.js";

/** Custom detection rules (Sigma) on the caller's own detector. */
@Resolver()
export class CustomRuleResolver {
  @Query(() => CustomRuleTestResultType, {
    description:
      "Dry run: compiles a Sigma rule (errors name the line and field) and runs it over the events given, in any format `vigil scan` reads " +
      "(CloudTrail JSON, one record per line, VPC Flow, Route 53 Resolver); at most 1 MiB and 10,000 events. Nothing is stored or raised.",
  })
  async testCustomRule(
    @Arg("detectorId", () => ID) detectorId: string,
    @Arg("rule", () => String, { description: "The Sigma rule's YAML." }) rule: string,
    @Arg("events", () => String, { description: "The log text to test against." }) events: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<CustomRuleTestResultType> {
    return ctx.services.customRules.test(ctx.actor, detectorId, rule, events);
  }
}
