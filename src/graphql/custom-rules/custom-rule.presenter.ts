import type { BacktestView } from "../../services/custom-rules/backtest-service.js";
import type { StoredCustomRule } from "../../services/custom-rules/stored-rule.js";
import { type BacktestStateEnum, type BacktestType, type CustomRuleFaultReasonEnum, type CustomRuleScopeEnum, type CustomRuleStatusEnum, type CustomRuleType } from "./custom-rule.types.js";

export function presentCustomRule(rule: StoredCustomRule): CustomRuleType {
  return {
    ...rule,
    scope: rule.scope as CustomRuleScopeEnum,
    status: rule.status as CustomRuleStatusEnum,
    faults: rule.faults.map((fault) => ({ ...fault, reason: fault.reason as CustomRuleFaultReasonEnum })),
  };
}

export function presentBacktest(backtest: BacktestView): BacktestType {
  const { result, ...rest } = backtest;
  return {
    ...rest,
    state: backtest.state as BacktestStateEnum,
    eventsRead: result?.eventsRead ?? null,
    objectsUnavailable: result?.objectsUnavailable ?? null,
    unavailable: result?.unavailable ?? [],
    samples: result?.samples ?? [],
    matchedEventIds: result?.matchedEventIds ?? [],
  };
}
