/**
 * The baseline engine: the seam between the ingestion pipeline, the baseline models and a baseline
 * store. Per batch of events, after the detection engine's detectBatch:
 *
 *   const plan = baselines.observe(batch, context);                 // pure: what to read, learn, decide
 *   const snapshot = await store.read(plan.reads);                  // one round trip
 *   candidates = baselines.decide(plan, snapshot, context, candidates);  // pure: anomalies added, rule findings qualified
 *   … persist the findings (the pipeline's transaction) …
 *   await store.learn(plan.learning, `${objectKey}#${batchIndex}`);  // one round trip, once per learn id
 *
 * Decisions compare each event with what was seen strictly before its event time, and learning is
 * keyed by the learn id, so a retried object yields the same findings and teaches nothing twice.
 */
import { isTrustedCounterpart } from "../engine/trusted.js";
import type { FindingCandidate, FindingTypeMeta } from "../engine/types.js";
import type { VigilEvent } from "../events.js";
import { credentialSourceModel } from "./credentials/model.js";
import { identityModel } from "./identity/model.js";
import { BatchBuilder, type BaselineContext, type BaselineModel } from "./model.js";
import { networkModel } from "./network/model.js";
import { EVENT_RULES } from "../rules/index.js";
import { sensitiveActionModel } from "./sensitive/model.js";
import { reviewableCalls } from "./sensitive/reviewable.js";
import type { EntityUpdate } from "./state/profile.js";
import type { BaselineReads, BaselineSnapshot, BaselineStore } from "./state/store.js";

export const BASELINE_MODELS: readonly BaselineModel[] = [
  identityModel,
  credentialSourceModel,
  sensitiveActionModel(reviewableCalls(EVENT_RULES)),
  networkModel,
] as readonly BaselineModel[];

type ModelRun = { model: BaselineModel; batch: BatchBuilder<unknown> };

export type BaselinePlan = { runs: ModelRun[]; reads: BaselineReads; learning: EntityUpdate[] };

export type BaselineEngine = {
  readonly models: readonly BaselineModel[];
  readonly findingTypes: readonly FindingTypeMeta[];
  observe(events: readonly VigilEvent[], context: BaselineContext): BaselinePlan;
  decide(plan: BaselinePlan, snapshot: BaselineSnapshot, context: BaselineContext, ruleCandidates?: readonly FindingCandidate[]): FindingCandidate[];
};

export function createBaselineEngine(models: readonly BaselineModel[] = BASELINE_MODELS): BaselineEngine {
  return {
    models,
    findingTypes: models.flatMap((model) => model.findingTypes),
    observe(events, context) {
      const runs: ModelRun[] = models.map((model) => ({ model, batch: new BatchBuilder() }));
      for (const event of events) for (const run of runs) run.model.observe(event, context, run.batch);
      const entities = new Set<string>();
      const hourly = new Map<string, BaselineReads["hourly"][number]>();
      for (const { batch } of runs) {
        const reads = batch.readsNeeded();
        for (const entity of reads.entities) entities.add(entity);
        for (const read of reads.hourly) hourly.set(`${read.entity}|${read.hour}|${read.host}`, read);
      }
      return { runs, reads: { entities: [...entities], hourly: [...hourly.values()] }, learning: runs.flatMap(({ batch }) => batch.updates()) };
    },
    decide(plan, snapshot, context, ruleCandidates = []) {
      let candidates = [...ruleCandidates];
      for (const { model, batch } of plan.runs) if (model.review) candidates = model.review(candidates, batch.facts, snapshot, context);
      const emit = (candidate: FindingCandidate) => {
        if (!isTrustedCounterpart(candidate, context.intel)) candidates.push(candidate);
      };
      for (const { model, batch } of plan.runs) if (model.decide) for (const fact of batch.facts) model.decide(fact, snapshot, context, emit);
      return candidates;
    },
  };
}

/** Observe, read, decide and learn one batch in a row: `vigil scan`, the evaluation and tests. */
export async function runBaselineBatch(
  engine: BaselineEngine,
  store: BaselineStore,
  events: readonly VigilEvent[],
  context: BaselineContext,
  learnId: string,
  ruleCandidates: readonly FindingCandidate[] = [],
): Promise<FindingCandidate[]> {
  const plan = engine.observe(events, context);
  const candidates = engine.decide(plan, await store.read(plan.reads), context, ruleCandidates);
  await store.learn(plan.learning, learnId);
  return candidates;
}
