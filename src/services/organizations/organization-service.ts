import type { Database } from "../../db/prisma.js";
import type { AutoEnableMembers, OrganizationAdmin } from "../../generated/prisma/client.js";
import { type Actor, requireAccount } from "../actor.js";
import type { AuditLog } from "../audit/audit-log.js";
import { DATA_SOURCE_NAMES, type DataSourceName, type DataSourceSetting } from "../detectors/data-sources.js";
import { ForbiddenError, InvalidInputError } from "../errors.js";
import { authorizeDetector } from "../policies/detector.js";
import { organizationAdminOf } from "../policies/organization.js";
import { ASSOCIATED, LISTED_AS_ASSOCIATED } from "../policies/relationships.js";
import type { OrganizationEnrollment } from "../system/organization-enrollment.js";

const MAX_CANDIDATES = 1_000;
/** GuardDuty's quota of members per delegated administrator. */
export const MEMBER_ACCOUNT_LIMIT = 50_000;

const COLUMN: Record<DataSourceName, "autoEnableCloudTrail" | "autoEnableFlowLogs" | "autoEnableDnsLogs" | "autoEnableS3DataEvents"> = {
  CLOUD_TRAIL: "autoEnableCloudTrail",
  FLOW_LOGS: "autoEnableFlowLogs",
  DNS_LOGS: "autoEnableDnsLogs",
  S3_DATA_EVENTS: "autoEnableS3DataEvents",
};
const DETECTOR_COLUMN: Record<DataSourceName, "cloudTrail" | "flowLogs" | "dnsLogs" | "s3DataEvents"> = {
  CLOUD_TRAIL: "cloudTrail",
  FLOW_LOGS: "flowLogs",
  DNS_LOGS: "dnsLogs",
  S3_DATA_EVENTS: "s3DataEvents",
};

export type OrganizationConfiguration = {
  autoEnableOrganizationMembers: AutoEnableMembers;
  /** GuardDuty's legacy flag: true unless NONE. */
  autoEnable: boolean;
  dataSources: Array<{ name: DataSourceName; autoEnable: boolean }>;
  memberAccountLimitReached: boolean;
};
export type UpdateOrganizationConfigurationCommand = { autoEnableOrganizationMembers?: AutoEnableMembers | null; dataSources?: DataSourceSetting[] | null };
export type OrganizationCandidate = { accountId: string; events: number; firstSeenAt: Date; lastSeenAt: Date };
export type OrganizationStatistics = {
  totalAccountsCount: number;
  memberAccountsCount: number;
  activeAccountsCount: number;
  enabledAccountsCount: number;
  countByDataSource: Array<{ name: DataSourceName; enabledAccountsCount: number }>;
};

export function snapshot(configuration: OrganizationAdmin) {
  return {
    autoEnableOrganizationMembers: configuration.autoEnable,
    dataSources: Object.fromEntries(DATA_SOURCE_NAMES.map((name) => [name, configuration[COLUMN[name]]])),
  };
}

/**
 * GuardDuty's organisation operations. The operator designates an organisation's administrator
 * (GuardDuty's management account does, with enableOrganizationAdminAccount); that administrator reads
 * and sets the organisation's configuration, its statistics and the accounts its organisation sources
 * name that are not members (the candidates of auto-enable).
 */
export class OrganizationService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditLog,
    private readonly enrollment: OrganizationEnrollment,
  ) {}

  /** The caller's organisation configuration: the caller must be a designated administrator, naming its own detector. */
  private async administrator(actor: Actor | null, detectorId: string) {
    const { caller } = await authorizeDetector(this.db, actor, "use", detectorId);
    const configuration = await organizationAdminOf(this.db, caller.accountRowId);
    if (!configuration) throw new ForbiddenError("Only an organisation's administrator (designated by the operator with enableOrganizationAdminAccount) has an organisation configuration.");
    return { caller, configuration };
  }

  async describeOrganizationConfiguration(actor: Actor | null, detectorId: string): Promise<OrganizationConfiguration> {
    const { caller, configuration } = await this.administrator(actor, detectorId);
    const members = await this.db.membership.count({ where: { administratorId: caller.accountRowId, relationshipStatus: { in: [...LISTED_AS_ASSOCIATED] } } });
    return {
      autoEnableOrganizationMembers: configuration.autoEnable,
      autoEnable: configuration.autoEnable !== "NONE",
      dataSources: DATA_SOURCE_NAMES.map((name) => ({ name, autoEnable: configuration[COLUMN[name]] })),
      memberAccountLimitReached: members >= MEMBER_ACCOUNT_LIMIT,
    };
  }

  /** Sets auto-enable and its data sources; switching to ALL enrolls every candidate at once. */
  async updateOrganizationConfiguration(actor: Actor | null, detectorId: string, command: UpdateOrganizationConfigurationCommand): Promise<OrganizationConfiguration> {
    const { caller, configuration } = await this.administrator(actor, detectorId);
    const autoEnable = command.autoEnableOrganizationMembers ?? configuration.autoEnable;
    const columns: Partial<Record<(typeof COLUMN)[DataSourceName], boolean>> = {};
    for (const setting of command.dataSources ?? []) {
      if (!DATA_SOURCE_NAMES.includes(setting.name)) throw new InvalidInputError(`Unknown data source ${JSON.stringify(setting.name)}.`);
      columns[COLUMN[setting.name]] = setting.enabled;
    }
    await this.audit.change(caller, async (tx, record) => {
      const updated = await tx.organizationAdmin.update({
        where: { accountId: caller.accountRowId },
        data: { autoEnable, ...(autoEnable !== configuration.autoEnable ? { autoEnableChangedAt: new Date() } : {}), ...columns },
      });
      record({
        accountId: caller.accountRowId,
        operation: "updateOrganizationConfiguration",
        targetType: "OrganizationConfiguration",
        targetId: detectorId,
        before: snapshot(configuration),
        after: snapshot(updated),
      });
    });
    if (autoEnable === "ALL") await this.enrollment.enroll(caller.accountRowId);
    return this.describeOrganizationConfiguration(actor, detectorId);
  }

  /** Accounts the administrator's organisation sources named that are not its associated members, most events first. */
  async listOrganizationCandidates(actor: Actor | null, detectorId: string): Promise<OrganizationCandidate[]> {
    const { caller } = await this.administrator(actor, detectorId);
    const members = await this.db.membership.findMany({
      where: { administratorId: caller.accountRowId, relationshipStatus: { in: [...ASSOCIATED] } },
      select: { member: { select: { accountId: true } } },
    });
    const excluded = [caller.accountId, ...members.map((membership) => membership.member.accountId)];
    const rows = await this.db.logSourceAccountEvents.groupBy({
      by: ["accountId"],
      where: { logSource: { organizationSource: true, detector: { accountId: caller.accountRowId } }, accountId: { notIn: excluded } },
      _sum: { events: true },
      _min: { firstSeenAt: true },
      _max: { lastSeenAt: true },
      orderBy: [{ _sum: { events: "desc" } }, { accountId: "asc" }],
      take: MAX_CANDIDATES,
    });
    return rows.map((row) => ({ accountId: row.accountId, events: Number(row._sum.events ?? 0), firstSeenAt: row._min.firstSeenAt!, lastSeenAt: row._max.lastSeenAt! }));
  }

  /**
   * GuardDuty's getOrganizationStatistics: the organisation's accounts (the administrator, its members and the
   * candidates), the members, those whose detector is enabled, the Enabled members, and per data source how
   * many Enabled members' detectors analyse it.
   */
  async getOrganizationStatistics(actor: Actor | null, detectorId: string): Promise<OrganizationStatistics> {
    const { caller } = await this.administrator(actor, detectorId);
    const members = await this.db.membership.findMany({
      where: { administratorId: caller.accountRowId, relationshipStatus: { in: [...LISTED_AS_ASSOCIATED] } },
      select: { relationshipStatus: true, member: { select: { detector: true } } },
    });
    const enabled = members.filter((membership) => membership.relationshipStatus === "ENABLED");
    const candidates = await this.listOrganizationCandidates(requireAccount(actor), detectorId);
    return {
      totalAccountsCount: 1 + members.length + candidates.length,
      memberAccountsCount: members.length,
      activeAccountsCount: members.filter((membership) => membership.member.detector?.status === "ENABLED").length,
      enabledAccountsCount: enabled.length,
      countByDataSource: DATA_SOURCE_NAMES.map((name) => ({
        name,
        enabledAccountsCount: enabled.filter((membership) => membership.member.detector?.status === "ENABLED" && membership.member.detector[DETECTOR_COLUMN[name]]).length,
      })),
    };
  }
}
