import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { startTestApp, type TestApp } from "../support/app";

/**
 * A revoked key's sockets close even when the API_KEY_REVOKED event never arrives (Redis pub/sub
 * delivers at most once): the key is revoked in PostgreSQL behind the API's back, as if its event
 * had been lost, and the socket's periodic recheck closes it.
 */
describe("open sockets recheck their API key", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ keyRecheckMs: 300 });
  });
  afterAll(() => app.close());

  const openSubscription = (secret: string) => {
    const client = createClient({ url: app.wsUrl, webSocketImpl: WebSocket, connectionParams: { authorization: secret }, retryAttempts: 0 });
    const ended = new Promise<{ code?: number; at: number }>((resolve) => {
      client.subscribe(
        { query: "subscription { invitationReceived { invitationId } }" },
        { next: () => undefined, error: (e) => resolve({ code: (e as { code?: number }).code, at: Date.now() }), complete: () => resolve({ at: Date.now() }) },
      );
    });
    return { client, ended };
  };

  it("closes the socket of a key revoked without its event, within the recheck interval, and keeps the others", async () => {
    const owner = await app.createAccount("565600000001");
    const keys = await Promise.all(["revoked", "kept"].map(async (name) => (await app.gql(`mutation($n: String!) { createApiKey(name: $n) { secret apiKey { id } } }`, { n: name }, owner)).data!.createApiKey));
    const [revoked, kept] = keys.map((key) => openSubscription(key.secret));
    try {
      await new Promise((resolve) => setTimeout(resolve, 400));
      const revokedAt = Date.now();
      await app.database.db.apiKey.update({ where: { id: keys[0].apiKey.id }, data: { revokedAt: new Date() } });
      const end = await revoked.ended;
      expect(end.code).toBe(4403);
      expect(end.at - revokedAt).toBeLessThan(2_000);
      const keptEnded = await Promise.race([kept.ended.then(() => true), new Promise((resolve) => setTimeout(() => resolve(false), 800))]);
      expect(keptEnded).toBe(false);
    } finally {
      await Promise.all([revoked.client.dispose(), kept.client.dispose()]);
    }
  });
});
