import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { startTestApp, type TestApp } from "../support/app";
import { accountWithDetector, type TestAccount } from "../support/accounts";

const MEMBER_FIELDS = "accountId administratorId email relationshipStatus detectorId invitedAt";

describe("invitation flow: administrator, member, outsider", () => {
  let app: TestApp;
  let admin: TestAccount;
  let member: TestAccount;
  let outsider: TestAccount;

  beforeAll(async () => {
    app = await startTestApp();
    admin = await accountWithDetector(app, "111111111111");
    member = await accountWithDetector(app, "222222222222");
    outsider = await accountWithDetector(app, "333333333333");
  });
  afterAll(() => app.close());

  const status = async () => {
    const result = await app.gql(
      `query($d: ID!, $ids: [String!]!) { getMembers(detectorId: $d, accountIds: $ids) { members { ${MEMBER_FIELDS} } unprocessedAccounts { accountId result } } }`,
      { d: admin.detectorId, ids: [member.accountId] },
      admin.key,
    );
    return result.data!.getMembers.members[0]?.relationshipStatus;
  };

  it("walks create → invite → accept → stop/start → disassociate → re-invite → resign, with GuardDuty's statuses", async () => {
    const created = await app.gql(
      `mutation($d: ID!, $a: [AccountDetailInput!]!) { createMembers(detectorId: $d, accountDetails: $a) { unprocessedAccounts { accountId result } } }`,
      { d: admin.detectorId, a: [{ accountId: member.accountId, email: "member@example.com" }] },
      admin.key,
    );
    expect(created.data!.createMembers.unprocessedAccounts).toEqual([]);
    expect(await status()).toBe("Created");

    // The member hears about the invitation live.
    const client = createClient({ url: app.wsUrl, webSocketImpl: WebSocket, connectionParams: { authorization: member.key }, retryAttempts: 0 });
    const outsiderClient = createClient({ url: app.wsUrl, webSocketImpl: WebSocket, connectionParams: { authorization: outsider.key }, retryAttempts: 0 });
    const outsiderHeard: unknown[] = [];
    const received = new Promise<any>((resolve, reject) => {
      client.subscribe({ query: "subscription { invitationReceived { accountId invitationId relationshipStatus message } }" }, { next: resolve, error: reject, complete: () => undefined });
    });
    outsiderClient.subscribe({ query: "subscription { invitationReceived { invitationId } }" }, { next: (v) => outsiderHeard.push(v), error: () => undefined, complete: () => undefined });
    await new Promise((r) => setTimeout(r, 300)); // let both subscriptions register before publishing

    const invited = await app.gql(
      `mutation($d: ID!, $ids: [String!]!) { inviteMembers(detectorId: $d, accountIds: $ids, message: "Join the security org") { unprocessedAccounts { accountId result } } }`,
      { d: admin.detectorId, ids: [member.accountId] },
      admin.key,
    );
    expect(invited.data!.inviteMembers.unprocessedAccounts).toEqual([]);
    expect(await status()).toBe("Invited");
    const pushed = (await received).data.invitationReceived;
    expect(pushed).toMatchObject({ accountId: admin.accountId, relationshipStatus: "Invited", message: "Join the security org" });
    await new Promise((r) => setTimeout(r, 200));
    expect(outsiderHeard).toEqual([]);
    await client.dispose();
    await outsiderClient.dispose();

    const invitations = await app.gql(`{ listInvitations { invitations { accountId invitationId relationshipStatus message } } getInvitationsCount }`, {}, member.key);
    expect(invitations.data!.getInvitationsCount).toBe(1);
    expect(invitations.data!.listInvitations.invitations).toEqual([
      { accountId: admin.accountId, invitationId: pushed.invitationId, relationshipStatus: "Invited", message: "Join the security org" },
    ]);
    expect((await app.gql(`{ getInvitationsCount }`, {}, outsider.key)).data!.getInvitationsCount).toBe(0);

    const accepted = await app.gql(
      `mutation($d: ID!, $a: String!, $i: String!) { acceptAdministratorInvitation(detectorId: $d, administratorId: $a, invitationId: $i) }`,
      { d: member.detectorId, a: admin.accountId, i: pushed.invitationId },
      member.key,
    );
    expect(accepted.data).toEqual({ acceptAdministratorInvitation: true });
    expect(await status()).toBe("Enabled");
    expect((await app.gql(`{ getInvitationsCount }`, {}, member.key)).data!.getInvitationsCount).toBe(0);

    const administrator = await app.gql(
      `query($d: ID!) { getAdministratorAccount(detectorId: $d) { accountId invitationId relationshipStatus } }`,
      { d: member.detectorId },
      member.key,
    );
    expect(administrator.data!.getAdministratorAccount).toEqual({ accountId: admin.accountId, invitationId: pushed.invitationId, relationshipStatus: "Enabled" });
    const ofAdmin = await app.gql(`query($d: ID!) { getAdministratorAccount(detectorId: $d) { accountId } }`, { d: admin.detectorId }, admin.key);
    expect(ofAdmin.data).toEqual({ getAdministratorAccount: null });

    const ids = { d: admin.detectorId, ids: [member.accountId] };
    await app.gql(`mutation($d: ID!, $ids: [String!]!) { stopMonitoringMembers(detectorId: $d, accountIds: $ids) { unprocessedAccounts { result } } }`, ids, admin.key);
    expect(await status()).toBe("Disabled");
    await app.gql(`mutation($d: ID!, $ids: [String!]!) { startMonitoringMembers(detectorId: $d, accountIds: $ids) { unprocessedAccounts { result } } }`, ids, admin.key);
    expect(await status()).toBe("Enabled");

    await app.gql(`mutation($d: ID!, $ids: [String!]!) { disassociateMembers(detectorId: $d, accountIds: $ids) { unprocessedAccounts { result } } }`, ids, admin.key);
    expect(await status()).toBe("Removed");
    const afterRemoval = await app.gql(`query($d: ID!) { getAdministratorAccount(detectorId: $d) { accountId } }`, { d: member.detectorId }, member.key);
    expect(afterRemoval.data).toEqual({ getAdministratorAccount: null });

    // A removed member is invited again without another createMembers.
    const reinvited = await app.gql(`mutation($d: ID!, $ids: [String!]!) { inviteMembers(detectorId: $d, accountIds: $ids) { unprocessedAccounts { result } } }`, ids, admin.key);
    expect(reinvited.data!.inviteMembers.unprocessedAccounts).toEqual([]);
    const second = await app.gql(`{ listInvitations { invitations { invitationId relationshipStatus } } }`, {}, member.key);
    const pending = second.data!.listInvitations.invitations.find((i: { relationshipStatus: string }) => i.relationshipStatus === "Invited");
    await app.gql(
      `mutation($d: ID!, $m: String!, $i: String!) { acceptInvitation(detectorId: $d, masterId: $m, invitationId: $i) }`,
      { d: member.detectorId, m: admin.accountId, i: pending.invitationId },
      member.key,
    );
    expect(await status()).toBe("Enabled");
    const master = await app.gql(`query($d: ID!) { getMasterAccount(detectorId: $d) { accountId relationshipStatus } }`, { d: member.detectorId }, member.key);
    expect(master.data!.getMasterAccount).toEqual({ accountId: admin.accountId, relationshipStatus: "Enabled" });

    const left = await app.gql(`mutation($d: ID!) { disassociateFromAdministratorAccount(detectorId: $d) }`, { d: member.detectorId }, member.key);
    expect(left.data).toEqual({ disassociateFromAdministratorAccount: true });
    expect(await status()).toBe("Resigned");

    // The outsider saw none of it.
    const snoop = await app.gql(`query($d: ID!) { getDetector(detectorId: $d) { detectorId } }`, { d: admin.detectorId }, outsider.key);
    expect(snoop.errors?.[0].extensions?.code).toBe("NOT_FOUND");
  });

  it("decline returns the member to Created on the administrator's side; delete clears the invitation", async () => {
    const a = await accountWithDetector(app, "444444444444");
    const m = await accountWithDetector(app, "555555555555");
    await app.gql(`mutation($d: ID!) { createMembers(detectorId: $d, accountDetails: [{accountId: "555555555555", email: "m@example.com"}]) { unprocessedAccounts { result } } }`, { d: a.detectorId }, a.key);
    await app.gql(`mutation($d: ID!) { inviteMembers(detectorId: $d, accountIds: ["555555555555"]) { unprocessedAccounts { result } } }`, { d: a.detectorId }, a.key);

    const declined = await app.gql(`mutation { declineInvitations(accountIds: ["444444444444", "999999999999"]) { unprocessedAccounts { accountId result } } }`, {}, m.key);
    expect(declined.data!.declineInvitations.unprocessedAccounts).toEqual([{ accountId: "999999999999", result: "No invitation from this account." }]);
    const members = await app.gql(`query($d: ID!) { listMembers(detectorId: $d, onlyAssociated: false) { members { accountId relationshipStatus } } }`, { d: a.detectorId }, a.key);
    expect(members.data!.listMembers.members).toEqual([{ accountId: "555555555555", relationshipStatus: "Created" }]);
    expect((await app.gql(`{ listInvitations { invitations { invitationId } } }`, {}, m.key)).data!.listInvitations.invitations).toEqual([]);

    const deleted = await app.gql(`mutation { deleteInvitations(accountIds: ["444444444444"]) { unprocessedAccounts { accountId result } } }`, {}, m.key);
    expect(deleted.data!.deleteInvitations.unprocessedAccounts).toEqual([]);
    const again = await app.gql(`mutation { deleteInvitations(accountIds: ["444444444444"]) { unprocessedAccounts { accountId result } } }`, {}, m.key);
    expect(again.data!.deleteInvitations.unprocessedAccounts).toEqual([{ accountId: "444444444444", result: "No invitation from this account." }]);
  });
});
