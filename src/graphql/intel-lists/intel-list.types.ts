import { Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { DateTimeISOResolver, JSONObjectResolver } from "graphql-scalars";

export enum ListFormatEnum {
  TXT = "TXT",
  STIX = "STIX",
  OTX_CSV = "OTX_CSV",
  ALIEN_VAULT = "ALIEN_VAULT",
  PROOF_POINT = "PROOF_POINT",
  FIRE_EYE = "FIRE_EYE",
}
registerEnumType(ListFormatEnum, { name: "ListFormat", description: "GuardDuty's list formats; STIX takes STIX 2.1 JSON and STIX 1.x XML." });

export enum ListStatusEnum {
  INACTIVE = "INACTIVE",
  ACTIVATING = "ACTIVATING",
  ACTIVE = "ACTIVE",
  DEACTIVATING = "DEACTIVATING",
  ERROR = "ERROR",
  DELETE_PENDING = "DELETE_PENDING",
  DELETED = "DELETED",
}
registerEnumType(ListStatusEnum, {
  name: "ListStatus",
  description: "GuardDuty's list statuses. A list is used only while ACTIVE; no action is allowed while ACTIVATING, DEACTIVATING or DELETE_PENDING.",
});

export enum ListEntryKindEnum {
  IPV4 = "ipv4",
  IPV6 = "ipv6",
  CIDR4 = "cidr4",
  CIDR6 = "cidr6",
  DOMAIN = "domain",
  WILDCARD = "wildcard",
}
registerEnumType(ListEntryKindEnum, { name: "ListEntryKind", description: "What a list holds: addresses, networks, domains, *.domain wildcards." });

/** The fields both kinds of list share. No resolver returns it, so it is not emitted as a type of its own. */
@ObjectType()
abstract class IntelListFields {
  @Field(() => String)
  name!: string;

  @Field(() => ListFormatEnum)
  format!: ListFormatEnum;

  @Field(() => String, { description: 'https:// URL, s3://bucket/key, file:///path, or "inline" when the content came with the request.' })
  location!: string;

  @Field(() => ListStatusEnum)
  status!: ListStatusEnum;

  @Field(() => String, { nullable: true, description: "Why the list is in ERROR (naming the first bad lines), or what a partial load rejected." })
  statusMessage!: string | null;

  @Field(() => Int, { description: "Entries in force after normalization and de-duplication." })
  entryCount!: number;

  @Field(() => Int, { description: "Lines or values rejected at the last activation." })
  rejectedCount!: number;

  @Field(() => [ListEntryKindEnum])
  entryKinds!: ListEntryKindEnum[];

  @Field(() => JSONObjectResolver)
  tags!: Record<string, string>;

  @Field(() => DateTimeISOResolver, { nullable: true })
  activatedAt!: Date | null;

  @Field(() => DateTimeISOResolver)
  createdAt!: Date;

  @Field(() => DateTimeISOResolver)
  updatedAt!: Date;
}

@ObjectType("IPSet", { description: "A trusted list: addresses, networks and domains that never produce findings (trusted beats threat)." })
export class IPSetType extends IntelListFields {
  @Field(() => ID)
  ipSetId!: string;
}

@ObjectType("ThreatIntelSet", { description: "A threat list: a match produces GuardDuty's .Custom finding types." })
export class ThreatIntelSetType extends IntelListFields {
  @Field(() => ID)
  threatIntelSetId!: string;
}

@ObjectType()
export class IPSetPage {
  @Field(() => [IPSetType])
  ipSets!: IPSetType[];

  @Field(() => String, { nullable: true })
  nextCursor!: string | null;
}

@ObjectType()
export class ThreatIntelSetPage {
  @Field(() => [ThreatIntelSetType])
  threatIntelSets!: ThreatIntelSetType[];

  @Field(() => String, { nullable: true })
  nextCursor!: string | null;
}

@ObjectType("TrustedEntitySet", { description: "GuardDuty's trusted entity list (IPs and domains, one per account): like an IPSet, nothing it holds produces findings." })
export class TrustedEntitySetType extends IntelListFields {
  @Field(() => ID)
  trustedEntitySetId!: string;
}

@ObjectType("ThreatEntitySet", { description: "GuardDuty's threat entity list (IPs and domains): a match produces GuardDuty's .Custom finding types." })
export class ThreatEntitySetType extends IntelListFields {
  @Field(() => ID)
  threatEntitySetId!: string;
}

@ObjectType()
export class TrustedEntitySetPage {
  @Field(() => [TrustedEntitySetType])
  trustedEntitySets!: TrustedEntitySetType[];

  @Field(() => String, { nullable: true })
  nextCursor!: string | null;
}

@ObjectType()
export class ThreatEntitySetPage {
  @Field(() => [ThreatEntitySetType])
  threatEntitySets!: ThreatEntitySetType[];

  @Field(() => String, { nullable: true })
  nextCursor!: string | null;
}
