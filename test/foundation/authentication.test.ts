import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { startTestApp, type TestApp } from "../support/app";

/** Opens a graphql-ws connection and runs one query; resolves with the result or the close code. */
async function wsQuery(app: TestApp, connectionParams: Record<string, unknown>, query: string) {
  const client = createClient({ url: app.wsUrl, webSocketImpl: WebSocket, connectionParams, retryAttempts: 0, lazy: true });
  try {
    return await new Promise<{ data?: any; errors?: any[]; closeCode?: number }>((resolve) => {
      let result: { data?: any; errors?: any[] } = {};
      client.subscribe(
        { query },
        {
          next: (value) => (result = value as typeof result),
          error: (error) => resolve({ closeCode: (error as { code?: number }).code, errors: Array.isArray(error) ? error : undefined }),
          complete: () => resolve(result),
        },
      );
    });
  } finally {
    await client.dispose();
  }
}

describe("authentication", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  describe("createAccount", () => {
    const input = { accountId: "111122223333", name: "Security", email: "sec@example.com" };
    const mutation = `mutation($input: CreateAccountInput!) {
      createAccount(input: $input) { account { accountId name email } apiKey { secret apiKey { id prefix revokedAt } } } }`;

    it("is refused without a credential (401, UNAUTHENTICATED)", async () => {
      const result = await app.gql(mutation, { input });
      expect(result.status).toBe(401);
      expect(result.errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");
    });

    it("is refused with a wrong operator token", async () => {
      const result = await app.gql(mutation, { input }, `op_${"x".repeat(43)}`);
      expect(result.errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");
    });

    it("creates the account and shows its first key once with the operator token", async () => {
      const result = await app.gql(mutation, { input }, app.operatorToken);
      expect(result.errors).toBeUndefined();
      const created = result.data!.createAccount;
      expect(created.account).toEqual(input);
      expect(created.apiKey.secret).toMatch(/^vk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
      expect(created.apiKey.secret.startsWith(created.apiKey.apiKey.prefix)).toBe(true);

      const stored = await app.database.db.apiKey.findUniqueOrThrow({ where: { id: created.apiKey.apiKey.id } });
      // The secret part is base64url, which may itself hold "_": take everything after the prefix.
      const secretPart = (created.apiKey.secret as string).slice("vk_0123456789abcdef_".length);
      expect(JSON.stringify(stored)).not.toContain(secretPart);
    });

    it("refuses a duplicate account id and malformed input with BAD_USER_INPUT", async () => {
      for (const bad of [input, { ...input, accountId: "12345" }, { ...input, email: "nope" }, { ...input, name: "" }]) {
        const result = await app.gql(mutation, { input: bad }, app.operatorToken);
        expect(result.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
        expect(result.data).toBeNull();
      }
    });

    it("is forbidden to an account's API key", async () => {
      const key = await app.createAccount("222233334444");
      const result = await app.gql(mutation, { input: { ...input, accountId: "999988887777" } }, key);
      expect(result.errors?.[0].extensions?.code).toBe("FORBIDDEN");
    });
  });

  describe("API keys over HTTP", () => {
    let key: string;
    beforeAll(async () => {
      key = await app.createAccount("333344445555", "Payments");
    });

    it("accepts a valid key and answers me", async () => {
      const result = await app.gql(`{ me { accountId name } }`, {}, key);
      expect(result.data).toEqual({ me: { accountId: "333344445555", name: "Payments" } });
    });

    it.each([
      ["missing", undefined],
      ["malformed", "not-a-key"],
      ["well-formed but unknown", `vk_0123456789abcdef_${"A".repeat(43)}`],
    ])("rejects a %s key with 401 UNAUTHENTICATED", async (_label, credential) => {
      const result = await app.gql(`{ me { accountId } }`, {}, credential);
      expect(result.status).toBe(401);
      expect(result.errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");
    });

    it("rejects a key whose secret part is wrong", async () => {
      const tampered = key.slice(0, -1) + (key.endsWith("A") ? "B" : "A");
      expect((await app.gql(`{ me { accountId } }`, {}, tampered)).status).toBe(401);
    });

    it("creates, lists without secrets and revokes keys; a revoked key stops working at once", async () => {
      const created = await app.gql(`mutation { createApiKey(name: "ci") { secret apiKey { id name } } }`, {}, key);
      const second = created.data!.createApiKey;
      expect((await app.gql(`{ me { accountId } }`, {}, second.secret)).data).toEqual({ me: { accountId: "333344445555" } });

      const listed = await app.gql(`{ listApiKeys { id name prefix revokedAt } }`, {}, key);
      expect(listed.data!.listApiKeys.map((k: { name: string }) => k.name)).toEqual(["initial", "ci"]);
      expect(JSON.stringify(listed.data)).not.toContain(second.secret);

      const revoked = await app.gql(`mutation($id: ID!) { revokeApiKey(id: $id) { id revokedAt } }`, { id: second.apiKey.id }, key);
      expect(revoked.data!.revokeApiKey.revokedAt).toEqual(expect.any(String));
      const after = await app.gql(`{ me { accountId } }`, {}, second.secret);
      expect(after.status).toBe(401);
    });

    it("cannot revoke another account's key (NOT_FOUND, and the key keeps working)", async () => {
      const other = await app.createAccount("444455556666");
      const otherKeys = await app.gql(`{ listApiKeys { id } }`, {}, other);
      const result = await app.gql(`mutation($id: ID!) { revokeApiKey(id: $id) { id } }`, { id: otherKeys.data!.listApiKeys[0].id }, key);
      expect(result.errors?.[0].extensions?.code).toBe("NOT_FOUND");
      expect((await app.gql(`{ me { accountId } }`, {}, other)).data).toEqual({ me: { accountId: "444455556666" } });
    });

    it("the operator token is not an account: me is FORBIDDEN", async () => {
      expect((await app.gql(`{ me { accountId } }`, {}, app.operatorToken)).errors?.[0].extensions?.code).toBe("FORBIDDEN");
    });
  });

  describe("API keys over WebSocket", () => {
    let key: string;
    beforeAll(async () => {
      key = await app.createAccount("555566667777", "Data");
    });

    it("accepts a valid key in connectionParams", async () => {
      const result = await wsQuery(app, { authorization: `Bearer ${key}` }, `{ me { accountId } }`);
      expect(result.data).toEqual({ me: { accountId: "555566667777" } });
    });

    it.each([
      ["missing", {}],
      ["malformed", { authorization: "Bearer nonsense" }],
      ["unknown", { authorization: `Bearer vk_0123456789abcdef_${"A".repeat(43)}` }],
    ])("closes the socket with 4403 for a %s key", async (_label, params) => {
      const result = await wsQuery(app, params, `{ me { accountId } }`);
      expect(result.closeCode).toBe(4403);
    });

    it("closes an open socket, and its subscriptions, as soon as its key is revoked", async () => {
      const created = await app.gql(`mutation { createApiKey(name: "live") { secret apiKey { id } } }`, {}, key);
      const { secret, apiKey } = created.data!.createApiKey;
      const client = createClient({ url: app.wsUrl, webSocketImpl: WebSocket, connectionParams: { authorization: secret }, retryAttempts: 0 });
      try {
        const ended = new Promise<{ code?: number }>((resolve) => {
          client.subscribe({ query: "subscription { invitationReceived { invitationId } }" }, { next: () => undefined, error: (e) => resolve(e as { code?: number }), complete: () => resolve({}) });
        });
        await new Promise((r) => setTimeout(r, 200));
        await app.gql(`mutation($id: ID!) { revokeApiKey(id: $id) { id } }`, { id: apiKey.id }, key);
        expect((await ended).code).toBe(4403);
      } finally {
        await client.dispose();
      }
    });

    it("closes the socket with 4403 for a revoked key", async () => {
      const created = await app.gql(`mutation { createApiKey(name: "ws") { secret apiKey { id } } }`, {}, key);
      const { secret, apiKey } = created.data!.createApiKey;
      await app.gql(`mutation($id: ID!) { revokeApiKey(id: $id) { id } }`, { id: apiKey.id }, key);
      expect((await wsQuery(app, { authorization: secret }, `{ me { accountId } }`)).closeCode).toBe(4403);
    });
  });
});
