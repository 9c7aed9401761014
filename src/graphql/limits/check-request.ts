import { type GraphQLSchema, parse, validate } from "graphql";
import type { RequestLimitSettings } from "../../config.js";
import { checkDocumentSize } from "./document-size.js";
import { requestLimitsRule } from "./limits-rule.js";
import { RequestLimitError } from "./request-limits.js";

/**
 * Measures a query text against the limits before graphql-js's own validation, some of whose rules
 * cost time quadratic in the number of fields: an oversized request is refused for the price of one
 * parse and one walk. A text that does not parse passes, so the usual path reports the syntax error.
 */
export function requestLimitChecker(schema: GraphQLSchema, limits: RequestLimitSettings): (query: string) => RequestLimitError[] {
  const rule = requestLimitsRule(limits);
  return (query) => {
    const tooLarge = checkDocumentSize(query, limits);
    if (tooLarge) return [tooLarge];
    let document;
    try {
      document = parse(query);
    } catch {
      return [];
    }
    return validate(schema, document, [rule]).filter((error): error is RequestLimitError => error instanceof RequestLimitError);
  };
}
