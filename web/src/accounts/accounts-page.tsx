import { useCallback, useEffect, useState } from "react";
import { listAllMembers, listInvitations, type Invitation, type Member } from "../api/accounts";
import { SessionExpiredError, type Request } from "../api/graphql-client";
import { InvitationsSection } from "./invitations-section";
import { MembersSection } from "./members-section";

type Props = { request: Request; detectorId: string };

export function AccountsPage({ request, detectorId }: Props) {
  const [members, setMembers] = useState<Member[] | null>(null);
  const [invitations, setInvitations] = useState<Invitation[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const report = useCallback((failure: unknown) => {
    if (!(failure instanceof SessionExpiredError)) setError((failure as Error).message);
  }, []);
  const reload = useCallback(
    () => Promise.all([listAllMembers(request, detectorId).then(setMembers), listInvitations(request).then(setInvitations)]).then(() => undefined),
    [request, detectorId],
  );
  useEffect(() => {
    reload().catch(report);
  }, [reload, report]);

  /** Runs an action, then shows the state it left, or why it was refused. */
  const run = async (what: () => Promise<void>) => {
    setError(null);
    try {
      await what();
    } catch (failure) {
      report(failure);
    }
    await reload().catch(report);
  };

  return (
    <section aria-labelledby="accounts-heading">
      <h1 id="accounts-heading">Accounts</h1>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {!members || !invitations ? (
        <p role="status">Loading accounts…</p>
      ) : (
        <>
          <MembersSection request={request} detectorId={detectorId} members={members} run={run} />
          <InvitationsSection request={request} detectorId={detectorId} invitations={invitations} run={run} />
        </>
      )}
    </section>
  );
}
