import type { Database } from "../../db/prisma.js";
import { SigmaBacktest, type BacktestTally } from "../../detection/custom/sigma/backtest.js";
import { compileSigmaRule } from "../../detection/custom/sigma/compile.js";
import { DEFAULT_SETTINGS } from "../../detection/engine/types.js";
import type { IntelRegistry } from "../../detection/intel/registry.js";
import { openLocation, type LocationOptions } from "../../ingest/locations/open-location.js";
import { isPushedLocation } from "../../ingest/locations/pushed-locations.js";
import { parseLogObject } from "../../ingest/parsers/index.js";
import { logKindOf } from "../../ingest/process/analysis.js";
import { attributed, attributionFor, noneDropped } from "../../ingest/process/attribution.js";
import type { BacktestJobData, BacktestProgress } from "../../queues/backtest.js";
import { loadAwsRanges } from "../../reference-data/aws-ranges.js";
import { loadNameReference } from "../../reference-data/domain-names.js";
import { failureReason } from "../../ingest/process/process-job.js";

export type BacktestResult = BacktestTally & {
  objectsTotal: number;
  objectsDone: number;
  /** Objects that could not be read again: pushed ones (their bodies are not kept), or gone from their location. */
  objectsUnavailable: number;
  /** The first few reasons, "<object>: <why>". */
  unavailable: string[];
};

const MAX_REASONS = 10;

/**
 * Runs one backtest: the detector's stored log objects that can hold events of [from, to] (recorded at
 * or after `from`: an object is delivered after the events in it) are read again from their sources,
 * in the order they were recorded, and the events in the range go through the rule. Nothing is stored
 * or raised.
 *
 * A system service (see ./README.md): it runs what the API authorized and queued, for no caller.
 */
export class BacktestRunner {
  constructor(
    private readonly db: Database,
    private readonly locations: LocationOptions,
    private readonly intel: IntelRegistry,
  ) {}

  async run(job: BacktestJobData, report: (progress: BacktestProgress) => Promise<void>): Promise<BacktestResult> {
    const rule = compileSigmaRule(job.rule, { findingType: job.findingType ?? undefined, severity: job.severity ?? undefined });
    const from = Date.parse(job.from);
    const to = Date.parse(job.to);
    const objects = await this.db.ingestedObject.findMany({
      where: { logSource: { detectorId: job.detectorId }, status: { in: ["DONE", "SKIPPED"] }, processedAt: { gte: new Date(from) } },
      select: { objectKey: true, logSource: { include: { detector: { include: { account: true } } } } },
      orderBy: [{ processedAt: "asc" }, { objectKey: "asc" }],
    });
    const backtest = new SigmaBacktest(rule, { intel: this.intel.current(), awsRanges: loadAwsRanges(), names: loadNameReference(), geo: { lookup: () => undefined }, settings: DEFAULT_SETTINGS });
    const result: BacktestResult = { ...backtest.tally, objectsTotal: objects.length, objectsDone: 0, objectsUnavailable: 0, unavailable: [] };
    const progress = () => ({ objectsDone: result.objectsDone, objectsTotal: result.objectsTotal, matchedEvents: backtest.tally.matchedEvents, findings: backtest.tally.findings });
    await report(progress());
    const dropped = noneDropped();
    for (const { objectKey, logSource } of objects) {
      // The events the pipeline analysed for this detector: its own account's, never a member's or a stranger's.
      const owner = logSource.detector.account.accountId;
      const attribution = attributionFor(owner, logSource.organizationSource, (accountId) => (accountId === owner ? true : undefined));
      try {
        if (isPushedLocation(logSource.location)) throw new Error("pushed objects are not kept after they are read");
        const opened = openLocation(logSource, this.locations);
        try {
          const { batches } = parseLogObject(await opened.location.open(objectKey), { objectKey, kind: logKindOf(logSource.kind) });
          for await (const batch of batches) backtest.add((attributed(batch, attribution, dropped).get(true) ?? []).filter((event) => event.time >= from && event.time <= to));
        } finally {
          opened.close();
        }
      } catch (error) {
        result.objectsUnavailable++;
        if (result.unavailable.length < MAX_REASONS) result.unavailable.push(`${objectKey}: ${failureReason(error)}`);
      }
      result.objectsDone++;
      await report(progress());
    }
    return { ...result, ...backtest.tally };
  }
}
