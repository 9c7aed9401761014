import { useCallback, useEffect, useState } from "react";
import { whoAmI, type SignedInAccount } from "./api/account";
import { forgetApiKey, storedApiKey, storeApiKey } from "./api/session-storage";
import { type Connection, useConnection } from "./connection";
import { FindingsPage } from "./findings/findings-page";
import { AccountsPage } from "./accounts/accounts-page";
import { OverviewPage } from "./overview/overview-page";
import { SourcesPage } from "./sources/sources-page";
import { SignIn } from "./sign-in";
import { type FindingRoute, useFindingRoute } from "./use-finding-route";

const VIEWS = { findings: "Findings", overview: "Overview", accounts: "Accounts", sources: "Sources" } as const;
type View = keyof typeof VIEWS;

type ViewProps = { view: View; connection: Connection; detectorId: string; route: FindingRoute };

function CurrentView({ view, connection, detectorId, route }: ViewProps) {
  switch (view) {
    case "findings":
      return <FindingsPage connection={connection} detectorId={detectorId} route={route} />;
    case "overview":
      return <OverviewPage request={connection.request} detectorId={detectorId} />;
    case "accounts":
      return <AccountsPage request={connection.request} detectorId={detectorId} />;
    case "sources":
      return <SourcesPage request={connection.request} detectorId={detectorId} />;
  }
}

export function App() {
  const route = useFindingRoute();
  const [view, setView] = useState<View>("findings");
  const [apiKey, setApiKey] = useState<string | null>(storedApiKey);
  const [account, setAccount] = useState<SignedInAccount | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  // A finding's address (a link, or Back) shows it whatever view was on.
  useEffect(() => {
    if (route.findingId) setView("findings");
  }, [route.findingId]);
  const showView = (name: View) => {
    if (route.findingId) route.close();
    setView(name);
  };

  const signOut = useCallback((why: string | null) => {
    forgetApiKey();
    setApiKey(null);
    setAccount(null);
    setNotice(why);
  }, []);
  const sessionExpired = useCallback(() => signOut("Your session ended: the API key was revoked or is no longer valid."), [signOut]);
  const connection = useConnection(apiKey, sessionExpired);

  // After a reload the key is in session storage but whose it is must be asked again.
  useEffect(() => {
    if (connection && !account) whoAmI(connection.request).then(setAccount, () => undefined);
  }, [connection, account]);

  if (!apiKey) {
    return (
      <SignIn
        notice={notice}
        onSignedIn={(key, signedIn) => {
          storeApiKey(key);
          setNotice(null);
          setAccount(signedIn);
          setApiKey(key);
        }}
      />
    );
  }
  return (
    <div className="app">
      <header className="top-bar">
        <span className="brand">Vigil</span>
        <nav className="views" aria-label="Views">
          {(Object.keys(VIEWS) as View[]).map((name) => (
            <button key={name} type="button" aria-current={view === name ? "page" : undefined} onClick={() => showView(name)}>
              {VIEWS[name]}
            </button>
          ))}
        </nav>
        <span className="who">{account ? `${account.name} (${account.accountId})` : ""}</span>
        <button
          type="button"
          onClick={() => {
            // The next person to sign in in this tab starts at the list, not at this one's finding.
            if (route.findingId) route.close();
            signOut(null);
          }}
        >
          Sign out
        </button>
      </header>
      <main>
        {!connection || !account ? (
          <p role="status">Loading…</p>
        ) : !account.detectorId ? (
          <p role="status">This account has no detector yet: create one with the API's createDetector.</p>
        ) : (
          <CurrentView view={view} connection={connection} detectorId={account.detectorId} route={route} />
        )}
      </main>
    </div>
  );
}
