/** Builds and aggregates findings in memory: what `vigil scan` and the eval print, and a batch's upsert set. */
import type { FindingCandidate } from "../engine/types.js";
import { buildFinding, type BuildOptions } from "./build-finding.js";
import { mergeFinding } from "./merge-finding.js";
import type { Finding } from "./types.js";

export class FindingAggregator {
  private readonly findings = new Map<string, Finding>();

  constructor(private readonly options: BuildOptions) {}

  add(candidates: readonly FindingCandidate[]): void {
    for (const candidate of candidates) {
      const occurrence = buildFinding(candidate, this.options);
      const existing = this.findings.get(occurrence.id);
      this.findings.set(occurrence.id, existing ? mergeFinding(existing, occurrence) : occurrence);
    }
  }

  /** Most severe first, then most recent activity first. */
  list(): Finding[] {
    return [...this.findings.values()].sort(
      (a, b) => b.severity - a.severity || b.service.eventLastSeen.localeCompare(a.service.eventLastSeen) || a.type.localeCompare(b.type),
    );
  }
}
