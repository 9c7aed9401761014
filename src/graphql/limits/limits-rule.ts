import type { ValidationRule } from "graphql";
import type { RequestLimitSettings } from "../../config.js";
import { RequestLimitError } from "./request-limits.js";
import { rootFieldCounts, ShapeMeter } from "./request-shape.js";

/** A validation rule refusing operations deeper, wider or costlier than the limits, before any resolver runs. */
export function requestLimitsRule(limits: RequestLimitSettings): ValidationRule {
  return (context) => {
    const meter = new ShapeMeter(context, limits.listSize);
    return {
      OperationDefinition(operation) {
        const shape = meter.selectionSet(operation.selectionSet, context.getSchema().getRootType(operation.operation) ?? undefined, undefined);
        if (shape.depth > limits.maxDepth) {
          context.reportError(new RequestLimitError(`The query is nested ${shape.depth} levels deep; at most ${limits.maxDepth} are allowed.`, "QUERY_TOO_DEEP", limits.maxDepth));
        }
        if (shape.aliases > limits.maxAliases) {
          context.reportError(new RequestLimitError(`The query uses ${shape.aliases} aliases; at most ${limits.maxAliases} are allowed.`, "TOO_MANY_ALIASES", limits.maxAliases));
        }
        if (shape.cost > limits.maxCost) {
          context.reportError(new RequestLimitError(`The query could return about ${shape.cost} fields; at most ${limits.maxCost} are allowed.`, "QUERY_TOO_COMPLEX", limits.maxCost));
        }
        if (operation.operation === "mutation") {
          for (const [name, count] of rootFieldCounts(context, operation.selectionSet)) {
            if (count <= limits.maxSameMutation) continue;
            context.reportError(
              new RequestLimitError(`The request calls ${name} ${count} times; at most ${limits.maxSameMutation} are allowed.`, "TOO_MANY_MUTATIONS", limits.maxSameMutation),
            );
          }
        }
        // The meter has walked the whole operation; nothing below needs this rule's visit.
        return false;
      },
    };
  };
}
