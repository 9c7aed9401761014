import { useCallback, useEffect, useState } from "react";
import { whoAmI, type SignedInAccount } from "./api/account";
import { forgetApiKey, storedApiKey, storeApiKey } from "./api/session-storage";
import { type Connection, useConnection } from "./connection";
import { FindingsPage } from "./findings/findings-page";
import { AccountsPage } from "./accounts/accounts-page";
import { OverviewPage } from "./overview/overview-page";
import { SourcesPage } from "./sources/sources-page";
import { SignIn } from "./sign-in";

const VIEWS = { findings: "Findings", overview: "Overview", accounts: "Accounts", sources: "Sources" } as const;
type View = keyof typeof VIEWS;

function CurrentView({ view, connection, detectorId }: { view: View; connection: Connection; detectorId: string }) {
  switch (view) {
    case "findings":
      return <FindingsPage connection={connection} detectorId={detectorId} />;
    case "overview":
      return <OverviewPage request={connection.request} detectorId={detectorId} />;
    case "accounts":
      return <AccountsPage request={connection.request} detectorId={detectorId} />;
    case "sources":
      return <SourcesPage request={connection.request} detectorId={detectorId} />;
  }
}

export function App() {
  const [view, setView] = useState<View>("findings");
  const [apiKey, setApiKey] = useState<string | null>(storedApiKey);
  const [account, setAccount] = useState<SignedInAccount | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

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
            <button key={name} type="button" aria-current={view === name ? "page" : undefined} onClick={() => setView(name)}>
              {VIEWS[name]}
            </button>
          ))}
        </nav>
        <span className="who">{account ? `${account.name} (${account.accountId})` : ""}</span>
        <button type="button" onClick={() => signOut(null)}>
          Sign out
        </button>
      </header>
      <main>
        {!connection || !account ? (
          <p role="status">Loading…</p>
        ) : !account.detectorId ? (
          <p role="status">This account has no detector yet: create one with the API's createDetector.</p>
        ) : (
          <CurrentView view={view} connection={connection} detectorId={account.detectorId} />
        )}
      </main>
    </div>
  );
}
