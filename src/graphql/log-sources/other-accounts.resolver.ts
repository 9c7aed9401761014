import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from "type-graphql";
import type { GraphQLContext } from "../context.js";
import { LogSourceType, OtherAccountEventsType } from "./log-source.types.js";

/** A source's per-account count of events it did not route, read only when a query asks for it. */
@Resolver(() => LogSourceType)
export class OtherAccountEventsResolver {
  @FieldResolver(() => [OtherAccountEventsType], {
    description: "Organisation sources: events naming accounts outside the organisation (or members not Enabled), per account, most events first. At most 100.",
  })
  eventsOfOtherAccounts(@Root() source: LogSourceType, @Arg("first", () => Int, { defaultValue: 100 }) first: number, @Ctx() ctx: GraphQLContext): Promise<OtherAccountEventsType[]> {
    return ctx.services.logSources.otherAccountEvents(ctx.actor, source.logSourceId, first);
  }
}
