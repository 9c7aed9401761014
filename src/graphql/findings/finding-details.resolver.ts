import { FieldResolver, Resolver, Root } from "type-graphql";
import { FindingType } from "./finding.types.js";
import { presentResource } from "./resource.presenter.js";
import { ResourceType } from "./resource.types.js";
import { presentService } from "./service.presenter.js";
import { ServiceType } from "./service.types.js";

/**
 * The typed resource and service, built only when a query selects them: reading every field of the
 * JSON costs some 30 µs a finding, which a page that shows only titles should not pay.
 */
@Resolver(() => FindingType)
export class FindingDetailsResolver {
  @FieldResolver(() => ResourceType, { description: "The resource, typed as GuardDuty's Resource." })
  resourceDetails(@Root() finding: FindingType): ResourceType {
    return presentResource(finding.resource);
  }

  @FieldResolver(() => ServiceType, { description: "The service, typed as GuardDuty's Service." })
  serviceDetails(@Root() finding: FindingType): ServiceType {
    // The columns are what archive and feedback change; the JSON copy may lag behind them.
    return { ...presentService(finding.service), count: finding.count, archived: finding.archived, userFeedback: finding.feedback };
  }
}
