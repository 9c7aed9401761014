import { useState, type FormEvent } from "react";
import { whoAmI, type SignedInAccount } from "./api/account";
import { createRequest, SessionExpiredError } from "./api/graphql-client";

type Props = { notice: string | null; onSignedIn(apiKey: string, account: SignedInAccount): void };

export function SignIn({ notice, onSignedIn }: Props) {
  const [apiKey, setApiKey] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    // The form never submits to the server: the key must not end up in a URL.
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const key = apiKey.trim();
      onSignedIn(key, await whoAmI(createRequest(key, () => undefined)));
    } catch (failure) {
      setError(failure instanceof SessionExpiredError ? "That API key was not accepted." : `Could not sign in: ${(failure as Error).message}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="sign-in">
      <h1>Vigil console</h1>
      {notice && <p role="status" className="notice">{notice}</p>}
      {/* POST and an unnamed field: even without script, the key never lands in a URL. */}
      <form onSubmit={submit} method="post">
        <label htmlFor="api-key">Account API key</label>
        <input id="api-key" type="password" autoComplete="off" required value={apiKey} onChange={(e) => setApiKey(e.target.value)} />
        <button type="submit" disabled={busy || !apiKey.trim()}>
          Sign in
        </button>
        {error && <p role="alert" className="error">{error}</p>}
      </form>
      <p className="hint">The key is kept in this tab's session storage only, and sent to this server in a header.</p>
    </main>
  );
}
