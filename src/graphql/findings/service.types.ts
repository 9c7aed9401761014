/** GuardDuty's Service (API_Service), typed: what happened, how often, and the evidence. */
import { JSONObjectResolver } from "graphql-scalars";
import { Field, Int, ObjectType } from "type-graphql";
import { Action } from "./action.types.js";

@ObjectType()
export class ThreatIntelligenceDetail {
  @Field(() => String, { nullable: true, description: "The threat list or feed that matched." })
  threatListName!: string | null;

  @Field(() => [String])
  threatNames!: string[];

  @Field(() => String, { nullable: true })
  threatFileSha256!: string | null;
}

@ObjectType()
export class Evidence {
  @Field(() => [ThreatIntelligenceDetail])
  threatIntelligenceDetails!: ThreatIntelligenceDetail[];
}

@ObjectType({
  description:
    "GuardDuty's additionalInfo: `value` is the JSON text GuardDuty writes; the fields beside it are read from it. Threat-list findings name the list and the threat.",
})
export class ServiceAdditionalInfo {
  @Field(() => String, { description: "A JSON text, as in GuardDuty." })
  value!: string;

  @Field(() => String)
  type!: string;

  @Field(() => String, { nullable: true, description: "The threat lists that matched, comma-separated." })
  threatListName!: string | null;

  @Field(() => String, { nullable: true, description: "The threats the lists name for the entry, comma-separated (e.g. a malware family, Scanner, Log4j Related)." })
  threatName!: string | null;

  @Field(() => String, { nullable: true, description: "GuardDuty's context, e.g. Possible log4j callback." })
  context!: string | null;

  @Field(() => Boolean, { description: "A sample finding." })
  sample!: boolean;

  @Field(() => JSONObjectResolver, { description: "`value` parsed: the rule's own context (counts, windows, Sigma matches…)." })
  details!: Record<string, unknown>;
}

@ObjectType("Service", { description: "GuardDuty's Service, typed." })
export class ServiceType {
  @Field(() => String)
  serviceName!: string;

  @Field(() => String)
  detectorId!: string;

  @Field(() => String, { nullable: true, description: "The feature behind the finding: CloudTrail, S3DataEvents, FlowLogs, DnsLogs, Correlation (attack sequences)." })
  featureName!: string | null;

  @Field(() => Action, { nullable: true })
  action!: Action | null;

  @Field(() => Int)
  count!: number;

  @Field(() => String, { nullable: true })
  eventFirstSeen!: string | null;

  @Field(() => String, { nullable: true })
  eventLastSeen!: string | null;

  @Field(() => Boolean)
  archived!: boolean;

  @Field(() => String, { nullable: true, description: "TARGET or ACTOR." })
  resourceRole!: string | null;

  @Field(() => String, { nullable: true, description: "USEFUL or NOT_USEFUL." })
  userFeedback!: string | null;

  @Field(() => Evidence, { nullable: true })
  evidence!: Evidence | null;

  @Field(() => ServiceAdditionalInfo)
  additionalInfo!: ServiceAdditionalInfo;

  @Field(() => JSONObjectResolver, { nullable: true, description: "Anomaly findings: the baseline broken (anomaly); attack sequences: their signals (sequence). JSON, as in GuardDuty." })
  detection!: Record<string, unknown> | null;
}
