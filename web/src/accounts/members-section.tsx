import { useState, type FormEvent } from "react";
import { actOnMember, addMember, type Member, type MemberAction } from "../api/accounts";
import type { Request } from "../api/graphql-client";

/** What an administrator can do next with a member in each relationship status (GuardDuty's rules). */
const ACTIONS_BY_STATUS: Record<string, Array<[MemberAction, string]>> = {
  Created: [["inviteMembers", "Invite"]],
  Removed: [["inviteMembers", "Invite"]],
  Resigned: [["inviteMembers", "Invite"]],
  Invited: [["disassociateMembers", "Disassociate"]],
  Enabled: [
    ["stopMonitoringMembers", "Stop monitoring"],
    ["disassociateMembers", "Disassociate"],
  ],
  Disabled: [
    ["startMonitoringMembers", "Start monitoring"],
    ["disassociateMembers", "Disassociate"],
  ],
};

type Props = { request: Request; detectorId: string; members: Member[]; run(what: () => Promise<void>): Promise<void> };

export function MembersSection({ request, detectorId, members, run }: Props) {
  const [accountId, setAccountId] = useState("");
  const [email, setEmail] = useState("");
  const add = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      await addMember(request, detectorId, accountId.trim(), email.trim());
      await actOnMember(request, detectorId, "inviteMembers", accountId.trim());
      setAccountId("");
      setEmail("");
    });
  };
  return (
    <section aria-labelledby="members-heading">
      <h2 id="members-heading">Members</h2>
      {members.length === 0 ? (
        <p>No member accounts.</p>
      ) : (
        <table className="findings">
          <thead>
            <tr>
              <th scope="col">Account</th>
              <th scope="col">Email</th>
              <th scope="col">Status</th>
              <th scope="col">Invited</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {members.map((member) => (
              <tr key={member.accountId} data-account-id={member.accountId}>
                <td>{member.accountId}</td>
                <td>{member.email}</td>
                <td className="member-status">{member.relationshipStatus}</td>
                <td>{member.invitedAt ? new Date(member.invitedAt).toLocaleString() : ""}</td>
                <td className="row-actions">
                  {(ACTIONS_BY_STATUS[member.relationshipStatus] ?? []).map(([action, label]) => (
                    <button key={action} type="button" onClick={() => run(() => actOnMember(request, detectorId, action, member.accountId))}>
                      {label}
                    </button>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form className="filter-bar" onSubmit={add} aria-label="Invite a member">
        <div className="field">
          <label htmlFor="member-account">Account id</label>
          <input id="member-account" required pattern="\d{12}" inputMode="numeric" value={accountId} onChange={(e) => setAccountId(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="member-email">Email</label>
          <input id="member-email" required type="email" value={email} onChange={(e) => setEmail(e.target.value)} />
        </div>
        <button type="submit">Add and invite</button>
      </form>
    </section>
  );
}
