/**
 * The contract between the engine, the rules and the finding builder. Rules are pure: they read one
 * event (or fold a batch into window partials) and emit candidates; everything that needs I/O
 * (intel lists, AWS ranges, geo databases) is loaded before a batch and reached through the context.
 */
import type { AwsRangeLookup } from "../aws-ranges/range-index.js";
import type { CloudTrailEvent, DnsEvent, FlowEvent } from "../events.js";
import type { Confidence } from "../findings/confidence.js";
import type { FindingResource, SourceEventRef } from "../findings/types.js";
import type { GeoLookup } from "../geo/geo-lookup.js";
import type { IntelLookup, ThreatMatch } from "../intel/lookup.js";
import type { AnomalyDetection } from "../baselines/anomaly.js";
import type { SequenceDetection } from "../sequences/sequence-types.js";
import type { CharacterModel } from "../names/character-model.js";
import type { PublicSuffixList } from "../names/public-suffix-list.js";

export type DataSource = "CLOUD_TRAIL" | "S3_DATA_EVENTS" | "VPC_FLOW_LOGS" | "DNS_QUERY_LOGS";

/** How GuardDuty decides (reference §4): feed match, customer list, rule, reputation model, baseline model. */
export type DetectionMethod = "TI" | "CUST" | "RULE" | "TI+RULE" | "RULE+ML" | "ML" | "REP" | "ML/RULE" | "RULE/ML" | "ML (geo)" | "UNKNOWN";

export const SEVERITY = { LOW: 2, MEDIUM: 5, HIGH: 8 } as const;

/** Everything a finding type needs besides the event: what the README catalogue and the builder show. */
export type FindingTypeMeta = {
  type: string;
  /** Default severity (1.0-10.0). */
  severity: number;
  /** How and why the severity departs from the default, when it does. */
  severityVaries?: string;
  dataSource: DataSource;
  method: DetectionMethod;
  resourceType: FindingResource["resourceType"];
  resourceRole: "TARGET" | "ACTOR";
  /** `{name}` placeholders are filled from the candidate's templateValues. */
  title: string;
  description: string;
  mitre: { tactic: string; technique: string };
  /** What makes two occurrences the same finding, in words (the key itself is in the candidate). */
  aggregation: string;
  /** A type GuardDuty does not have: named in its grammar, marked Vigil-only in the catalogue. */
  vigilOnly?: boolean;
  /** A limit of Vigil's detection worth knowing (or how it departs from GuardDuty's), shown in the catalogue. */
  catalogueNote?: string;
  /** When the method's default confidence (findings/confidence.ts) says too little or too much of this type. */
  confidence?: Confidence;
};

export type DetectorSettings = {
  /** GuardDuty's S3_DATA_EVENTS feature (S3 Protection): findings from S3 object-level events. */
  s3DataEvents: boolean;
  /** Accounts of the same organization: credential use from them is "affiliated" (lower severity). */
  affiliatedAccountIds: ReadonlySet<string>;
  /** Accounts the operator vouches for (VIGIL_TRUSTED_ACCOUNT_IDS): never "outside", like the organization's. */
  trustedAccountIds: ReadonlySet<string>;
};

export const DEFAULT_SETTINGS: DetectorSettings = { s3DataEvents: true, affiliatedAccountIds: new Set(), trustedAccountIds: new Set() };

/** What the DNS model rules know of names, built from shipped lists (src/reference-data/domain-names.ts). */
export type NameReference = {
  /** Registered domains (ICANN public suffixes). */
  publicSuffixes: PublicSuffixList;
  /** The DGA rule's model of real names. */
  benignNames: CharacterModel;
};

export type DetectionContext = {
  intel: IntelLookup;
  awsRanges: AwsRangeLookup;
  names: NameReference;
  /** Used by the finding builder, not by rules: geo enrichment happens per finding, not per event. */
  geo: GeoLookup;
  settings: DetectorSettings;
};

/** The action of a candidate, before geo enrichment: addresses are plain text here. */
export type ActionSeed =
  | {
      actionType: "AWS_API_CALL";
      api: string;
      serviceName: string;
      /** The logged sourceIPAddress: an address, or an AWS service name. */
      caller: string;
      errorCode?: string;
      userAgent?: string;
      remoteAccountDetails?: { accountId: string; affiliated: boolean };
      affectedResources: Record<string, string>;
    }
  | {
      actionType: "NETWORK_CONNECTION";
      connectionDirection: "INBOUND" | "OUTBOUND" | "UNKNOWN";
      protocol: string;
      blocked: boolean;
      localPort?: number;
      remotePort?: number;
      localIp?: string;
      remoteIp?: string;
      localNetworkInterface?: string;
    }
  | {
      actionType: "DNS_REQUEST";
      domain: string;
      domainWithSuffix?: string;
      protocol: string;
      blocked: boolean;
      vpcOwnerAccountId?: string;
    }
  | {
      actionType: "PORT_PROBE";
      blocked: boolean;
      probes: Array<{ localPort: number; localIp?: string; remoteIp: string }>;
    };

export type SequenceDecisionOrder = { order: string; count: number; firstTime: number };

/** One occurrence of a finding type, as a rule sees it. The builder turns it into GuardDuty JSON. */
export type FindingCandidate = {
  meta: FindingTypeMeta;
  severity: number;
  accountId: string;
  region: string;
  /**
   * The type-specific key (e.g. account + bucket). With the detector id and the type it decides the
   * finding id, so repeats of the same key aggregate into one finding.
   */
  aggregationKey: string;
  /** Event time, epoch ms. */
  time: number;
  resource: FindingResource;
  action: ActionSeed;
  /** Values for the `{placeholders}` of the type's title and description. */
  templateValues: Record<string, string>;
  threatIntel?: ThreatMatch[];
  /** Rule-specific context for service.additionalInfo (JSON-serializable). */
  additionalInfo?: Record<string, unknown>;
  /** Baseline models: the profiles compared against and the unusual behaviour (service.detection). */
  detection?: AnomalyDetection;
  /** Attack sequences: the signals of the story (service.detection.sequence). */
  sequence?: SequenceDetection;
  /**
   * An attack sequence's decision: the finding is its story as decided (`count` signals, the first
   * begun at `firstTime`), replaced by a later decision (by `order`) rather than added to, so that it
   * does not depend on the order in which the story's log objects were read.
   */
  decision?: SequenceDecisionOrder;
  /** This occurrence's own confidence, when the rule knows better than its type's (findings/confidence.ts). */
  confidence?: Confidence;
  source: SourceEventRef;
};

export type Emit = (candidate: FindingCandidate) => void;

/** CloudTrail rules name the calls they can fire on, so the engine routes each event only to them. */
export type CloudTrailTrigger = { eventSource: string; eventNames: readonly string[] };

type RuleBase = {
  /** The rule family's folder name. */
  id: string;
  findingTypes: readonly FindingTypeMeta[];
};

export type CloudTrailRule = RuleBase & {
  kind: "cloudtrail";
  /** Omitted: the rule looks at every CloudTrail event (identity, address or user-agent rules). */
  triggers?: readonly CloudTrailTrigger[];
  evaluate(event: CloudTrailEvent, context: DetectionContext, emit: Emit): void;
};

export type FlowRule = RuleBase & {
  kind: "flow";
  evaluate(event: FlowEvent, context: DetectionContext, emit: Emit): void;
};

export type DnsRule = RuleBase & {
  kind: "dns";
  evaluate(event: DnsEvent, context: DetectionContext, emit: Emit): void;
};

/** A rule that decides on one event. */
export type EventRule = CloudTrailRule | FlowRule | DnsRule;

/**
 * A rule that decides on counts over a time window spanning batches (port scans, brute force).
 * Per batch it folds events into partial aggregates by key; a store (Redis in the pipeline, memory in
 * `vigil scan`) merges them with earlier batches' partials; `decide` then looks at the merged value.
 * Partials must be JSON-serializable and `merge` associative and commutative, so a store can combine
 * them in any order and across workers.
 */
export type WindowedRule<E extends FlowEvent | DnsEvent | CloudTrailEvent = FlowEvent | DnsEvent | CloudTrailEvent, P = unknown> = RuleBase & {
  kind: E["kind"];
  /** Width of one window, ms; keys should carry the window start (see windowStart) so stores can expire them. */
  windowMs: number;
  /**
   * CloudTrail only, optional: the only calls `accumulate` can add anything for; the engine routes just
   * those to it. Omitted: the rule sees every CloudTrail event (bursts of any call, per-address rules).
   */
  triggers?: readonly CloudTrailTrigger[];
  accumulate(event: E, context: DetectionContext, partials: Map<string, P>): void;
  merge(a: P, b: P): P;
  /**
   * Optional: what `merge(running, b)` is, for a store that keeps one running value per key in
   * memory and owns it (MemoryWindowStore): `running` may be changed and returned, so a batch costs
   * what it adds rather than the size of the window's value. Decides as `merge` would; `b` is left
   * as it is (it may become part of the result).
   */
  mergeInto?(running: P, b: P): P;
  /** Pure decision on the merged aggregate of one key. */
  decide(key: string, merged: P, context: DetectionContext, emit: Emit): void;
};
