import { GraphQLError } from "graphql";

export type LimitCode = "DOCUMENT_TOO_LARGE" | "TOO_MANY_TOKENS" | "QUERY_TOO_DEEP" | "TOO_MANY_ALIASES" | "QUERY_TOO_COMPLEX" | "TOO_MANY_MUTATIONS" | "TOO_MANY_SUBSCRIPTIONS";

/** A request refused for its shape: the code names the limit, and the limit is given so a client can adjust. */
export class RequestLimitError extends GraphQLError {
  constructor(
    message: string,
    readonly code: LimitCode,
    readonly limit: number,
  ) {
    super(message, { extensions: { code, limit, http: { status: 400 } } });
  }
}
