import { acceptInvitation, declineInvitation, type Invitation } from "../api/accounts";
import type { Request } from "../api/graphql-client";

type Props = { request: Request; detectorId: string; invitations: Invitation[]; run(what: () => Promise<void>): Promise<void> };

export function InvitationsSection({ request, detectorId, invitations, run }: Props) {
  return (
    <section aria-labelledby="invitations-heading">
      <h2 id="invitations-heading">Invitations</h2>
      {invitations.length === 0 ? (
        <p>No invitations.</p>
      ) : (
        <table className="findings">
          <thead>
            <tr>
              <th scope="col">From administrator</th>
              <th scope="col">Status</th>
              <th scope="col">Invited</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {invitations.map((invitation) => (
              <tr key={invitation.invitationId} data-account-id={invitation.accountId}>
                <td>{invitation.accountId}</td>
                <td className="member-status">{invitation.relationshipStatus}</td>
                <td>{new Date(invitation.invitedAt).toLocaleString()}</td>
                <td className="row-actions">
                  {invitation.relationshipStatus === "Invited" && (
                    <>
                      <button type="button" onClick={() => run(() => acceptInvitation(request, detectorId, invitation))}>
                        Accept
                      </button>
                      <button type="button" onClick={() => run(() => declineInvitation(request, invitation.accountId))}>
                        Decline
                      </button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
