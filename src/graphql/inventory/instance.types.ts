import { DateTimeISOResolver, JSONObjectResolver } from "graphql-scalars";
import { Field, ObjectType } from "type-graphql";

@ObjectType("Ec2Instance", { description: "An EC2 instance of the detector's inventory, kept from CloudTrail (RunInstances, CreateTags, state, address, group and profile calls)." })
export class Ec2InstanceType {
  @Field(() => String)
  instanceId!: string;

  @Field(() => String, { description: "The 12-digit account the instance runs in." })
  accountId!: string;

  @Field(() => String)
  region!: string;

  @Field(() => JSONObjectResolver, { description: "The instance as GuardDuty's resource.instanceDetails: what flow and DNS findings about it carry." })
  instanceDetails!: Record<string, unknown>;

  @Field(() => DateTimeISOResolver, { description: "When a CloudTrail event last changed the record." })
  updatedAt!: Date;
}

@ObjectType()
export class Ec2InstancePage {
  @Field(() => [Ec2InstanceType])
  instances!: Ec2InstanceType[];

  @Field(() => String, { nullable: true, description: "Pass as `after` for the next page; null on the last." })
  nextCursor!: string | null;
}
