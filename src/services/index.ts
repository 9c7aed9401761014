import path from "node:path";
import { loadSettings, type ListSettings } from "../config.js";
import type { Database } from "../db/prisma.js";
import { IntelRegistry } from "../detection/intel/registry.js";
import { createListContentSource } from "../ingest/lists/list-content-source.js";
import { FindingFeed, type FindingFeedOptions } from "./findings/finding-feed.js";
import type { VigilPubSub } from "../realtime/pubsub.js";
import { AccountService } from "./accounts/account-service.js";
import { AuditLog } from "./audit/audit-log.js";
import { ApiKeyService } from "./auth/api-key-service.js";
import { Authenticator } from "./auth/authenticator.js";
import { CustomRuleService } from "./custom-rules/custom-rule-service.js";
import { StoredCustomRules } from "./custom-rules/stored-custom-rules.js";
import { CustomRuleRegistry } from "../detection/custom/stored/rule-sets.js";
import { CustomRuleSource } from "./system/custom-rule-source.js";
import { BacktestService } from "./custom-rules/backtest-service.js";
import { BacktestRunner } from "./system/backtest-runner.js";
import type { BacktestJobs } from "../queues/backtest.js";
import { DetectorService } from "./detectors/detector-service.js";
import { FilterService } from "./filters/filter-service.js";
import { FindingService } from "./findings/finding-service.js";
import { LiveFindingAccess } from "./findings/live-finding-access.js";
import { DestinationDelivery } from "./publishing/destination-delivery.js";
import { DestinationService } from "./publishing/destination-service.js";
import { FailedDeliveryService } from "./publishing/failed-deliveries.js";
import { Publisher, type PublisherSettings } from "./system/publisher.js";
import { OperationalMetrics } from "./system/operational-metrics.js";
import { IntelListService } from "./intel-lists/intel-list-service.js";
import { IntelSnapshotSource } from "./system/intel-snapshot-source.js";
import { ListActivationService } from "./system/list-activation-service.js";
import type { ListJobs } from "../queues/list-jobs.js";
import { ListReconciler } from "./system/list-reconciler.js";
import { InvitationService } from "./invitations/invitation-service.js";
import { IngestionLedger } from "./system/ingestion-ledger.js";
import { InstanceInventory } from "./system/instance-inventory.js";
import { InstanceService } from "./inventory/instance-service.js";
import { LogSourceService, type LogSourceOptions } from "./log-sources/log-source-service.js";
import { OrganizationAccounts } from "./system/organization-accounts.js";
import { OrganizationEnrollment } from "./system/organization-enrollment.js";
import { OrganizationService } from "./organizations/organization-service.js";
import { OrganizationAdminService } from "./organizations/organization-admin-service.js";
import { MemberService } from "./members/member-service.js";
import { SecretBox } from "./secrets/secret-box.js";
import { FeedRefresher } from "./system/feed-refresher.js";
import { ThreatFeedService } from "./threat-feeds/threat-feed-service.js";
import { TagService } from "./tags/tag-service.js";
import { UsageService } from "./usage/usage-service.js";
import { DEFAULT_SELF_PROTECTION, SelfProtection, type SelfProtectionSettings } from "./system/self-protection/self-protection.js";

export type Services = ReturnType<typeof createServices>;

export type ServiceDependencies = {
  db: Database;
  operatorToken: string;
  pubSub: VigilPubSub;
  /**
   * The key for stored credentials and the root of local-folder sources. Without them (tests, tools
   * that never read stored credentials back), a per-process key and `.data/logs`.
   */
  logSources?: LogSourceOptions;
  findings?: FindingOptions;
  /** Publishing destinations: SSRF policy and timeout. Without them, https to public addresses only. */
  publishing?: PublisherSettings;
  /** Limits and locations of trusted/threat lists and feeds; the defaults of an empty environment when absent. */
  lists?: ListSettings;
  /**
   * The `lists` queue. Without it (tests, offline tools) changes are still saved, and a worker's
   * reconcile picks pending ones up.
   */
  listJobs?: ListJobs;
  /** The `backtests` queue; without it backtestCustomRule is refused (getBacktest finds nothing). */
  backtestJobs?: BacktestJobs;
  /** Self-protection findings: when a source counts as silent, and where a failed review is reported. */
  selfProtection?: SelfProtectionOptions;
};

export type SelfProtectionOptions = SelfProtectionSettings & { report: (error: unknown, what: string) => void };

const DEFAULT_SELF_PROTECTION_OPTIONS: SelfProtectionOptions = { ...DEFAULT_SELF_PROTECTION, report: () => undefined };

export type FindingOptions = { filtersPerDetector: number } & FindingFeedOptions;

const DEFAULT_FINDING_OPTIONS: FindingOptions = { filtersPerDetector: 100, queueLimit: 1_000, recheckMs: 10_000, report: () => undefined };

const DEFAULT_PUBLISHING: PublisherSettings = { policy: { allowHttp: false, allowPrivateAddresses: false }, timeoutMs: 10_000 };

/** The one place services are wired together; the API, the CLI and the workers all use it. */
export function createServices({ db, operatorToken, pubSub, logSources, findings = DEFAULT_FINDING_OPTIONS, publishing = DEFAULT_PUBLISHING, lists = loadSettings({}).lists, listJobs, backtestJobs, selfProtection: selfProtectionOptions = DEFAULT_SELF_PROTECTION_OPTIONS }: ServiceDependencies) {
  const selfProtection = new SelfProtection(db, pubSub, selfProtectionOptions);
  const audit = new AuditLog(db, pubSub, { reviewer: selfProtection, report: selfProtectionOptions.report });
  const apiKeys = new ApiKeyService(db, audit, pubSub);
  const detectors = new DetectorService(db, audit);
  const listContent = createListContentSource(lists);
  const sources = logSources ?? { secretBox: SecretBox.ephemeral(), logsRoot: path.resolve(".data", "logs"), allowPrivateEndpoints: false };
  const findingService = new FindingService(db, audit, pubSub);
  const intel = new IntelRegistry();
  const organizations = new OrganizationAccounts(db);
  const enrollment = new OrganizationEnrollment(db, audit, organizations);
  return {
    authenticator: new Authenticator(apiKeys, operatorToken),
    audit,
    apiKeys,
    accounts: new AccountService(db, apiKeys, audit),
    detectors,
    members: new MemberService(db, audit, pubSub),
    invitations: new InvitationService(db, audit),
    logSources: new LogSourceService(db, audit, pubSub, sources),
    ingestion: new IngestionLedger(db, pubSub, enrollment),
    inventory: new InstanceInventory(db),
    instances: new InstanceService(db),
    organizations,
    /** GuardDuty's organisation operations: administrators designated by the operator, auto-enable, statistics. */
    organization: new OrganizationService(db, audit, enrollment),
    /** The operator designates organisations' administrators (enableOrganizationAdminAccount and kin). */
    organizationAdmins: new OrganizationAdminService(db, audit, organizations),
    findings: findingService,
    filters: new FilterService(db, audit, findings.filtersPerDetector),
    /** tagResource / untagResource / listTagsForResource, by resource ARN. */
    tags: new TagService(db, audit),
    /** getUsageStatistics: what Vigil processed in the last 30 days. */
    usage: new UsageService(db),
    /** Custom detection rules: the Sigma dry run (testCustomRule). */
    customRules: new CustomRuleService(db),
    /** Stored custom rules (create/update/delete/get/listCustomRules). */
    storedCustomRules: new StoredCustomRules(db, audit, pubSub),
    /** The stored rules detections run, per detector; the worker's reloader swaps new sets in. */
    customRuleRegistry: new CustomRuleRegistry(),
    /** What the workers build `customRuleRegistry` from, and the rules' costs for /metrics. */
    customRuleSource: new CustomRuleSource(db),
    backtests: new BacktestService(db, backtestJobs),
    /** Runs the backtests workers take from the queue; re-reads objects with the log sources' key and root. */
    backtestRunner: new BacktestRunner(db, sources, intel),
    /** This process's fan-out of live finding changes to its subscribers; idle until someone subscribes. */
    findingFeed: new FindingFeed(pubSub, new LiveFindingAccess(db, findingService), findings),
    // Webhook secrets and S3 credentials are sealed with the same key as log-source credentials.
    destinations: new DestinationService(db, audit, sources.secretBox, publishing.policy, new DestinationDelivery(sources.secretBox, publishing)),
    /** Dead deliveries of a detector's destinations: listed and replayed by their account. */
    failedDeliveries: new FailedDeliveryService(db, audit),
    publisher: new Publisher(db, sources.secretBox, publishing),
    /** Findings and deliveries as /metrics reports them. */
    operations: new OperationalMetrics(db),
    /** The threat-intel snapshot detections read; list loaders swap new snapshots in. */
    intel,
    intelLists: new IntelListService(db, audit, lists, pubSub, listJobs),
    threatFeeds: new ThreatFeedService(db, lists, pubSub, listJobs),
    listActivation: new ListActivationService(db, lists, listContent, pubSub, selfProtection),
    /** Findings about Vigil itself: blinding changes (through the audit log), trusted lists in force, failing and silent sources. */
    selfProtection,
    feedRefresher: new FeedRefresher(db, lists, listContent, pubSub),
    listReconciler: new ListReconciler(db),
    /** What the workers build `intel` snapshots from. */
    intelSnapshots: new IntelSnapshotSource(db),
    pubSub,
  };
}
