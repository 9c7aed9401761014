import type { Database } from "../../db/prisma.js";
import type { BacktestJobs, BacktestJobView } from "../../queues/backtest.js";
import type { Actor } from "../actor.js";
import { ConflictError, InvalidInputError, NotFoundError } from "../errors.js";
import { authorizeDetector } from "../policies/detector.js";
import type { BacktestResult } from "../system/backtest-runner.js";
import { compileForStorage } from "./stored-rule.js";
import type { SigmaRuleInfo } from "../../detection/custom/sigma/records.js";

/** A backtest re-reads logs: a year of them is more than one request should start. */
export const MAX_BACKTEST_DAYS = 90;

export type BacktestState = "WAITING" | "RUNNING" | "COMPLETED" | "FAILED";

export type BacktestView = {
  id: string;
  /** The rule's title, id and author: its licence (DRL 1.1) asks that the author be shown wherever its matches are. */
  rule: SigmaRuleInfo;
  detectorId: string;
  state: BacktestState;
  from: Date;
  to: Date;
  objectsDone: number;
  objectsTotal: number | null;
  matchedEvents: number;
  findings: number;
  /** Present once the backtest completed. */
  result: BacktestResult | null;
  failedReason: string | null;
  createdAt: Date;
  finishedAt: Date | null;
};

const STATES: Record<string, BacktestState> = { completed: "COMPLETED", failed: "FAILED", active: "RUNNING" };

function present(job: BacktestJobView): BacktestView {
  const { info } = compileForStorage(job.data.rule, job.data);
  const result = job.state === "completed" ? (job.result as BacktestResult) : null;
  return {
    id: job.id,
    rule: info,
    detectorId: job.data.detectorId,
    state: STATES[job.state] ?? "WAITING",
    from: new Date(job.data.from),
    to: new Date(job.data.to),
    objectsDone: result?.objectsDone ?? job.progress.objectsDone ?? 0,
    objectsTotal: result?.objectsTotal ?? job.progress.objectsTotal ?? null,
    matchedEvents: result?.matchedEvents ?? job.progress.matchedEvents ?? 0,
    findings: result?.findings ?? job.progress.findings ?? 0,
    result,
    failedReason: job.failedReason,
    createdAt: job.createdAt,
    finishedAt: job.finishedAt,
  };
}

/** backtestCustomRule / getBacktest: a rule over the detector's stored logs, as a job on the `backtests` queue. */
export class BacktestService {
  constructor(
    private readonly db: Database,
    private readonly jobs: BacktestJobs | undefined,
  ) {}

  async start(actor: Actor | null, detectorId: string, command: { rule: string; findingType?: string | null; severity?: number | null; from: Date; to: Date }): Promise<BacktestView> {
    const { caller } = await authorizeDetector(this.db, actor, "use", detectorId);
    compileForStorage(command.rule, command);
    const { from, to } = command;
    if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime()) || from >= to) throw new InvalidInputError("from: must be before to.");
    if (to.getTime() - from.getTime() > MAX_BACKTEST_DAYS * 86_400_000) throw new InvalidInputError(`to: a backtest covers at most ${MAX_BACKTEST_DAYS} days.`);
    if (!this.jobs) throw new ConflictError("Backtests need the workers' queue, which this process was started without.");
    const data = { accountRowId: caller.accountRowId, detectorId, rule: command.rule, findingType: command.findingType ?? null, severity: command.severity ?? null, from: from.toISOString(), to: to.toISOString() };
    const id = await this.jobs.enqueue(data);
    return present({ id, data, state: "waiting", progress: {}, result: null, failedReason: null, createdAt: new Date(), finishedAt: null });
  }

  async get(actor: Actor | null, detectorId: string, backtestId: string): Promise<BacktestView> {
    const { caller } = await authorizeDetector(this.db, actor, "use", detectorId);
    const job = this.jobs && /^\d{1,18}$/.test(backtestId) ? await this.jobs.find(backtestId) : null;
    // Another account's backtest is indistinguishable from an unknown one.
    if (!job || job.data.accountRowId !== caller.accountRowId || job.data.detectorId !== detectorId) throw new NotFoundError(`Backtest ${backtestId} not found.`);
    return present(job);
  }
}
