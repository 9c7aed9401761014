import { Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { DateTimeISOResolver } from "graphql-scalars";
import type { ThreatCategory } from "../../detection/intel/index.js";
import { THREAT_CATEGORIES } from "../../services/threat-feeds/categories.js";
import { ListFormatEnum, ListStatusEnum } from "./intel-list.types.js";

export const ThreatCategoryEnum = Object.fromEntries(THREAT_CATEGORIES.map((c) => [c, c])) as { [K in ThreatCategory]: K };
registerEnumType(ThreatCategoryEnum, { name: "ThreatCategory", description: "What a managed feed lists; decides the (non-.Custom) finding types its matches produce." });

@ObjectType("ThreatFeed", { description: "Managed threat intelligence: an operator's feed, in force for every account." })
export class ThreatFeedType {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => ListFormatEnum)
  format!: ListFormatEnum;

  @Field(() => String)
  location!: string;

  @Field(() => ThreatCategoryEnum)
  category!: ThreatCategory;

  @Field(() => Int)
  refreshIntervalMinutes!: number;

  @Field(() => Boolean)
  enabled!: boolean;

  @Field(() => ListStatusEnum)
  status!: ListStatusEnum;

  @Field(() => String, { nullable: true, description: "Why the feed is in ERROR, what a partial load rejected, or that the last refresh failed while the previous content stays in force." })
  statusMessage!: string | null;

  @Field(() => Int)
  entryCount!: number;

  @Field(() => Int)
  rejectedCount!: number;

  @Field(() => DateTimeISOResolver, { nullable: true })
  lastRefreshedAt!: Date | null;

  @Field(() => DateTimeISOResolver)
  createdAt!: Date;

  @Field(() => DateTimeISOResolver)
  updatedAt!: Date;
}

@ObjectType()
export class ThreatFeedPage {
  @Field(() => [ThreatFeedType])
  threatFeeds!: ThreatFeedType[];

  @Field(() => String, { nullable: true })
  nextCursor!: string | null;
}
