import { getIntrospectionQuery } from "graphql";
import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";
import { accountWithDetector, type TestAccount } from "../support/accounts";
import { startTestApp, type TestApp } from "../support/app";

type ErrorBody = { errors?: Array<{ message: string; extensions?: { code?: string; limit?: number } }> };

const SAMPLE = `createSampleFindings(detectorId: $d, findingTypes: ["Recon:EC2/Portscan"]) { id }`;

function aliased(count: number, field: string): string {
  return Array.from({ length: count }, (_, i) => `a${i}: ${field}`).join(" ");
}

describe("request limits", () => {
  let app: TestApp;
  let account: TestAccount;

  beforeAll(async () => {
    app = await startTestApp({ requestLimits: { maxSubscriptionsPerSocket: 2, maxSubscriptionsPerKey: 3 } });
    account = await accountWithDetector(app, "520000000001");
  });
  afterAll(() => app.close());

  const findingCount = async () => {
    const listed = await app.gql(`query($d: ID!) { listFindings(detectorId: $d) { findings { id } } }`, { d: account.detectorId }, account.key);
    return (listed.data?.listFindings.findings as unknown[]).length;
  };

  describe("over HTTP, before anything executes", () => {
    it("refuses 1,000 or 40 aliases of one mutation and runs none of them", async () => {
      const thousand = await app.gql(`mutation($d: ID!) { ${aliased(1000, SAMPLE)} }`, { d: account.detectorId }, account.key);
      expect(thousand.status).toBe(400);
      const result = await app.gql(`mutation($d: ID!) { ${aliased(40, SAMPLE)} }`, { d: account.detectorId }, account.key);
      expect(result.status).toBe(400);
      const codes = result.errors?.map((error) => error.extensions?.code);
      expect(codes).toEqual(expect.arrayContaining(["TOO_MANY_ALIASES", "TOO_MANY_MUTATIONS"]));
      expect(result.errors?.find((error) => error.extensions?.code === "TOO_MANY_ALIASES")?.extensions).toEqual({ code: "TOO_MANY_ALIASES", limit: 30 });
      expect(await findingCount()).toBe(0);
    });

    it("allows five calls of one mutation and refuses six", async () => {
      const six = await app.gql(`mutation($d: ID!) { ${aliased(6, SAMPLE)} }`, { d: account.detectorId }, account.key);
      expect(six.errors?.map((error) => error.extensions)).toEqual([{ code: "TOO_MANY_MUTATIONS", limit: 5 }]);
      expect(await findingCount()).toBe(0);
      const five = await app.gql(`mutation($d: ID!) { ${aliased(5, SAMPLE)} }`, { d: account.detectorId }, account.key);
      expect(five.errors).toBeUndefined();
      expect(await findingCount()).toBe(1);
    });

    it("answers the standard introspection query, and refuses deeper nesting", async () => {
      const introspection = await app.gql(getIntrospectionQuery(), {}, account.key);
      expect(introspection.errors).toBeUndefined();
      expect(introspection.data?.__schema.queryType.name).toBe("Query");
      const nested = `{ __schema { types { ${"fields { type { ".repeat(8)}name${" } }".repeat(8)} } } }`;
      const deep = await app.gql(nested, {}, account.key);
      expect(deep.status).toBe(400);
      expect(deep.errors?.map((error) => error.extensions)).toContainEqual({ code: "QUERY_TOO_DEEP", limit: 15 });
    });

    it("refuses a query whose lists multiply past the cost limit", async () => {
      // 10 types × 10 fields × 10 arguments × 10 fields × 10 arguments: about 112,000 fields.
      const wide = await app.gql(`{ __schema { types { fields { args { type { fields { args { name } } } } } } } }`, {}, account.key);
      expect(wide.status).toBe(400);
      expect(wide.errors?.map((error) => error.extensions)).toEqual([{ code: "QUERY_TOO_COMPLEX", limit: 100_000 }]);
    });

    it("refuses fragments spread into fragments without expanding them", async () => {
      const levels = Array.from({ length: 12 }, (_, i) => `fragment F${i} on __Type { ${Array.from({ length: 10 }, () => `...F${i + 1}`).join(" ")} }`);
      const bomb = `{ __schema { types { ...F0 } } } ${levels.join(" ")} fragment F12 on __Type { name }`;
      const started = Date.now();
      const result = await app.gql(bomb, {}, account.key);
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(result.errors?.map((error) => error.extensions?.code)).toContain("QUERY_TOO_COMPLEX");
    });

    it("refuses an oversized document or one with too many tokens before parsing it", async () => {
      const large = await app.gql(`{ __typename }${" ".repeat(70_000)}`, {}, account.key);
      expect(large.status).toBe(400);
      expect(large.errors?.map((error) => error.extensions)).toEqual([{ code: "DOCUMENT_TOO_LARGE", limit: 65_536 }]);
      const tokens = await app.gql(`{ ${"__typename ".repeat(5_000)} }`, {}, account.key);
      expect(tokens.status).toBe(400);
      expect(tokens.errors?.map((error) => error.extensions)).toEqual([{ code: "TOO_MANY_TOKENS", limit: 5_000 }]);
    });
  });

  describe("HTTP errors on /graphql are GraphQL errors in JSON", () => {
    const send = async (init: RequestInit) => {
      const response = await fetch(`${app.url}/graphql`, init);
      expect(response.headers.get("content-type")).toMatch(/^application\/json/);
      return { status: response.status, body: (await response.json()) as ErrorBody };
    };

    it.each([
      ["a body over the size limit", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: `{ __typename }`, pad: "x".repeat(1_100_000) }) }, 413, "PAYLOAD_TOO_LARGE"],
      ["malformed JSON", { method: "POST", headers: { "content-type": "application/json" }, body: `{"query": ` }, 400, "BAD_REQUEST"],
      ["a body that is not JSON", { method: "POST", headers: { "content-type": "text/plain" }, body: `{ __typename }` }, 415, "UNSUPPORTED_MEDIA_TYPE"],
      ["a wrong method", { method: "PUT", headers: { "content-type": "application/json" }, body: `{}` }, 405, "METHOD_NOT_ALLOWED"],
    ] as const)("%s", async (_what, init, status, code) => {
      const { status: answered, body } = await send(init as RequestInit);
      expect(answered).toBe(status);
      expect(body.errors?.[0].extensions?.code).toBe(code);
      expect(typeof body.errors?.[0].message).toBe("string");
    });
  });

  describe("over WebSocket", () => {
    const clients: Client[] = [];
    const connect = () => {
      const client = createClient({ url: app.wsUrl, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${account.key}` }, retryAttempts: 0 });
      clients.push(client);
      return client;
    };
    afterEach(async () => {
      await Promise.all(clients.splice(0).map((client) => client.dispose()));
    });

    /** Subscribes and resolves with the first error, or "open" once the server has held it for a moment. */
    const outcome = (client: Client, query: string) =>
      new Promise<{ state: "open"; stop: () => void } | { state: "refused"; extensions: unknown }>((resolve) => {
        let stop = () => undefined as void;
        const timer = setTimeout(() => resolve({ state: "open", stop }), 400);
        stop = client.subscribe(
          { query },
          {
            next: () => undefined,
            error: (error) => {
              clearTimeout(timer);
              resolve({ state: "refused", extensions: Array.isArray(error) ? error[0].extensions : error });
            },
            complete: () => undefined,
          },
        );
      });

    it("applies the same limits to subscribe messages", async () => {
      const client = connect();
      expect((await outcome(client, `subscription { invitationReceived { invitationId } }`)).state).toBe("open");
      const nested = await outcome(client, `{ __schema { types { ${"fields { type { ".repeat(8)}name${" } }".repeat(8)} } } }`);
      expect(nested).toEqual({ state: "refused", extensions: { code: "QUERY_TOO_DEEP", limit: 15 } });
      const invalid = await outcome(client, `subscription { invitationReceived { noSuchField } }`);
      expect(invalid).toEqual({ state: "refused", extensions: { code: "GRAPHQL_VALIDATION_FAILED" } });
      const large = await outcome(client, `subscription { invitationReceived { invitationId } }${" ".repeat(70_000)}`);
      expect(large).toEqual({ state: "refused", extensions: { code: "DOCUMENT_TOO_LARGE", limit: 65_536 } });
    });

    it("caps the subscriptions of one socket and of one key, and frees a place when one ends", async () => {
      const LIVE = `subscription { invitationReceived { invitationId } }`;
      const first = connect();
      const one = await outcome(first, LIVE);
      const two = await outcome(first, LIVE);
      expect([one.state, two.state]).toEqual(["open", "open"]);
      expect(await outcome(first, LIVE)).toEqual({ state: "refused", extensions: { code: "TOO_MANY_SUBSCRIPTIONS", limit: 2 } });

      const second = connect();
      expect((await outcome(second, LIVE)).state).toBe("open");
      expect(await outcome(second, LIVE)).toEqual({ state: "refused", extensions: { code: "TOO_MANY_SUBSCRIPTIONS", limit: 3 } });
      if (one.state === "open") one.stop();
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect((await outcome(second, LIVE)).state).toBe("open");
    });
  });
});
