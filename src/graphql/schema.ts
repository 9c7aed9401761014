import "reflect-metadata";
import type { GraphQLSchema } from "graphql";
import { buildSchema } from "type-graphql";
import type { VigilPubSub } from "../realtime/pubsub.js";
import { AccountResolver } from "./accounts/account.resolver.js";
import { AuditResolver } from "./audit/audit.resolver.js";
import { CustomRuleResolver } from "./custom-rules/custom-rule.resolver.js";
import { DetectorResolver } from "./detectors/detector.resolver.js";
import { FilterResolver } from "./filters/filter.resolver.js";
import { FindingResolver } from "./findings/finding.resolver.js";
import { FindingDetailsResolver } from "./findings/finding-details.resolver.js";
import { FindingSubscriptionResolver } from "./findings/finding-subscription.resolver.js";
import { PublishingDestinationResolver } from "./publishing/destination.resolver.js";
import { FailedDeliveryResolver } from "./publishing/failed-delivery.resolver.js";
import { TagResolver } from "./tags/tag.resolver.js";
import { UsageResolver } from "./usage/usage.resolver.js";
import { InstanceResolver } from "./inventory/instance.resolver.js";
import { IPSetResolver, ThreatEntitySetResolver, ThreatIntelSetResolver, TrustedEntitySetResolver } from "./intel-lists/intel-list.resolver.js";
import { ThreatFeedResolver } from "./intel-lists/threat-feed.resolver.js";
import { InvitationResolver } from "./invitations/invitation.resolver.js";
import { LogSourceResolver } from "./log-sources/log-source.resolver.js";
import { MemberResolver } from "./members/member.resolver.js";
import { OtherAccountEventsResolver } from "./log-sources/other-accounts.resolver.js";
import { OrganizationResolver } from "./organizations/organization.resolver.js";

export const RESOLVERS = [AccountResolver, DetectorResolver, MemberResolver, InvitationResolver, AuditResolver, LogSourceResolver, FindingResolver, FindingDetailsResolver, FindingSubscriptionResolver, FilterResolver, PublishingDestinationResolver, FailedDeliveryResolver, IPSetResolver, ThreatIntelSetResolver, TrustedEntitySetResolver, ThreatEntitySetResolver, ThreatFeedResolver, CustomRuleResolver, OtherAccountEventsResolver, OrganizationResolver, TagResolver, UsageResolver, InstanceResolver] as const;

export function buildVigilSchema(pubSub: VigilPubSub): Promise<GraphQLSchema> {
  return buildSchema({ resolvers: [...RESOLVERS], pubSub, validate: false });
}
