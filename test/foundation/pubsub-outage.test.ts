import { createServer } from "node:net";
import { createRedisPubSub } from "../../src/realtime/pubsub.js";

/** A port nothing listens on: bound, read, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe("pub/sub while Redis is unreachable", () => {
  it("reports each connection's outage once, however often ioredis retries", async () => {
    const outages: string[] = [];
    const events = createRedisPubSub(`redis://127.0.0.1:${await closedPort()}`, "outage-test", (role) => outages.push(role));
    // ioredis retries after 50, 100, 150… ms: by 1.5 s each connection has failed several times.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await events.close();
    expect(outages.sort()).toEqual(["publish", "subscribe"]);
  });
});
