import type { VigilPubSub } from "../../src/realtime/pubsub";
import type { VigilTopics } from "../../src/realtime/topics";

/** The topics published without a recipient key. */
type UnkeyedTopic = { [K in keyof VigilTopics]: VigilTopics[K] extends [unknown] ? K : never }[keyof VigilTopics];
type Payload<T extends UnkeyedTopic> = VigilTopics[T][0];

/** Every event published on `topic` from now on, in arrival order, until `stop()`. */
export function recordTopic<T extends UnkeyedTopic>(pubSub: VigilPubSub, topic: T): { events: Array<Payload<T>>; stop(): void } {
  // graphql-yoga's subscribe() types its arguments per topic; TypeScript cannot narrow that for a generic T.
  const subscriber = pubSub as unknown as { subscribe(topic: T): AsyncIterable<Payload<T>> };
  const iterator = subscriber.subscribe(topic)[Symbol.asyncIterator]();
  const events: Array<Payload<T>> = [];
  let listening = true;
  void (async () => {
    while (listening) {
      const next = await iterator.next();
      if (next.done) break;
      events.push(next.value);
    }
  })();
  return {
    events,
    stop: () => {
      listening = false;
      void iterator.return?.();
    },
  };
}
