import { Arg, ID, Resolver, Root, Subscription } from "type-graphql";
import type { FindingDelivery } from "../../services/findings/finding-subscriber.js";
import type { GraphQLContext } from "../context.js";
import { FindingCriteriaInput } from "./criteria.types.js";
import { criteriaOf, presentFinding } from "./finding.presenter.js";
import { FindingChangeEnum, FindingEvent } from "./finding.types.js";

type FindingsArgs = { detectorId: string; findingCriteria?: FindingCriteriaInput | null };

@Resolver()
export class FindingSubscriptionResolver {
  @Subscription(() => FindingEvent, {
    description:
      "Every new finding and every change to one (count, last seen, archive state, feedback) that you may see and that matches the criteria, " +
      "as it is written; suppressed findings are never pushed. Ends with an error if the API key is revoked or the client falls too far behind.",
    subscribe: ({ args, context }: { args: FindingsArgs; context: GraphQLContext }) =>
      context.services.findingFeed.open(context.actor, args.detectorId, criteriaOf(args.findingCriteria)),
  })
  findings(
    @Root() delivery: FindingDelivery,
    @Arg("detectorId", () => ID) _detectorId: string,
    @Arg("findingCriteria", () => FindingCriteriaInput, { nullable: true }) _findingCriteria: FindingCriteriaInput | null,
  ): FindingEvent {
    return { change: delivery.change as FindingChangeEnum, finding: presentFinding(delivery.finding) };
  }
}
