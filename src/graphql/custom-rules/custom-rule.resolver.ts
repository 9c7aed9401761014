import { DateTimeISOResolver } from "graphql-scalars";
import { Arg, Ctx, Float, ID, Int, Mutation, Query, Resolver } from "type-graphql";
import type { GraphQLContext } from "../context.js";
import { presentBacktest, presentCustomRule } from "./custom-rule.presenter.js";
import { BacktestType, CustomRuleScopeEnum, CustomRuleTestResultType, CustomRuleType } from "./custom-rule.types.js";

const RULE = { description: "The Sigma rule's YAML (at most 64 KiB); errors name the line and field." };
const FINDING_TYPE = { nullable: true, description: "A Custom: type in GuardDuty's grammar (Custom:IAMUser/MyRule) or a type Vigil raises; Custom:<resource>/<TitleInCamelCase> by default." };
const SEVERITY = { nullable: true, description: "1.0-10.0; from the rule's level by default." };

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

  @Mutation(() => CustomRuleType, { description: "Stores a rule; enabled, it runs in every worker within seconds. At most 200 per detector; scope MEMBERS for administrators only." })
  async createCustomRule(
    @Arg("detectorId", () => ID) detectorId: string,
    @Arg("rule", () => String, RULE) rule: string,
    @Arg("findingType", () => String, FINDING_TYPE) findingType: string | null,
    @Arg("severity", () => Float, SEVERITY) severity: number | null,
    @Arg("enabled", () => Boolean, { nullable: true, description: "true by default." }) enabled: boolean | null,
    @Arg("scope", () => CustomRuleScopeEnum, { nullable: true, description: "DETECTOR by default." }) scope: CustomRuleScopeEnum | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<CustomRuleType> {
    return presentCustomRule(await ctx.services.storedCustomRules.create(ctx.actor, detectorId, { rule, findingType, severity, enabled, scope }));
  }

  @Mutation(() => CustomRuleType, { description: "Changes what is given, if the rule is still at expectedVersion (else CONFLICT); the version goes up by one and a rule a worker switched off runs again. " +
      "A new rule text takes its finding type and severity from the rule unless they are given again." })
  async updateCustomRule(
    @Arg("detectorId", () => ID) detectorId: string,
    @Arg("customRuleId", () => ID) customRuleId: string,
    @Arg("expectedVersion", () => Int) expectedVersion: number,
    @Arg("rule", () => String, { ...RULE, nullable: true }) rule: string | null,
    @Arg("findingType", () => String, FINDING_TYPE) findingType: string | null,
    @Arg("severity", () => Float, SEVERITY) severity: number | null,
    @Arg("enabled", () => Boolean, { nullable: true }) enabled: boolean | null,
    @Arg("scope", () => CustomRuleScopeEnum, { nullable: true }) scope: CustomRuleScopeEnum | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<CustomRuleType> {
    const command = { expectedVersion, rule: rule ?? undefined, findingType: findingType ?? undefined, severity: severity ?? undefined, enabled, scope };
    return presentCustomRule(await ctx.services.storedCustomRules.update(ctx.actor, detectorId, customRuleId, command));
  }

  @Mutation(() => Boolean)
  async deleteCustomRule(@Arg("detectorId", () => ID) detectorId: string, @Arg("customRuleId", () => ID) customRuleId: string, @Ctx() ctx: GraphQLContext): Promise<boolean> {
    await ctx.services.storedCustomRules.delete(ctx.actor, detectorId, customRuleId);
    return true;
  }

  @Query(() => CustomRuleType)
  async getCustomRule(@Arg("detectorId", () => ID) detectorId: string, @Arg("customRuleId", () => ID) customRuleId: string, @Ctx() ctx: GraphQLContext): Promise<CustomRuleType> {
    return presentCustomRule(await ctx.services.storedCustomRules.get(ctx.actor, detectorId, customRuleId));
  }

  @Query(() => [CustomRuleType], { description: "The detector's rules, oldest first (at most 200)." })
  async listCustomRules(@Arg("detectorId", () => ID) detectorId: string, @Ctx() ctx: GraphQLContext): Promise<CustomRuleType[]> {
    return (await ctx.services.storedCustomRules.list(ctx.actor, detectorId)).map(presentCustomRule);
  }

  @Mutation(() => BacktestType, { description: "Starts a backtest: the detector's stored log objects that can hold events of [from, to] are re-read from their sources and the rule run over them; at most 90 days. Follow it with getBacktest." })
  async backtestCustomRule(
    @Arg("detectorId", () => ID) detectorId: string,
    @Arg("rule", () => String, RULE) rule: string,
    @Arg("from", () => DateTimeISOResolver) from: Date,
    @Arg("to", () => DateTimeISOResolver) to: Date,
    @Arg("findingType", () => String, FINDING_TYPE) findingType: string | null,
    @Arg("severity", () => Float, SEVERITY) severity: number | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<BacktestType> {
    return presentBacktest(await ctx.services.backtests.start(ctx.actor, detectorId, { rule, from, to, findingType, severity }));
  }

  @Query(() => BacktestType, { description: "A backtest's state and progress; its results once COMPLETED (kept a day)." })
  async getBacktest(@Arg("detectorId", () => ID) detectorId: string, @Arg("backtestId", () => ID) backtestId: string, @Ctx() ctx: GraphQLContext): Promise<BacktestType> {
    return presentBacktest(await ctx.services.backtests.get(ctx.actor, detectorId, backtestId));
  }
}
