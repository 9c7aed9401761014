import type { AwsRangeLookup } from "../../detection/aws-ranges/range-index.js";
import type { BaselineEngine } from "../../detection/baselines/engine.js";
import type { BaselineContext } from "../../detection/baselines/model.js";
import type { BaselineSettings } from "../../detection/baselines/state/settings.js";
import type { BaselineStore } from "../../detection/baselines/state/store.js";
import { createEngine, type DetectionEngine } from "../../detection/engine/engine.js";
import type { CustomRuleRegistry, DetectorRuleSet } from "../../detection/custom/stored/rule-sets.js";
import type { DataSource, FindingCandidate, NameReference, WindowedRule } from "../../detection/engine/types.js";
import type { LogKind } from "../../detection/events.js";
import type { GeoLookup } from "../../detection/geo/geo-lookup.js";
import type { IntelRegistry } from "../../detection/intel/registry.js";
import type { IntelLookup } from "../../detection/intel/lookup.js";
import type { Detector, LogSourceKind } from "../../generated/prisma/client.js";
import type { InstanceInventory, OrganizationAccounts, SourceForIngestion } from "../ports.js";
import type { WindowStore } from "../../detection/state/window-store.js";
import type { SequenceSettings } from "../../detection/sequences/settings.js";
import type { SequenceStore } from "../../detection/sequences/store.js";
import { attributionFor, type Attribution } from "./attribution.js";

/** How the events routed to one detector are analysed: its rules (managed plus its own), a context fixed for the whole object, and which candidates count. */
export type DetectorAnalysis = {
  detectorId: string;
  engine: DetectionEngine;
  windows: WindowStore;
  context: BaselineContext;
  keeps(candidate: FindingCandidate): boolean;
};

/** How one log object is analysed: the baselines, and the detector analysis each event is routed to. */
export type Analysis = {
  baselines: BaselineEngine;
  attribution: Attribution<DetectorAnalysis>;
};

export type AnalysisDependencies = {
  /** Rules: one event at a time, and windows across batches and objects (state in `windows`). */
  engine: DetectionEngine;
  windows: WindowStore;
  /** Stored custom rules per detector, swapped in by their reloader; run beside `engine`, windows in `windowsFor`'s store. */
  customRules: CustomRuleRegistry;
  windowsFor(rules: readonly WindowedRule[]): WindowStore;
  /** Behaviour baselines: learned in `baselineStore`, idempotently per batch of each object. */
  baselines: BaselineEngine;
  baselineSettings: BaselineSettings;
  baselineStore: BaselineStore;
  /** Attack sequences: every batch's signals, kept per account across objects and workers in `sequences`. */
  sequences: SequenceStore;
  sequenceSettings: SequenceSettings;
  /** Lists are swapped into the registry by whoever loads them; an object reads one snapshot from start to end. */
  intel: IntelRegistry;
  awsRanges: AwsRangeLookup;
  names: NameReference;
  geo: GeoLookup;
  organizations: OrganizationAccounts;
  /** The operator's trusted accounts, for every detector (each detector may add its own). */
  trustedAccountIds: ReadonlySet<string>;
  /** The EC2 inventory: kept from the CloudTrail read, describing the instances of the findings made. */
  inventory: InstanceInventory;
};

const DETECTOR_SWITCH: Record<DataSource, "cloudTrail" | "s3DataEvents" | "flowLogs" | "dnsLogs"> = {
  CLOUD_TRAIL: "cloudTrail",
  S3_DATA_EVENTS: "s3DataEvents",
  VPC_FLOW_LOGS: "flowLogs",
  DNS_QUERY_LOGS: "dnsLogs",
};

// A trail delivers management and data events to the same files, whichever kind its source was given.
const FEEDS: Record<LogSourceKind, readonly DataSource[]> = {
  CLOUD_TRAIL: ["CLOUD_TRAIL", "S3_DATA_EVENTS"],
  S3_DATA_EVENTS: ["S3_DATA_EVENTS", "CLOUD_TRAIL"],
  VPC_FLOW_LOGS: ["VPC_FLOW_LOGS"],
  DNS_QUERY_LOGS: ["DNS_QUERY_LOGS"],
};

export function logKindOf(kind: LogSourceKind): LogKind {
  return kind === "S3_DATA_EVENTS" ? "CLOUD_TRAIL" : kind;
}

type EngineWithWindows = { engine: DetectionEngine; windows: WindowStore };

// Built once per snapshot of a detector's rules (the reloader replaces the set object), not per object.
const combined = new WeakMap<DetectorRuleSet, EngineWithWindows>();

/** The managed rules plus the detector's custom ones, if it has any. */
function engineFor(detectorId: string, dependencies: AnalysisDependencies): EngineWithWindows {
  const custom = dependencies.customRules.current().get(detectorId);
  if (!custom) return { engine: dependencies.engine, windows: dependencies.windows };
  let built = combined.get(custom);
  if (!built) {
    const engine = createEngine([...dependencies.engine.eventRules, ...custom.eventRules], [...dependencies.engine.windowedRules, ...custom.windowedRules]);
    built = { engine, windows: dependencies.windowsFor(engine.windowedRules) };
    combined.set(custom, built);
  }
  return built;
}

function trustedBy(detector: Detector, everywhere: ReadonlySet<string>): ReadonlySet<string> {
  return detector.trustedAccountIds.length === 0 ? everywhere : new Set([...everywhere, ...detector.trustedAccountIds]);
}

function enabled(detector: Detector, dataSource: DataSource): boolean {
  return detector[DETECTOR_SWITCH[dataSource]];
}

/** The data sources of `kind` the detector analyses. */
function fedBy(detector: Detector, kind: LogSourceKind): DataSource[] {
  return FEEDS[kind].filter((dataSource) => enabled(detector, dataSource));
}

function detectorAnalysis(detector: Detector, fed: readonly DataSource[], organization: ReadonlySet<string>, intel: IntelLookup, dependencies: AnalysisDependencies): DetectorAnalysis {
  return {
    detectorId: detector.id,
    ...engineFor(detector.id, dependencies),
    context: {
      intel,
      awsRanges: dependencies.awsRanges,
      names: dependencies.names,
      geo: dependencies.geo,
      settings: { s3DataEvents: detector.s3DataEvents, affiliatedAccountIds: organization, trustedAccountIds: trustedBy(detector, dependencies.trustedAccountIds) },
      baseline: dependencies.baselineSettings,
    },
    keeps: (candidate) => fed.includes(candidate.meta.dataSource),
  };
}

/**
 * The analysis of a source's next object, or why there is none: a disabled detector, or a detector
 * with every data source this source feeds switched off, generates no findings (as in GuardDuty,
 * activity in that time is not analysed later either). An organisation source pauses with its owner's
 * detector; a member's events are analysed with the member's detector, its switches, lists and settings.
 */
export async function analysisFor(source: SourceForIngestion, dependencies: AnalysisDependencies): Promise<Analysis | { skipped: string }> {
  const { detector } = source;
  if (detector.status !== "ENABLED") return { skipped: "the detector is disabled" };
  const fed = fedBy(detector, source.kind);
  if (fed.length === 0) return { skipped: `the detector's ${FEEDS[source.kind].join(" and ")} data source is disabled` };
  const organization = await dependencies.organizations.of(detector.accountId);
  // One snapshot of the lists for the whole object, whichever detectors its events go to.
  const intel = dependencies.intel.current();
  const owner = detectorAnalysis(detector, fed, organization, intel, dependencies);
  const ownerAccount = detector.account.accountId;
  const routes = source.organizationSource ? await dependencies.organizations.routes(detector.accountId) : new Map<string, Detector>();
  const analyses = new Map<string, DetectorAnalysis | null>([[ownerAccount, owner]]);
  const routed = (accountId: string): DetectorAnalysis | null | undefined => {
    if (analyses.has(accountId)) return analyses.get(accountId);
    const member = routes.get(accountId);
    if (!member) return undefined;
    const memberFed = member.status === "ENABLED" ? fedBy(member, source.kind) : [];
    const analysis = memberFed.length > 0 ? detectorAnalysis(member, memberFed, organization, intel, dependencies) : null;
    analyses.set(accountId, analysis);
    return analysis;
  };
  return { baselines: dependencies.baselines, attribution: attributionFor(ownerAccount, source.organizationSource, routed) };
}
