import type { TestApp } from "./app";

export type TestAccount = { accountId: string; key: string; detectorId: string };

/** Registers an account through the API and creates its detector. */
export async function accountWithDetector(app: TestApp, accountId: string): Promise<TestAccount> {
  const key = await app.createAccount(accountId);
  const created = await app.gql<{ createDetector: { detectorId: string } }>(`mutation { createDetector(enable: true) { detectorId } }`, {}, key);
  if (!created.data) throw new Error(`createDetector failed: ${JSON.stringify(created.errors)}`);
  return { accountId, key, detectorId: created.data.createDetector.detectorId };
}

/** The administrator adds, invites, and the member accepts: the member ends Enabled. */
export async function associate(app: TestApp, administrator: TestAccount, member: TestAccount): Promise<void> {
  const add = await app.gql(
    `mutation($d: ID!, $a: [AccountDetailInput!]!) { createMembers(detectorId: $d, accountDetails: $a) { unprocessedAccounts { accountId result } } }`,
    { d: administrator.detectorId, a: [{ accountId: member.accountId, email: `m${member.accountId}@example.com` }] },
    administrator.key,
  );
  const invite = await app.gql(
    `mutation($d: ID!, $ids: [String!]!) { inviteMembers(detectorId: $d, accountIds: $ids) { unprocessedAccounts { accountId result } } }`,
    { d: administrator.detectorId, ids: [member.accountId] },
    administrator.key,
  );
  const invitations = await app.gql(`{ listInvitations { invitations { accountId invitationId } } }`, {}, member.key);
  const invitation = invitations.data?.listInvitations.invitations.find((i: { accountId: string }) => i.accountId === administrator.accountId);
  const accepted = await app.gql(
    `mutation($d: ID!, $a: String!, $i: String!) { acceptAdministratorInvitation(detectorId: $d, administratorId: $a, invitationId: $i) }`,
    { d: member.detectorId, a: administrator.accountId, i: invitation?.invitationId ?? "" },
    member.key,
  );
  if (!accepted.data?.acceptAdministratorInvitation) {
    throw new Error(`association failed: ${JSON.stringify([add, invite, invitations, accepted].map((r) => r.errors ?? r.data))}`);
  }
}
