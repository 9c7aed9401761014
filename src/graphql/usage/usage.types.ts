import { DateTimeISOResolver } from "graphql-scalars";
import { Field, Float, Int, ObjectType } from "type-graphql";

/** The amounts every row shares. No resolver returns it, so it is not emitted as a type of its own. */
@ObjectType()
abstract class UsageAmountFields {
  @Field(() => Int, { description: "Log objects (files, pushes, deliveries) processed." })
  objects!: number;

  @Field(() => Float, { description: "Events analysed." })
  events!: number;

  @Field(() => Float, { description: "Bytes read (after decompression)." })
  bytes!: number;
}

@ObjectType("UsageTotal")
export class UsageTotalType extends UsageAmountFields {}

@ObjectType("AccountUsage")
export class AccountUsageType extends UsageAmountFields {
  @Field(() => String)
  accountId!: string;
}

@ObjectType("DataSourceUsage")
export class DataSourceUsageType extends UsageAmountFields {
  @Field(() => String, { description: "The log sources' kind: CLOUD_TRAIL, S3_DATA_EVENTS, VPC_FLOW_LOGS, DNS_QUERY_LOGS." })
  dataSource!: string;
}

@ObjectType("SourceUsage")
export class SourceUsageType extends UsageAmountFields {
  @Field(() => String)
  logSourceId!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String)
  accountId!: string;

  @Field(() => String)
  dataSource!: string;
}

@ObjectType("UsageStatistics", { description: "What Vigil processed over the last 30 days: the capacity figure GuardDuty's GetUsageStatistics gives as cost." })
export class UsageStatisticsType {
  @Field(() => DateTimeISOResolver)
  from!: Date;

  @Field(() => DateTimeISOResolver)
  to!: Date;

  @Field(() => UsageTotalType)
  total!: UsageTotalType;

  @Field(() => [AccountUsageType], { description: "By account: the caller's and, for an administrator, each associated member's." })
  byAccount!: AccountUsageType[];

  @Field(() => [DataSourceUsageType])
  byDataSource!: DataSourceUsageType[];

  @Field(() => [SourceUsageType], { description: "Every log source, most bytes first." })
  bySource!: SourceUsageType[];

  @Field(() => [SourceUsageType], { description: "The ten sources that processed the most bytes." })
  topSources!: SourceUsageType[];
}
