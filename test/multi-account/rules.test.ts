import { UNAVAILABLE_ACCOUNT } from "../../src/services/members/member-service";
import { startTestApp, type TestApp } from "../support/app";
import { accountWithDetector, associate, type TestAccount } from "../support/accounts";

const CREATE = `mutation($d: ID!, $a: [AccountDetailInput!]!) { createMembers(detectorId: $d, accountDetails: $a) { unprocessedAccounts { accountId result } } }`;
const INVITE = `mutation($d: ID!, $ids: [String!]!) { inviteMembers(detectorId: $d, accountIds: $ids) { unprocessedAccounts { accountId result } } }`;

let nextId = 100_000_000_000;
const newAccountId = () => String(nextId++);

describe("multi-account rules", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  const fresh = () => accountWithDetector(app, newAccountId());
  const createMembers = (admin: TestAccount, ids: string[]) =>
    app.gql(CREATE, { d: admin.detectorId, a: ids.map((accountId) => ({ accountId, email: `${accountId}@example.com` })) }, admin.key);
  const invite = (admin: TestAccount, ids: string[]) => app.gql(INVITE, { d: admin.detectorId, ids }, admin.key);

  describe("detectors", () => {
    it("allows one detector per account", async () => {
      const account = await fresh();
      const second = await app.gql(`mutation { createDetector(enable: true) { detectorId } }`, {}, account.key);
      expect(second.errors?.[0].extensions?.code).toBe("CONFLICT");
      expect((await app.gql(`{ listDetectors }`, {}, account.key)).data).toEqual({ listDetectors: [account.detectorId] });
    });

    it("creates with GuardDuty's defaults and updates status, frequency and data sources", async () => {
      const key = await app.createAccount(newAccountId());
      const created = await app.gql(
        `mutation { createDetector(enable: true, dataSources: [{name: S3_DATA_EVENTS, enable: false}], tags: [{key: "env", value: "prod"}]) { detectorId status findingPublishingFrequency tags dataSources { name status } } }`,
        {},
        key,
      );
      const detector = created.data!.createDetector;
      expect(detector).toMatchObject({ status: "ENABLED", findingPublishingFrequency: "SIX_HOURS", tags: { env: "prod" } });
      expect(detector.detectorId).toMatch(/^[0-9a-f]{32}$/);
      expect(detector.dataSources).toEqual([
        { name: "CLOUD_TRAIL", status: "ENABLED" },
        { name: "FLOW_LOGS", status: "ENABLED" },
        { name: "DNS_LOGS", status: "ENABLED" },
        { name: "S3_DATA_EVENTS", status: "DISABLED" },
      ]);
      const updated = await app.gql(
        `mutation($d: ID!) { updateDetector(detectorId: $d, enable: false, findingPublishingFrequency: FIFTEEN_MINUTES, dataSources: [{name: DNS_LOGS, enable: false}]) { status findingPublishingFrequency dataSources { name status } } }`,
        { d: detector.detectorId },
        key,
      );
      expect(updated.data!.updateDetector).toMatchObject({ status: "DISABLED", findingPublishingFrequency: "FIFTEEN_MINUTES" });
      expect(updated.data!.updateDetector.dataSources.find((d: { name: string }) => d.name === "DNS_LOGS").status).toBe("DISABLED");
    });

    it("refuses invalid enum input and too many tags as bad input", async () => {
      const key = await app.createAccount(newAccountId());
      const badEnum = await app.gql(`mutation { createDetector(enable: true, findingPublishingFrequency: HOURLY) { detectorId } }`, {}, key);
      expect(badEnum.errors?.[0].extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
      const tags = Array.from({ length: 51 }, (_, i) => ({ key: `k${i}`, value: "v" }));
      const tooMany = await app.gql(`mutation($t: [TagInput!]) { createDetector(enable: true, tags: $t) { detectorId } }`, { t: tags }, key);
      expect(tooMany.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    });

    it("an administrator reads and updates its members' detectors but cannot delete them; members cannot read the administrator's", async () => {
      const admin = await fresh();
      const member = await fresh();
      await associate(app, admin, member);

      const read = await app.gql(`query($d: ID!) { getDetector(detectorId: $d) { detectorId accountId } }`, { d: member.detectorId }, admin.key);
      expect(read.data!.getDetector).toEqual({ detectorId: member.detectorId, accountId: member.accountId });
      const deleteOther = await app.gql(`mutation($d: ID!) { deleteDetector(detectorId: $d) }`, { d: member.detectorId }, admin.key);
      expect(deleteOther.errors?.[0].extensions?.code).toBe("NOT_FOUND");
      const updateOther = await app.gql(`mutation($d: ID!) { updateDetector(detectorId: $d, enable: false) { status } }`, { d: member.detectorId }, admin.key);
      expect(updateOther.errors?.[0].extensions?.code).toBe("NOT_FOUND");

      const updated = await app.gql(
        `mutation($d: ID!, $ids: [String!]!) { updateMemberDetectors(detectorId: $d, accountIds: $ids, dataSources: [{name: FLOW_LOGS, enable: false}]) { unprocessedAccounts { result } } }`,
        { d: admin.detectorId, ids: [member.accountId] },
        admin.key,
      );
      expect(updated.data!.updateMemberDetectors.unprocessedAccounts).toEqual([]);
      const configs = await app.gql(
        `query($d: ID!, $ids: [String!]!) { getMemberDetectors(detectorId: $d, accountIds: $ids) { memberDataSourceConfigurations { accountId detectorId dataSources { name status } } unprocessedAccounts { accountId } } }`,
        { d: admin.detectorId, ids: [member.accountId, "000000000000"] },
        admin.key,
      );
      const config = configs.data!.getMemberDetectors;
      expect(config.memberDataSourceConfigurations[0].dataSources).toContainEqual({ name: "FLOW_LOGS", status: "DISABLED" });
      expect(config.unprocessedAccounts).toEqual([{ accountId: "000000000000" }]);

      const memberReadsAdmin = await app.gql(`query($d: ID!) { getDetector(detectorId: $d) { detectorId } }`, { d: admin.detectorId }, member.key);
      expect(memberReadsAdmin.errors?.[0].extensions?.code).toBe("NOT_FOUND");
    });

    it("refuses to delete the detector of an administrator with members, or of an associated member", async () => {
      const admin = await fresh();
      const member = await fresh();
      await associate(app, admin, member);
      const adminDelete = await app.gql(`mutation($d: ID!) { deleteDetector(detectorId: $d) }`, { d: admin.detectorId }, admin.key);
      expect(adminDelete.errors?.[0].extensions?.code).toBe("CONFLICT");
      const memberDelete = await app.gql(`mutation($d: ID!) { deleteDetector(detectorId: $d) }`, { d: member.detectorId }, member.key);
      expect(memberDelete.errors?.[0].extensions?.code).toBe("CONFLICT");

      await app.gql(`mutation($d: ID!) { disassociateFromAdministratorAccount(detectorId: $d) }`, { d: member.detectorId }, member.key);
      expect((await app.gql(`mutation($d: ID!) { deleteDetector(detectorId: $d) }`, { d: member.detectorId }, member.key)).data).toEqual({ deleteDetector: true });
      expect((await app.gql(`{ listDetectors }`, {}, member.key)).data).toEqual({ listDetectors: [] });
    });
  });

  describe("who can join whom", () => {
    it("refuses yourself, unknown accounts, malformed ids and bad emails per account, not for the whole call", async () => {
      const admin = await fresh();
      const ok = await fresh();
      const result = await app.gql(
        CREATE,
        {
          d: admin.detectorId,
          a: [
            { accountId: admin.accountId, email: "me@example.com" },
            { accountId: "999999999990", email: "ghost@example.com" },
            { accountId: "12ab", email: "x@example.com" },
            { accountId: ok.accountId, email: "not-an-email" },
          ],
        },
        admin.key,
      );
      expect(result.data!.createMembers.unprocessedAccounts).toEqual([
        { accountId: "12ab", result: "The account id must be 12 digits." },
        { accountId: admin.accountId, result: "An account cannot be its own member." },
        { accountId: "999999999990", result: UNAVAILABLE_ACCOUNT },
        { accountId: ok.accountId, result: '"not-an-email" is not a valid email address.' },
      ]);
    });

    it("refuses another administrator's member and an administrator as a member with the answer an unknown account gets", async () => {
      const first = await fresh();
      const second = await fresh();
      const member = await fresh();
      await associate(app, first, member);
      const taken = await createMembers(second, [member.accountId]);
      const adminAsMember = await createMembers(second, [first.accountId]);
      const unknown = await createMembers(second, ["999999999991"]);
      const answers = [taken, adminAsMember, unknown].map((result) => result.data!.createMembers.unprocessedAccounts[0].result);
      expect(answers).toEqual([UNAVAILABLE_ACCOUNT, UNAVAILABLE_ACCOUNT, UNAVAILABLE_ACCOUNT]);
    });

    it("a member cannot act as an administrator, and an administrator cannot accept an invitation", async () => {
      const admin = await fresh();
      const member = await fresh();
      const other = await fresh();
      await associate(app, admin, member);
      const memberManages = await createMembers(member, [other.accountId]);
      expect(memberManages.errors?.[0].extensions?.code).toBe("CONFLICT");

      // `invitee` holds an invitation from `other`, then becomes an administrator itself: it can no longer accept.
      const invitee = await fresh();
      const third = await fresh();
      await createMembers(other, [invitee.accountId]);
      await invite(other, [invitee.accountId]);
      await createMembers(invitee, [third.accountId]);
      await invite(invitee, [third.accountId]);
      const invitation = (await app.gql(`{ listInvitations { invitations { invitationId } } }`, {}, invitee.key)).data!.listInvitations.invitations[0];
      const accepted = await app.gql(
        `mutation($d: ID!, $a: String!, $i: String!) { acceptAdministratorInvitation(detectorId: $d, administratorId: $a, invitationId: $i) }`,
        { d: invitee.detectorId, a: other.accountId, i: invitation.invitationId },
        invitee.key,
      );
      expect(accepted.errors?.[0].message).toBe("This account is an administrator and cannot become a member.");
    });

    it("a member accepts at most one administrator", async () => {
      const adminA = await fresh();
      const adminB = await fresh();
      const member = await fresh();
      for (const admin of [adminA, adminB]) {
        await createMembers(admin, [member.accountId]);
        expect((await invite(admin, [member.accountId])).data!.inviteMembers.unprocessedAccounts).toEqual([]);
      }
      const invitations = (await app.gql(`{ listInvitations { invitations { accountId invitationId } } }`, {}, member.key)).data!.listInvitations.invitations;
      expect(invitations).toHaveLength(2);
      const accept = (invitation: { accountId: string; invitationId: string }) =>
        app.gql(
          `mutation($d: ID!, $a: String!, $i: String!) { acceptAdministratorInvitation(detectorId: $d, administratorId: $a, invitationId: $i) }`,
          { d: member.detectorId, a: invitation.accountId, i: invitation.invitationId },
          member.key,
        );
      // Both at once: the database lets exactly one win.
      const results = await Promise.all(invitations.map(accept));
      expect(results.filter((r) => r.data?.acceptAdministratorInvitation === true)).toHaveLength(1);
      expect(results.filter((r) => r.errors?.[0].extensions?.code === "CONFLICT")).toHaveLength(1);
    });

    it("accepting needs a detector, and the invitation must match its administrator", async () => {
      const admin = await fresh();
      const memberId = newAccountId();
      const memberKey = await app.createAccount(memberId);
      await createMembers(admin, [memberId]);
      await invite(admin, [memberId]);
      const invitation = (await app.gql(`{ listInvitations { invitations { invitationId } } }`, {}, memberKey)).data!.listInvitations.invitations[0];
      const noDetector = await app.gql(
        `mutation($i: String!, $a: String!) { acceptAdministratorInvitation(detectorId: "00000000000000000000000000000000", administratorId: $a, invitationId: $i) }`,
        { i: invitation.invitationId, a: admin.accountId },
        memberKey,
      );
      expect(noDetector.errors?.[0].message).toBe("Create a detector before accepting an invitation.");

      const created = await app.gql(`mutation { createDetector(enable: true) { detectorId } }`, {}, memberKey);
      const wrongAdmin = await app.gql(
        `mutation($d: ID!, $i: String!) { acceptAdministratorInvitation(detectorId: $d, administratorId: "123456789012", invitationId: $i) }`,
        { d: created.data!.createDetector.detectorId, i: invitation.invitationId },
        memberKey,
      );
      expect(wrongAdmin.errors?.[0].extensions?.code).toBe("NOT_FOUND");
    });

    it("inviting needs createMembers first", async () => {
      const admin = await fresh();
      const other = await fresh();
      const result = await invite(admin, [other.accountId]);
      expect(result.data!.inviteMembers.unprocessedAccounts).toEqual([
        { accountId: other.accountId, result: "The account is not a member of this administrator; call createMembers first." },
      ]);
    });
  });

  describe("transitions that make no sense are refused", () => {
    it.each([
      ["stopMonitoringMembers", "Created"],
      ["startMonitoringMembers", "Created"],
      ["disassociateMembers", "Created"],
    ])("%s on a %s member", async (operation) => {
      const admin = await fresh();
      const member = await fresh();
      await createMembers(admin, [member.accountId]);
      const result = await app.gql(
        `mutation($d: ID!, $ids: [String!]!) { ${operation}(detectorId: $d, accountIds: $ids) { unprocessedAccounts { accountId result } } }`,
        { d: admin.detectorId, ids: [member.accountId] },
        admin.key,
      );
      expect(result.data![operation].unprocessedAccounts).toEqual([
        { accountId: member.accountId, result: `${operation} does not apply to a member whose relationship status is CREATED.` },
      ]);
    });

    it("leaving without an administrator, inviting an enabled member, deleting an accepted invitation", async () => {
      const admin = await fresh();
      const member = await fresh();
      const loner = await fresh();
      const leave = await app.gql(`mutation($d: ID!) { disassociateFromAdministratorAccount(detectorId: $d) }`, { d: loner.detectorId }, loner.key);
      expect(leave.errors?.[0].extensions?.code).toBe("CONFLICT");

      await associate(app, admin, member);
      expect((await invite(admin, [member.accountId])).data!.inviteMembers.unprocessedAccounts[0].result).toBe(
        "The account is already associated with this administrator.",
      );
      const deleteAccepted = await app.gql(`mutation($ids: [String!]!) { deleteInvitations(accountIds: $ids) { unprocessedAccounts { result } } }`, { ids: [admin.accountId] }, member.key);
      expect(deleteAccepted.data!.deleteInvitations.unprocessedAccounts[0].result).toBe("The invitation was accepted; disassociate from the administrator instead.");
    });
  });

  describe("batches", () => {
    it("take at most 50 account ids", async () => {
      const admin = await fresh();
      const ids = Array.from({ length: 51 }, (_, i) => String(200_000_000_000 + i));
      const result = await invite(admin, ids);
      expect(result.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
      expect(result.errors?.[0].message).toMatch(/At most 50 account ids/);
    });

    it("process the valid accounts and report the others", async () => {
      const admin = await fresh();
      const good = await fresh();
      const result = await createMembers(admin, [good.accountId, "000000000001"]);
      expect(result.data!.createMembers.unprocessedAccounts).toEqual([{ accountId: "000000000001", result: UNAVAILABLE_ACCOUNT }]);
      const members = await app.gql(`query($d: ID!) { listMembers(detectorId: $d, onlyAssociated: false) { members { accountId } } }`, { d: admin.detectorId }, admin.key);
      expect(members.data!.listMembers.members).toEqual([{ accountId: good.accountId }]);
    });
  });

  describe("listMembers pagination", () => {
    it("is cursor-based and stable while members are added", async () => {
      const admin = await fresh();
      const accounts: string[] = [];
      for (let i = 0; i < 7; i++) accounts.push((await fresh()).accountId);
      await createMembers(admin, accounts.slice(0, 5));

      const page = (after: string | null) =>
        app.gql(
          `query($d: ID!, $after: String) { listMembers(detectorId: $d, onlyAssociated: false, first: 2, after: $after) { members { accountId } nextCursor } }`,
          { d: admin.detectorId, after },
          admin.key,
        );
      const seen: string[] = [];
      let result = await page(null);
      seen.push(...result.data!.listMembers.members.map((m: { accountId: string }) => m.accountId));
      await createMembers(admin, accounts.slice(5)); // inserted mid-way
      while (result.data!.listMembers.nextCursor) {
        result = await page(result.data!.listMembers.nextCursor);
        seen.push(...result.data!.listMembers.members.map((m: { accountId: string }) => m.accountId));
      }
      expect(seen).toEqual(accounts);

      const onlyAssociated = await app.gql(`query($d: ID!) { listMembers(detectorId: $d) { members { accountId } } }`, { d: admin.detectorId }, admin.key);
      expect(onlyAssociated.data!.listMembers.members).toEqual([]);
      const bad = await app.gql(`query($d: ID!) { listMembers(detectorId: $d, first: 51) { nextCursor } }`, { d: admin.detectorId }, admin.key);
      expect(bad.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
      const forged = await app.gql(`query($d: ID!) { listMembers(detectorId: $d, after: "forged") { nextCursor } }`, { d: admin.detectorId }, admin.key);
      expect(forged.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    });
  });
});
