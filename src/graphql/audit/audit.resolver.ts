import { Arg, Ctx, Int, Query, Resolver } from "type-graphql";
import type { GraphQLContext } from "../context.js";
import { AuditEventPage } from "./audit.types.js";

@Resolver()
export class AuditResolver {
  @Query(() => AuditEventPage, { description: "Configuration changes of the caller, of its members, and of relationships it is part of, oldest first." })
  async auditEvents(
    @Arg("first", () => Int, { nullable: true }) first: number | null,
    @Arg("after", () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<AuditEventPage> {
    const page = await ctx.services.audit.list(ctx.actor, { first, after });
    return { events: page.items, nextCursor: page.nextCursor };
  }
}
