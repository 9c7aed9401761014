import type { Request } from "./graphql-client";

export type Member = { accountId: string; email: string; relationshipStatus: string; invitedAt: string | null };
export type Invitation = { accountId: string; invitationId: string; invitedAt: string; relationshipStatus: string };
type BatchResult = { unprocessedAccounts: Array<{ accountId: string; result: string }> };

export type MemberAction = "inviteMembers" | "startMonitoringMembers" | "stopMonitoringMembers" | "disassociateMembers";

/** A batch operation's refusals as one message, or nothing when every account was processed. */
function refusals(result: BatchResult): void {
  if (result.unprocessedAccounts.length) throw new Error(result.unprocessedAccounts.map((u) => `${u.accountId}: ${u.result}`).join("; "));
}

export async function listAllMembers(request: Request, detectorId: string): Promise<Member[]> {
  const members: Member[] = [];
  let after: string | null = null;
  do {
    const data: { listMembers: { members: Member[]; nextCursor: string | null } } = await request(
      `query($d: ID!, $after: String) { listMembers(detectorId: $d, onlyAssociated: false, first: 50, after: $after) { members { accountId email relationshipStatus invitedAt } nextCursor } }`,
      { d: detectorId, after },
    );
    members.push(...data.listMembers.members);
    after = data.listMembers.nextCursor;
  } while (after);
  return members;
}

export async function addMember(request: Request, detectorId: string, accountId: string, email: string): Promise<void> {
  const data = await request<{ createMembers: BatchResult }>(
    `mutation($d: ID!, $a: [AccountDetailInput!]!) { createMembers(detectorId: $d, accountDetails: $a) { unprocessedAccounts { accountId result } } }`,
    { d: detectorId, a: [{ accountId, email }] },
  );
  refusals(data.createMembers);
}

export async function actOnMember(request: Request, detectorId: string, action: MemberAction, accountId: string): Promise<void> {
  const data = await request<Record<MemberAction, BatchResult>>(
    `mutation($d: ID!, $ids: [String!]!) { ${action}(detectorId: $d, accountIds: $ids) { unprocessedAccounts { accountId result } } }`,
    { d: detectorId, ids: [accountId] },
  );
  refusals(data[action]);
}

export async function listInvitations(request: Request): Promise<Invitation[]> {
  const data = await request<{ listInvitations: { invitations: Invitation[] } }>(`{ listInvitations(first: 50) { invitations { accountId invitationId invitedAt relationshipStatus } } }`);
  return data.listInvitations.invitations;
}

export async function acceptInvitation(request: Request, detectorId: string, invitation: Invitation): Promise<void> {
  await request(`mutation($d: ID!, $a: String!, $i: String!) { acceptAdministratorInvitation(detectorId: $d, administratorId: $a, invitationId: $i) }`, {
    d: detectorId,
    a: invitation.accountId,
    i: invitation.invitationId,
  });
}

export async function declineInvitation(request: Request, administratorId: string): Promise<void> {
  const data = await request<{ declineInvitations: BatchResult }>(`mutation($ids: [String!]!) { declineInvitations(accountIds: $ids) { unprocessedAccounts { accountId result } } }`, {
    ids: [administratorId],
  });
  refusals(data.declineInvitations);
}
