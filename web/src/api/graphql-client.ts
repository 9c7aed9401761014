/** Thrown when the API no longer accepts the session's key (revoked, or never valid). */
export class SessionExpiredError extends Error {
  constructor() {
    super("The API key was not accepted.");
  }
}

type GraphQLErrorBody = { message: string; extensions?: { code?: string } };
type GraphQLBody<T> = { data?: T | null; errors?: GraphQLErrorBody[] };

export type Request = <T>(query: string, variables?: Record<string, unknown>) => Promise<T>;

/** GraphQL over HTTP with the key in the Authorization header; a rejected key ends the session. */
export function createRequest(apiKey: string, onSessionExpired: () => void): Request {
  return async <T,>(query: string, variables?: Record<string, unknown>): Promise<T> => {
    const response = await fetch("/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${apiKey}` },
      body: JSON.stringify({ query, variables }),
      credentials: "omit",
    });
    const body = (await response.json().catch(() => ({}))) as GraphQLBody<T>;
    const unauthenticated = response.status === 401 || body.errors?.some((e) => e.extensions?.code === "UNAUTHENTICATED");
    if (unauthenticated) {
      onSessionExpired();
      throw new SessionExpiredError();
    }
    if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join("; "));
    if (!body.data) throw new Error(`The API answered ${response.status} without data.`);
    return body.data;
  };
}
