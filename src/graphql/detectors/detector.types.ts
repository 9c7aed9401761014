import { Field, ID, InputType, ObjectType, registerEnumType } from "type-graphql";
import { DateTimeISOResolver, JSONObjectResolver } from "graphql-scalars";
import { DATA_SOURCE_NAMES, type DataSourceName } from "../../services/detectors/data-sources.js";

export enum FindingPublishingFrequencyEnum {
  FIFTEEN_MINUTES = "FIFTEEN_MINUTES",
  ONE_HOUR = "ONE_HOUR",
  SIX_HOURS = "SIX_HOURS",
}
registerEnumType(FindingPublishingFrequencyEnum, { name: "FindingPublishingFrequency" });

export enum DetectorStatusEnum {
  ENABLED = "ENABLED",
  DISABLED = "DISABLED",
}
registerEnumType(DetectorStatusEnum, { name: "DetectorStatus" });

export const DataSourceNameEnum = Object.fromEntries(DATA_SOURCE_NAMES.map((n) => [n, n])) as { [K in DataSourceName]: K };
registerEnumType(DataSourceNameEnum, { name: "DataSourceName", description: "A log source a detector analyses." });

@ObjectType()
export class DataSourceConfiguration {
  @Field(() => DataSourceNameEnum)
  name!: DataSourceName;

  @Field(() => DetectorStatusEnum)
  status!: DetectorStatusEnum;
}

@InputType()
export class DataSourceInput {
  @Field(() => DataSourceNameEnum)
  name!: DataSourceName;

  @Field(() => Boolean)
  enable!: boolean;
}

@InputType()
export class TagInput {
  @Field(() => String)
  key!: string;

  @Field(() => String)
  value!: string;
}

@ObjectType({ description: "GuardDuty in one account: one per account." })
export class DetectorType {
  @Field(() => ID)
  detectorId!: string;

  @Field(() => String, { description: "The 12-digit account that owns the detector." })
  accountId!: string;

  @Field(() => DetectorStatusEnum)
  status!: DetectorStatusEnum;

  @Field(() => FindingPublishingFrequencyEnum)
  findingPublishingFrequency!: FindingPublishingFrequencyEnum;

  @Field(() => [DataSourceConfiguration])
  dataSources!: DataSourceConfiguration[];

  @Field(() => Boolean, { description: "Whether this administrator lets its members archive their own findings." })
  membersCanArchive!: boolean;

  @Field(() => [String], { description: "Accounts this detector's rules never count as outside, besides its organization and VIGIL_TRUSTED_ACCOUNT_IDS." })
  trustedAccountIds!: string[];

  @Field(() => JSONObjectResolver)
  tags!: Record<string, string>;

  @Field(() => DateTimeISOResolver)
  createdAt!: Date;

  @Field(() => DateTimeISOResolver)
  updatedAt!: Date;
}
