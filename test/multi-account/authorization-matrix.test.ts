import { GraphQLObjectType } from "graphql";
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { buildVigilSchema } from "../../src/graphql/schema";
import { createLocalPubSub } from "../../src/realtime/pubsub";
import { startTestApp, type GraphQLResponse, type TestApp } from "../support/app";
import { accountWithDetector, associate, type TestAccount } from "../support/accounts";
import { storeFindings, syntheticFinding } from "../findings/support/findings";

/**
 * Every operation × every kind of caller → whether the caller reaches the target. The world is
 * one administrator's organisation; "reaches" means the call succeeded on that organisation's data
 * (an error, a null or an unprocessed account all count as denied).
 */
const ROLES = ["operator", "administrator", "member", "removed", "resigned", "outsider", "anonymous"] as const;
type Role = (typeof ROLES)[number];

type World = {
  admin: TestAccount; // administrator of `member`
  member: TestAccount; // Enabled
  removed: TestAccount; // disassociated by the administrator, then invited again (a pending invitation)
  resigned: TestAccount; // left the administrator
  outsider: TestAccount; // unrelated, and without a detector
  created: TestAccount; // added by the administrator, not yet invited
  pendingInvitationId: string;
  memberKeyId: string;
  acceptEventOperation: string;
  /** Two log sources of the member's detector, so two callers can each delete one. */
  memberLogSourceIds: [string, string];
  memberFirehoseSourceId: string;
  /** A finding of the member's detector, and a filter of the administrator's. */
  memberFindingId: string;
  adminFilterName: string;
  /** The administrator's trusted list and threat list, and an operator's managed feed. */
  adminIPSetId: string;
  adminThreatIntelSetId: string;
  adminTrustedEntitySetId: string;
  adminThreatEntitySetId: string;
  threatFeedId: string;
  adminDestinationId: string;
  /** A dead delivery of the administrator's destination (the member's finding, given up on). */
  adminDeadDeliveryId: string;
  /** A stored custom rule and a backtest of the administrator's detector. */
  adminCustomRuleId: string;
  adminBacktestId: string;
};

type Caller = { role: Role; key?: string; account?: TestAccount; ownDetectorId: string };

type Row = {
  query: string;
  variables?: (world: World, caller: Caller) => Record<string, unknown>;
  /** Beyond "no error": what shows the call reached the target. */
  reached?: (data: any, world: World) => boolean;
  allowed: Role[];
};

const batch = (field: string) => (data: any) => data[field].unprocessedAccounts.length === 0;
const SELF_SERVICE: Role[] = ["administrator", "member", "removed", "resigned", "outsider"];
let nextAccountId = 800_000_000_000;
const accountId = () => String(nextAccountId++);

const LIST_FIELDS = {
  IPSet: { id: "ipSetId", plural: "ipSets" },
  ThreatIntelSet: { id: "threatIntelSetId", plural: "threatIntelSets" },
  TrustedEntitySet: { id: "trustedEntitySetId", plural: "trustedEntitySets" },
  ThreatEntitySet: { id: "threatEntitySetId", plural: "threatEntitySets" },
} as const;

/** Trusted lists (IPSet, TrustedEntitySet) and threat lists (ThreatIntelSet, ThreatEntitySet): the same rules for all. */
function listRows(noun: keyof typeof LIST_FIELDS, idOf: (world: World) => string, canCreate: Role[]): Record<string, Row> {
  const { id, plural } = LIST_FIELDS[noun];
  return {
    [`create${noun}`]: {
      query: `mutation($d: ID!) { create${noun}(detectorId: $d, name: "matrix list", format: TXT, activate: false, content: "8.8.8.8") { ${id} } }`,
      variables: (_w, c) => ({ d: c.ownDetectorId }),
      allowed: canCreate,
    },
    [`get${noun}`]: {
      query: `query($d: ID!, $i: ID!) { get${noun}(detectorId: $d, ${id}: $i) { ${id} } }`,
      variables: (w, c) => ({ d: c.ownDetectorId, i: idOf(w) }),
      // A member reads its administrator's lists, as GuardDuty's members do.
      allowed: ["administrator", "member"],
    },
    [`list${noun}s`]: {
      query: `query($d: ID!) { list${noun}s(detectorId: $d) { ${plural} { ${id} } } }`,
      variables: (_w, c) => ({ d: c.ownDetectorId }),
      reached: (d, w) => d[`list${noun}s`][plural].some((l: Record<string, string>) => l[id] === idOf(w)),
      allowed: ["administrator", "member"],
    },
    [`update${noun}`]: {
      query: `mutation($d: ID!, $i: ID!) { update${noun}(detectorId: $d, ${id}: $i, name: "renamed") { name } }`,
      variables: (w, c) => ({ d: c.ownDetectorId, i: idOf(w) }),
      allowed: ["administrator"],
    },
    [`delete${noun}`]: {
      query: `mutation($d: ID!, $i: ID!) { delete${noun}(detectorId: $d, ${id}: $i) }`,
      variables: (w, c) => ({ d: c.ownDetectorId, i: idOf(w) }),
      allowed: ["administrator"],
    },
  };
}

const MATRIX: Record<string, Row> = {
  // Queries
  me: { query: `{ me { accountId } }`, reached: (d) => /^\d{12}$/.test(d.me.accountId), allowed: SELF_SERVICE },
  listApiKeys: { query: `{ listApiKeys { id } }`, reached: (d) => d.listApiKeys.length > 0, allowed: SELF_SERVICE },
  listDetectors: { query: `{ listDetectors }`, allowed: SELF_SERVICE },
  getDetector: {
    query: `query($d: ID!) { getDetector(detectorId: $d) { detectorId } }`,
    variables: (w) => ({ d: w.member.detectorId }),
    allowed: ["administrator", "member"],
  },
  getMembers: {
    query: `query($d: ID!, $ids: [String!]!) { getMembers(detectorId: $d, accountIds: $ids) { members { accountId } unprocessedAccounts { accountId } } }`,
    variables: (w, c) => ({ d: c.ownDetectorId, ids: [w.member.accountId] }),
    reached: (d, w) => d.getMembers.members.some((m: { accountId: string }) => m.accountId === w.member.accountId),
    allowed: ["administrator"],
  },
  listMembers: {
    query: `query($d: ID!) { listMembers(detectorId: $d) { members { accountId } } }`,
    variables: (_w, c) => ({ d: c.ownDetectorId }),
    reached: (d, w) => d.listMembers.members.some((m: { accountId: string }) => m.accountId === w.member.accountId),
    allowed: ["administrator"],
  },
  getMemberDetectors: {
    query: `query($d: ID!, $ids: [String!]!) { getMemberDetectors(detectorId: $d, accountIds: $ids) { memberDataSourceConfigurations { accountId } unprocessedAccounts { accountId } } }`,
    variables: (w, c) => ({ d: c.ownDetectorId, ids: [w.member.accountId] }),
    reached: (d) => d.getMemberDetectors.memberDataSourceConfigurations.length === 1,
    allowed: ["administrator"],
  },
  listInvitations: {
    query: `{ listInvitations { invitations { invitationId } } }`,
    reached: (d, w) => d.listInvitations.invitations.some((i: { invitationId: string }) => i.invitationId === w.pendingInvitationId),
    allowed: ["removed"],
  },
  getInvitationsCount: { query: `{ getInvitationsCount }`, reached: (d) => d.getInvitationsCount === 1, allowed: ["removed"] },
  getAdministratorAccount: {
    query: `query($d: ID!) { getAdministratorAccount(detectorId: $d) { accountId } }`,
    variables: (_w, c) => ({ d: c.ownDetectorId }),
    reached: (d, w) => d.getAdministratorAccount?.accountId === w.admin.accountId,
    allowed: ["member"],
  },
  getMasterAccount: {
    query: `query($d: ID!) { getMasterAccount(detectorId: $d) { accountId } }`,
    variables: (_w, c) => ({ d: c.ownDetectorId }),
    reached: (d, w) => d.getMasterAccount?.accountId === w.admin.accountId,
    allowed: ["member"],
  },
  auditEvents: {
    query: `{ auditEvents { events { operation accountId } } }`,
    reached: (d, w) => d.auditEvents.events.some((e: { operation: string; accountId: string }) => e.operation === "acceptAdministratorInvitation" && e.accountId === w.member.accountId),
    allowed: ["administrator", "member"],
  },

  // Mutations
  createAccount: {
    query: `mutation($id: String!) { createAccount(input: {accountId: $id, name: "new", email: "new@example.com"}) { account { accountId } } }`,
    variables: () => ({ id: accountId() }),
    allowed: ["operator"],
  },
  createApiKey: { query: `mutation { createApiKey(name: "matrix") { secret } }`, allowed: SELF_SERVICE },
  revokeApiKey: {
    query: `mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }`,
    variables: (w) => ({ id: w.memberKeyId }),
    allowed: ["member"],
  },
  createDetector: { query: `mutation { createDetector(enable: true) { detectorId } }`, allowed: ["outsider"] },
  updateDetector: {
    query: `mutation($d: ID!) { updateDetector(detectorId: $d, enable: false) { status } }`,
    variables: (w) => ({ d: w.member.detectorId }),
    allowed: ["member"],
  },
  deleteDetector: {
    query: `mutation($d: ID!) { deleteDetector(detectorId: $d) }`,
    variables: (w) => ({ d: w.resigned.detectorId }),
    allowed: ["resigned"],
  },
  createMembers: {
    query: `mutation($d: ID!, $id: String!) { createMembers(detectorId: $d, accountDetails: [{accountId: $id, email: "x@example.com"}]) { unprocessedAccounts { result } } }`,
    variables: (w, c) => ({ d: c.ownDetectorId, id: w.outsider.accountId }),
    reached: batch("createMembers"),
    // Standalone accounts may become administrators; a member may not.
    allowed: ["administrator", "removed", "resigned"],
  },
  inviteMembers: {
    query: `mutation($d: ID!, $id: String!) { inviteMembers(detectorId: $d, accountIds: [$id]) { unprocessedAccounts { result } } }`,
    variables: (w, c) => ({ d: c.ownDetectorId, id: w.created.accountId }),
    reached: batch("inviteMembers"),
    allowed: ["administrator"],
  },
  ...Object.fromEntries(
    ["disassociateMembers", "deleteMembers", "startMonitoringMembers", "stopMonitoringMembers"].map((operation) => [
      operation,
      {
        query: `mutation($d: ID!, $id: String!) { ${operation}(detectorId: $d, accountIds: [$id]) { unprocessedAccounts { result } } }`,
        variables: (w: World, c: Caller) => ({ d: c.ownDetectorId, id: w.member.accountId }),
        reached: batch(operation),
        allowed: ["administrator"] as Role[],
      },
    ]),
  ),
  updateMemberDetectors: {
    query: `mutation($d: ID!, $id: String!) { updateMemberDetectors(detectorId: $d, accountIds: [$id], dataSources: [{name: FLOW_LOGS, enable: false}]) { unprocessedAccounts { result } } }`,
    variables: (w, c) => ({ d: c.ownDetectorId, id: w.member.accountId }),
    reached: batch("updateMemberDetectors"),
    allowed: ["administrator"],
  },
  acceptAdministratorInvitation: {
    query: `mutation($d: ID!, $a: String!, $i: String!) { acceptAdministratorInvitation(detectorId: $d, administratorId: $a, invitationId: $i) }`,
    variables: (w, c) => ({ d: c.ownDetectorId, a: w.admin.accountId, i: w.pendingInvitationId }),
    allowed: ["removed"],
  },
  acceptInvitation: {
    query: `mutation($d: ID!, $a: String!, $i: String!) { acceptInvitation(detectorId: $d, masterId: $a, invitationId: $i) }`,
    variables: (w, c) => ({ d: c.ownDetectorId, a: w.admin.accountId, i: w.pendingInvitationId }),
    allowed: ["removed"],
  },
  declineInvitations: {
    query: `mutation($a: String!) { declineInvitations(accountIds: [$a]) { unprocessedAccounts { result } } }`,
    variables: (w) => ({ a: w.admin.accountId }),
    reached: batch("declineInvitations"),
    allowed: ["removed"],
  },
  deleteInvitations: {
    query: `mutation($a: String!) { deleteInvitations(accountIds: [$a]) { unprocessedAccounts { result } } }`,
    variables: (w) => ({ a: w.admin.accountId }),
    reached: batch("deleteInvitations"),
    allowed: ["removed"],
  },
  disassociateFromAdministratorAccount: {
    query: `mutation($d: ID!) { disassociateFromAdministratorAccount(detectorId: $d) }`,
    variables: (_w, c) => ({ d: c.ownDetectorId }),
    allowed: ["member"],
  },
  createLogSource: {
    query: `mutation($d: ID!) { createLogSource(detectorId: $d, input: {name: "matrix", kind: CLOUD_TRAIL, location: "push"}) { logSourceId } }`,
    variables: (w) => ({ d: w.member.detectorId }),
    allowed: ["administrator", "member"],
  },
  getLogSource: {
    query: `query($id: ID!) { getLogSource(logSourceId: $id) { logSourceId } }`,
    variables: (w) => ({ id: w.memberLogSourceIds[0] }),
    allowed: ["administrator", "member"],
  },
  // The world's administrator is designated its organisation's administrator by the operator.
  enableOrganizationAdminAccount: {
    query: `mutation($a: String!) { enableOrganizationAdminAccount(adminAccountId: $a) { adminStatus } }`,
    variables: (w) => ({ a: w.created.accountId }),
    allowed: ["operator"],
  },
  disableOrganizationAdminAccount: {
    query: `mutation($a: String!) { disableOrganizationAdminAccount(adminAccountId: $a) }`,
    variables: (w) => ({ a: w.admin.accountId }),
    allowed: ["operator"],
  },
  listOrganizationAdminAccounts: {
    query: `{ listOrganizationAdminAccounts { adminAccountId } }`,
    reached: (d, w) => d.listOrganizationAdminAccounts.some((a: { adminAccountId: string }) => a.adminAccountId === w.admin.accountId),
    allowed: ["operator"],
  },
  ...Object.fromEntries(
    [
      ["describeOrganizationConfiguration", `query($d: ID!) { describeOrganizationConfiguration(detectorId: $d) { autoEnableOrganizationMembers } }`],
      ["updateOrganizationConfiguration", `mutation($d: ID!) { updateOrganizationConfiguration(detectorId: $d, input: {autoEnableOrganizationMembers: NONE}) { autoEnable } }`],
      ["listOrganizationCandidates", `query($d: ID!) { listOrganizationCandidates(detectorId: $d) { accountId } }`],
      ["getOrganizationStatistics", `query($d: ID!) { getOrganizationStatistics(detectorId: $d) { enabledAccountsCount } }`],
    ].map(([operation, query]) => [operation, { query, variables: (_w: World, c: Caller) => ({ d: c.ownDetectorId }), allowed: ["administrator"] as Role[] }]),
  ),
  listLogSources: {
    query: `query($d: ID!) { listLogSources(detectorId: $d) { logSources { logSourceId } } }`,
    variables: (w) => ({ d: w.member.detectorId }),
    reached: (d, w) => d.listLogSources.logSources.some((s: { logSourceId: string }) => s.logSourceId === w.memberLogSourceIds[0]),
    allowed: ["administrator", "member"],
  },
  updateLogSource: {
    query: `mutation($id: ID!) { updateLogSource(logSourceId: $id, input: {pollIntervalSeconds: 300}) { pollIntervalSeconds } }`,
    variables: (w) => ({ id: w.memberLogSourceIds[0] }),
    allowed: ["administrator", "member"],
  },
  rotateLogSourceAccessKey: {
    query: `mutation($id: ID!) { rotateLogSourceAccessKey(logSourceId: $id) { accessKey } }`,
    variables: (w) => ({ id: w.memberFirehoseSourceId }),
    reached: (d) => /^vsk_/.test(d.rotateLogSourceAccessKey.accessKey),
    allowed: ["administrator", "member"],
  },
  deleteLogSource: {
    query: `mutation($id: ID!) { deleteLogSource(logSourceId: $id) }`,
    variables: (w, c) => ({ id: w.memberLogSourceIds[c.role === "administrator" ? 0 : 1] }),
    allowed: ["administrator", "member"],
  },
  disassociateFromMasterAccount: {
    query: `mutation($d: ID!) { disassociateFromMasterAccount(detectorId: $d) }`,
    variables: (_w, c) => ({ d: c.ownDetectorId }),
    allowed: ["member"],
  },
  listFindings: {
    query: `query($d: ID!) { listFindings(detectorId: $d) { findings { id } } }`,
    variables: (_w, c) => ({ d: c.ownDetectorId }),
    reached: (d, w) => d.listFindings.findings.some((f: { id: string }) => f.id === w.memberFindingId),
    allowed: ["administrator", "member"],
  },
  getFindings: {
    query: `query($d: ID!, $ids: [String!]!) { getFindings(detectorId: $d, findingIds: $ids) { id } }`,
    variables: (w, c) => ({ d: c.ownDetectorId, ids: [w.memberFindingId] }),
    reached: (d) => d.getFindings.length === 1,
    allowed: ["administrator", "member"],
  },
  getFindingsStatistics: {
    query: `query($d: ID!) { getFindingsStatistics(detectorId: $d, groupBy: ACCOUNT) { groupedByAccount { accountId } } }`,
    variables: (_w, c) => ({ d: c.ownDetectorId }),
    reached: (d, w) => d.getFindingsStatistics.groupedByAccount.some((g: { accountId: string }) => g.accountId === w.member.accountId),
    allowed: ["administrator", "member"],
  },
  ...Object.fromEntries(
    ["archiveFindings", "unarchiveFindings"].map((operation) => [
      operation,
      {
        query: `mutation($d: ID!, $ids: [String!]!) { ${operation}(detectorId: $d, findingIds: $ids) }`,
        variables: (w: World, c: Caller) => ({ d: c.ownDetectorId, ids: [w.memberFindingId] }),
        // GuardDuty's rule: the administrator archives; its members only if it allows them (it does not here).
        allowed: ["administrator"] as Role[],
      },
    ]),
  ),
  updateFindingsFeedback: {
    query: `mutation($d: ID!, $ids: [String!]!) { updateFindingsFeedback(detectorId: $d, findingIds: $ids, feedback: USEFUL) }`,
    variables: (w, c) => ({ d: c.ownDetectorId, ids: [w.memberFindingId] }),
    allowed: ["administrator", "member"],
  },
  createSampleFindings: {
    query: `mutation($d: ID!) { createSampleFindings(detectorId: $d, findingTypes: ["Recon:EC2/Portscan"]) { id } }`,
    variables: (_w, c) => ({ d: c.ownDetectorId }),
    // In the caller's own detector: anyone with one (the outsider has none).
    allowed: ["administrator", "member", "removed", "resigned"],
  },
  createFilter: {
    query: `mutation($d: ID!, $n: String!) { createFilter(detectorId: $d, name: $n, findingCriteria: {criterion: [{attribute: "severity", lessThan: 2}]}) { version } }`,
    variables: (_w, c) => ({ d: c.ownDetectorId, n: `matrix-${c.role}` }),
    // Standalone accounts and administrators; a member's filters are its administrator's.
    allowed: ["administrator", "removed", "resigned"],
  },
  ...Object.fromEntries(
    [
      ["getFilter", `query($d: ID!, $n: String!) { getFilter(detectorId: $d, filterName: $n) { name } }`],
      ["updateFilter", `mutation($d: ID!, $n: String!) { updateFilter(detectorId: $d, filterName: $n, rank: 7) { version } }`],
      ["deleteFilter", `mutation($d: ID!, $n: String!) { deleteFilter(detectorId: $d, filterName: $n) }`],
    ].map(([operation, query]) => [
      operation,
      { query, variables: (w: World, c: Caller) => ({ d: c.ownDetectorId, n: w.adminFilterName }), allowed: ["administrator"] as Role[] },
    ]),
  ),
  listFilters: {
    query: `query($d: ID!) { listFilters(detectorId: $d) { filters { name } } }`,
    variables: (_w, c) => ({ d: c.ownDetectorId }),
    reached: (d, w) => d.listFilters.filters.some((f: { name: string }) => f.name === w.adminFilterName),
    allowed: ["administrator"],
  },

  // A Sigma rule's dry run reads nothing stored, but only on the caller's own detector: here the administrator's.
  testCustomRule: {
    query: `query($d: ID!, $r: String!) { testCustomRule(detectorId: $d, rule: $r, events: "[]") { eventsRead } }`,
    variables: (w) => ({
      d: w.admin.detectorId,
      r: "title: t\nid: i\nauthor: a\nlogsource: {product: aws, service: cloudtrail}\ndetection: {sel: {eventName: X}, condition: sel}\n",
    }),
    allowed: ["administrator"],
  },

  // Stored custom rules and backtests: on the caller's own detector, any account with one.
  createCustomRule: {
    query: `mutation($d: ID!, $r: String!) { createCustomRule(detectorId: $d, rule: $r) { version } }`,
    variables: (_w, c) => ({ d: c.ownDetectorId, r: matrixRule(`matrix-${c.role}`) }),
    allowed: ["administrator", "member", "removed", "resigned"],
  },
  ...Object.fromEntries(
    [
      ["getCustomRule", `query($d: ID!, $id: ID!) { getCustomRule(detectorId: $d, customRuleId: $id) { id } }`],
      ["updateCustomRule", `mutation($d: ID!, $id: ID!) { updateCustomRule(detectorId: $d, customRuleId: $id, expectedVersion: 1, severity: 3) { version } }`],
      ["deleteCustomRule", `mutation($d: ID!, $id: ID!) { deleteCustomRule(detectorId: $d, customRuleId: $id) }`],
      ["getBacktest", `query($d: ID!, $id: ID!) { getBacktest(detectorId: $d, backtestId: $id) { state } }`],
    ].map(([operation, query]) => [
      operation,
      {
        query,
        variables: (w: World, c: Caller) => ({ d: c.ownDetectorId, id: operation === "getBacktest" ? w.adminBacktestId : w.adminCustomRuleId }),
        allowed: ["administrator"] as Role[],
      },
    ]),
  ),
  listCustomRules: {
    query: `query($d: ID!) { listCustomRules(detectorId: $d) { id } }`,
    variables: (_w, c) => ({ d: c.ownDetectorId }),
    reached: (d, w) => d.listCustomRules.some((rule: { id: string }) => rule.id === w.adminCustomRuleId),
    allowed: ["administrator"],
  },
  backtestCustomRule: {
    query: `mutation($d: ID!, $r: String!) { backtestCustomRule(detectorId: $d, rule: $r, from: "2026-12-01T00:00:00Z", to: "2026-12-02T00:00:00Z") { id } }`,
    variables: (_w, c) => ({ d: c.ownDetectorId, r: matrixRule("matrix-backtest") }),
    allowed: ["administrator", "member", "removed", "resigned"],
  },

  // Lists: only a standalone account or an administrator manages them (the administrator already
  // holds its one trusted list, GuardDuty's limit, so only standalone accounts can add another).
  ...listRows("IPSet", (w) => w.adminIPSetId, ["removed", "resigned"]),
  ...listRows("ThreatIntelSet", (w) => w.adminThreatIntelSetId, ["administrator", "removed", "resigned"]),
  ...listRows("TrustedEntitySet", (w) => w.adminTrustedEntitySetId, ["removed", "resigned"]),
  ...listRows("ThreatEntitySet", (w) => w.adminThreatEntitySetId, ["administrator", "removed", "resigned"]),

  // Usage: of one's own detector, which for an administrator counts its members' sources.
  getUsageStatistics: {
    query: `query($d: ID!) { getUsageStatistics(detectorId: $d) { byAccount { accountId } } }`,
    variables: (_w, c) => ({ d: c.ownDetectorId }),
    reached: (d, w) => d.getUsageStatistics.byAccount.some((a: { accountId: string }) => a.accountId === w.member.accountId),
    allowed: ["administrator", "member"],
  },

  // EC2 inventory: read where the detector is readable (an administrator reads its member's).
  listInstances: {
    query: `query($d: ID!) { listInstances(detectorId: $d) { instances { instanceId } nextCursor } }`,
    variables: (w) => ({ d: w.member.detectorId }),
    allowed: ["administrator", "member"],
  },

  // Tags: the resource's own account only (an administrator does not tag its member's resources).
  tagResource: {
    query: `mutation($a: String!) { tagResource(resourceArn: $a, tags: [{key: "team", value: "sec"}]) }`,
    variables: (w) => ({ a: `arn:aws:guardduty:us-east-1:${w.admin.accountId}:detector/${w.admin.detectorId}/ipset/${w.adminIPSetId}` }),
    allowed: ["administrator"],
  },
  untagResource: {
    query: `mutation($a: String!) { untagResource(resourceArn: $a, tagKeys: ["team"]) }`,
    variables: (w) => ({ a: `arn:aws:guardduty:us-east-1:${w.member.accountId}:detector/${w.member.detectorId}` }),
    allowed: ["member"],
  },
  listTagsForResource: {
    query: `query($a: String!) { listTagsForResource(resourceArn: $a) }`,
    variables: (w) => ({ a: `arn:aws:guardduty:us-east-1:${w.admin.accountId}:detector/${w.admin.detectorId}/filter/${w.adminFilterName}` }),
    allowed: ["administrator"],
  },

  // Managed threat intelligence: the operator's alone.
  createThreatFeed: {
    query: `mutation($n: String!) { createThreatFeed(name: $n, format: TXT, location: "https://feeds.example.com/tor.txt", category: TOR_EXIT) { id } }`,
    variables: () => ({ n: `feed ${accountId()}` }),
    allowed: ["operator"],
  },
  listThreatFeeds: {
    query: `{ listThreatFeeds(first: 50) { threatFeeds { id } } }`,
    reached: (d) => d.listThreatFeeds.threatFeeds.length > 0,
    allowed: ["operator"],
  },
  ...Object.fromEntries(
    [
      ["updateThreatFeed", `mutation($i: ID!) { updateThreatFeed(id: $i, refreshIntervalMinutes: 30) { id } }`],
      ["refreshThreatFeed", `mutation($i: ID!) { refreshThreatFeed(id: $i) { id } }`],
      ["deleteThreatFeed", `mutation($i: ID!) { deleteThreatFeed(id: $i) }`],
    ].map(([operation, query]) => [operation, { query, variables: (w: World) => ({ i: w.threatFeedId }), allowed: ["operator"] as Role[] }]),
  ),
  createPublishingDestination: {
    query: `mutation($d: ID!) { createPublishingDestination(detectorId: $d, destinationType: WEBHOOK, webhook: {url: "https://hooks.example.com/matrix"}) { destination { destinationId } } }`,
    variables: (_w, c) => ({ d: c.ownDetectorId }),
    // On the caller's own detector: anyone with one (the outsider has none).
    allowed: ["administrator", "member", "removed", "resigned"],
  },
  ...Object.fromEntries(
    [
      ["describePublishingDestination", `query($d: ID!, $id: ID!) { describePublishingDestination(detectorId: $d, destinationId: $id) { status } }`],
      ["updatePublishingDestination", `mutation($d: ID!, $id: ID!) { updatePublishingDestination(detectorId: $d, destinationId: $id, enable: true) { status } }`],
      ["sendTestNotification", `mutation($d: ID!, $id: ID!) { sendTestNotification(detectorId: $d, destinationId: $id) { delivered } }`],
      ["deletePublishingDestination", `mutation($d: ID!, $id: ID!) { deletePublishingDestination(detectorId: $d, destinationId: $id) }`],
    ].map(([operation, query]) => [
      operation,
      { query, variables: (w: World, c: Caller) => ({ d: c.ownDetectorId, id: w.adminDestinationId }), allowed: ["administrator"] as Role[] },
    ]),
  ),
  listFailedDeliveries: {
    query: `query($d: ID!, $id: ID!) { listFailedDeliveries(detectorId: $d, destinationId: $id) { deliveries { deliveryId } } }`,
    variables: (w, c) => ({ d: c.ownDetectorId, id: w.adminDestinationId }),
    reached: (d, w) => d.listFailedDeliveries.deliveries.some((x: { deliveryId: string }) => x.deliveryId === w.adminDeadDeliveryId),
    allowed: ["administrator"],
  },
  replayDelivery: {
    query: `mutation($d: ID!, $id: ID!) { replayDelivery(detectorId: $d, deliveryId: $id) }`,
    variables: (w, c) => ({ d: c.ownDetectorId, id: w.adminDeadDeliveryId }),
    allowed: ["administrator"],
  },
  replayFailedDeliveries: {
    query: `mutation($d: ID!, $id: ID!) { replayFailedDeliveries(detectorId: $d, destinationId: $id) }`,
    variables: (w, c) => ({ d: c.ownDetectorId, id: w.adminDestinationId }),
    reached: (d) => d.replayFailedDeliveries === 1,
    allowed: ["administrator"],
  },
  listPublishingDestinations: {
    query: `query($d: ID!) { listPublishingDestinations(detectorId: $d) { destinations { destinationId } } }`,
    variables: (_w, c) => ({ d: c.ownDetectorId }),
    reached: (d, w) => d.listPublishingDestinations.destinations.some((x: { destinationId: string }) => x.destinationId === w.adminDestinationId),
    allowed: ["administrator"],
  },
};

/** Subscriptions: every caller subscribes, then something happens to the organisation; who hears it? */
type SubscriptionRow = {
  query: string;
  variables?: (world: World, caller: Caller) => Record<string, unknown>;
  trigger: (app: TestApp, world: World) => Promise<unknown>;
  allowed: Role[];
};

const SUBSCRIPTIONS: Record<string, SubscriptionRow> = {
  invitationReceived: {
    query: `subscription { invitationReceived { invitationId } }`,
    // The administrator invites `removed` again.
    trigger: (app, world) =>
      app.gql(
        `mutation($d: ID!, $ids: [String!]!) { inviteMembers(detectorId: $d, accountIds: $ids) { unprocessedAccounts { result } } }`,
        { d: world.admin.detectorId, ids: [world.removed.accountId] },
        world.admin.key,
      ),
    allowed: ["removed"],
  },
  findings: {
    query: `subscription($d: ID!) { findings(detectorId: $d) { finding { id } } }`,
    variables: (_w, c) => ({ d: c.ownDetectorId }),
    // A new finding of the member's detector, announced as the pipeline announces it.
    trigger: async (app, world) => {
      const finding = syntheticFinding(world.member.detectorId, world.member.accountId, 2);
      await storeFindings(app.database.db, [finding]);
      app.services.pubSub.publish("FINDINGS_UPSERTED", { detectorId: world.member.detectorId, findings: [{ id: finding.id, accountId: finding.accountId, created: true }] });
    },
    allowed: ["administrator", "member"],
  },
};

async function buildWorld(app: TestApp): Promise<World> {
  const [admin, member, removed, resigned, created] = await Promise.all([0, 1, 2, 3, 4].map(() => accountWithDetector(app, accountId())));
  const outsiderId = accountId();
  const outsider = { accountId: outsiderId, key: await app.createAccount(outsiderId), detectorId: "" };
  for (const m of [member, removed, resigned]) await associate(app, admin, m);
  await app.gql(`mutation($a: String!) { enableOrganizationAdminAccount(adminAccountId: $a) { adminStatus } }`, { a: admin.accountId }, app.operatorToken);
  const ids = (list: TestAccount[]) => ({ d: admin.detectorId, ids: list.map((a) => a.accountId) });
  await app.gql(`mutation($d: ID!, $ids: [String!]!) { disassociateMembers(detectorId: $d, accountIds: $ids) { unprocessedAccounts { result } } }`, ids([removed]), admin.key);
  await app.gql(`mutation($d: ID!) { disassociateFromAdministratorAccount(detectorId: $d) }`, { d: resigned.detectorId }, resigned.key);
  await app.gql(`mutation($d: ID!, $ids: [String!]!) { inviteMembers(detectorId: $d, accountIds: $ids) { unprocessedAccounts { result } } }`, ids([removed]), admin.key);
  await app.gql(
    `mutation($d: ID!, $a: [AccountDetailInput!]!) { createMembers(detectorId: $d, accountDetails: $a) { unprocessedAccounts { result } } }`,
    { d: admin.detectorId, a: [{ accountId: created.accountId, email: "c@example.com" }] },
    admin.key,
  );
  const pending = await app.gql(`{ listInvitations { invitations { invitationId } } }`, {}, removed.key);
  const memberKeys = await app.gql(`{ listApiKeys { id } }`, {}, member.key);
  const memberLogSourceIds = (await Promise.all(
    ["one", "two"].map((name) =>
      app.gql(`mutation($d: ID!, $n: String!) { createLogSource(detectorId: $d, input: {name: $n, kind: CLOUD_TRAIL, location: "push"}) { logSourceId } }`, { d: member.detectorId, n: name }, member.key),
    ),
  )).map((created) => created.data!.createLogSource.logSourceId) as [string, string];
  const firehoseSource = await app.gql(`mutation($d: ID!) { createLogSource(detectorId: $d, input: {name: "stream", kind: CLOUD_TRAIL, location: "firehose"}) { logSourceId } }`, { d: member.detectorId }, member.key);
  const finding = syntheticFinding(member.detectorId, member.accountId, 1);
  await storeFindings(app.database.db, [finding]);
  await app.gql(
    `mutation($d: ID!) { createFilter(detectorId: $d, name: "matrix-filter", findingCriteria: {criterion: [{attribute: "severity", lessThan: 2}]}) { name } }`,
    { d: admin.detectorId },
    admin.key,
  );
  const ipSet = await app.gql(`mutation($d: ID!) { createIPSet(detectorId: $d, name: "office", format: TXT, activate: false, content: "8.8.8.8") { ipSetId } }`, { d: admin.detectorId }, admin.key);
  const threatIntelSet = await app.gql(
    `mutation($d: ID!) { createThreatIntelSet(detectorId: $d, name: "bad", format: TXT, activate: false, content: "45.154.244.193") { threatIntelSetId } }`,
    { d: admin.detectorId },
    admin.key,
  );
  const trustedEntitySet = await app.gql(
    `mutation($d: ID!) { createTrustedEntitySet(detectorId: $d, name: "partners", format: TXT, activate: false, content: "partner.example.com") { trustedEntitySetId } }`,
    { d: admin.detectorId },
    admin.key,
  );
  const threatEntitySet = await app.gql(
    `mutation($d: ID!) { createThreatEntitySet(detectorId: $d, name: "bad domains", format: TXT, activate: false, content: "evil.example.net") { threatEntitySetId } }`,
    { d: admin.detectorId },
    admin.key,
  );
  const feed = await app.gql(
    `mutation($n: String!) { createThreatFeed(name: $n, format: TXT, location: "https://feeds.example.com/c2.txt", category: COMMAND_AND_CONTROL) { id } }`,
    { n: `world feed ${admin.accountId}` },
    app.operatorToken,
  );
  const destination = await app.gql(
    `mutation($d: ID!) { createPublishingDestination(detectorId: $d, destinationType: WEBHOOK, webhook: {url: "https://hooks.example.com/admin"}) { destination { destinationId } } }`,
    { d: admin.detectorId },
    admin.key,
  );
  const adminDestinationId = destination.data!.createPublishingDestination.destination.destinationId;
  const [dead] = await app.database.db.$queryRaw<Array<{ id: string }>>`
    INSERT INTO finding_deliveries ("destinationId", "findingId", "findingVersion", status, attempts, "lastError", "finishedAt")
    VALUES (${adminDestinationId}, ${finding.id}, now(), 'DEAD', 8, 'the receiver answered HTTP 503', now()) RETURNING id::text AS id`;
  const customRule = await app.gql(`mutation($d: ID!, $r: String!) { createCustomRule(detectorId: $d, rule: $r) { id } }`, { d: admin.detectorId, r: matrixRule("matrix-rule") }, admin.key);
  const backtest = await app.gql(
    `mutation($d: ID!, $r: String!) { backtestCustomRule(detectorId: $d, rule: $r, from: "2026-12-01T00:00:00Z", to: "2026-12-02T00:00:00Z") { id } }`,
    { d: admin.detectorId, r: matrixRule("matrix-rule") },
    admin.key,
  );
  return {
    admin,
    member,
    removed,
    resigned,
    outsider,
    created,
    pendingInvitationId: pending.data!.listInvitations.invitations[0].invitationId,
    memberKeyId: memberKeys.data!.listApiKeys[0].id,
    acceptEventOperation: "acceptAdministratorInvitation",
    memberLogSourceIds,
    memberFirehoseSourceId: firehoseSource.data!.createLogSource.logSourceId,
    memberFindingId: finding.id,
    adminFilterName: "matrix-filter",
    adminIPSetId: ipSet.data!.createIPSet.ipSetId,
    adminThreatIntelSetId: threatIntelSet.data!.createThreatIntelSet.threatIntelSetId,
    adminTrustedEntitySetId: trustedEntitySet.data!.createTrustedEntitySet.trustedEntitySetId,
    adminThreatEntitySetId: threatEntitySet.data!.createThreatEntitySet.threatEntitySetId,
    threatFeedId: feed.data!.createThreatFeed.id,
    adminDestinationId,
    adminDeadDeliveryId: dead.id,
    adminCustomRuleId: customRule.data!.createCustomRule.id,
    adminBacktestId: backtest.data!.backtestCustomRule.id,
  };
}

function matrixRule(id: string): string {
  return `title: t\nid: ${id}\nauthor: a\nlogsource: {product: aws, service: cloudtrail}\ndetection: {sel: {eventName: X}, condition: sel}\n`;
}

function callerFor(world: World, role: Role, operatorToken: string): Caller {
  const account = role === "administrator" ? world.admin : (world as unknown as Record<string, TestAccount>)[role];
  if (role === "operator") return { role, key: operatorToken, ownDetectorId: world.admin.detectorId };
  if (role === "anonymous") return { role, ownDetectorId: world.admin.detectorId };
  // Without a detector of its own, a caller can only try someone else's.
  return { role, key: account.key, account, ownDetectorId: account.detectorId || world.admin.detectorId };
}

describe("authorization matrix", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  it("has a row for every query, mutation and subscription of the schema", async () => {
    const schema = await buildVigilSchema(createLocalPubSub());
    const fields = (type: GraphQLObjectType | null | undefined) => Object.keys(type?.getFields() ?? {});
    const operations = [...fields(schema.getQueryType()), ...fields(schema.getMutationType()), ...fields(schema.getSubscriptionType())];
    expect(operations.sort()).toEqual([...Object.keys(MATRIX), ...Object.keys(SUBSCRIPTIONS)].sort());
  });

  describe.each(Object.entries(MATRIX))("%s", (_operation, row) => {
    it(`is allowed to ${row.allowed.join(", ")} and denied to everyone else`, async () => {
      const world = await buildWorld(app);
      // Denied callers go first: a denied call must change nothing the allowed ones rely on.
      const order = [...ROLES].sort((a, b) => Number(row.allowed.includes(a)) - Number(row.allowed.includes(b)));
      const outcome: Record<string, boolean> = {};
      for (const role of order) {
        const caller = callerFor(world, role, app.operatorToken);
        const result: GraphQLResponse = await app.gql(row.query, row.variables?.(world, caller) ?? {}, caller.key);
        const succeeded = !result.errors && result.data !== null && result.data !== undefined;
        outcome[role] = succeeded && (row.reached ? row.reached(result.data, world) : true);
        if (!succeeded && role === "anonymous") expect(result.errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");
      }
      expect(outcome).toEqual(Object.fromEntries(ROLES.map((role) => [role, row.allowed.includes(role)])));
    });
  });

  describe.each(Object.entries(SUBSCRIPTIONS))("%s", (_operation, row) => {
    it(`reaches ${row.allowed.join(", ")} only`, async () => {
      const world = await buildWorld(app);
      const heard: Record<string, boolean> = {};
      const clients = ROLES.map((role) => {
        const caller = callerFor(world, role, app.operatorToken);
        heard[role] = false;
        const client = createClient({
          url: app.wsUrl,
          webSocketImpl: WebSocket,
          connectionParams: caller.key ? { authorization: caller.key } : {},
          retryAttempts: 0,
        });
        client.subscribe(
          { query: row.query, variables: row.variables?.(world, caller) ?? {} },
          { next: (value) => (heard[role] = !value.errors), error: () => undefined, complete: () => undefined },
        );
        return client;
      });
      await new Promise((r) => setTimeout(r, 400));
      await row.trigger(app, world);
      await new Promise((r) => setTimeout(r, 400));
      await Promise.all(clients.map((c) => c.dispose()));
      expect(heard).toEqual(Object.fromEntries(ROLES.map((role) => [role, row.allowed.includes(role)])));
    });
  });
});
