import { DateTimeISOResolver } from "graphql-scalars";
import { Field, ID, Int, ObjectType } from "type-graphql";

@ObjectType({ description: "A delivery given up on: its attempts ran out, or the receiver refused it for good. replayDelivery sends it again." })
export class FailedDelivery {
  @Field(() => ID, { description: "Also the Idempotency-Key header the webhook receiver got on every attempt (and gets on the replay)." })
  deliveryId!: string;

  @Field(() => ID)
  destinationId!: string;

  @Field(() => ID)
  findingId!: string;

  @Field(() => DateTimeISOResolver, { description: "The finding's updatedAt when the delivery was queued: one delivery per finding version and destination." })
  findingVersion!: Date;

  @Field(() => Int)
  attempts!: number;

  @Field(() => String, { nullable: true, description: "What the last attempt ran into." })
  lastError!: string | null;

  @Field(() => DateTimeISOResolver)
  queuedAt!: Date;

  @Field(() => DateTimeISOResolver, { nullable: true })
  failedAt!: Date | null;
}

@ObjectType()
export class FailedDeliveryPage {
  @Field(() => [FailedDelivery])
  deliveries!: FailedDelivery[];

  @Field(() => String, { nullable: true })
  nextCursor!: string | null;
}
