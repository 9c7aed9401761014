import { type ChildProcess, spawn } from "node:child_process";
import { Redis } from "ioredis";
import { reportOutages } from "../../src/queues/redis-outages.js";
import { freePort } from "../support/ports";

/** A redis-server of the test's own, without persistence, that can be killed and started again on its port. */
function redisServer(port: number): Promise<ChildProcess> {
  const child = spawn("/usr/bin/redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: ["ignore", "pipe", "ignore"] });
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => chunk.toString().includes("Ready to accept connections") && resolve(child));
    child.once("exit", (code) => reject(new Error(`redis-server exited with ${code}`)));
  });
}

async function kill(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGKILL");
  await exited;
}

const until = async (check: () => boolean, timeoutMs = 10_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!check() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
};

describe("a Redis connection's outages", () => {
  it("are reported once each, however often ioredis retries, and again after Redis came back and went away", async () => {
    const port = await freePort();
    let server = await redisServer(port);
    const client = new Redis(`redis://127.0.0.1:${port}`, { maxRetriesPerRequest: 1 });
    const outages: Error[] = [];
    reportOutages(client, (error) => outages.push(error));
    try {
      await until(() => client.status === "ready");
      expect(outages).toHaveLength(0);

      await kill(server);
      // ioredis retries after 50, 100, 150… ms: a second has several failed attempts.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(outages).toHaveLength(1);

      server = await redisServer(port);
      await until(() => client.status === "ready");
      expect(await client.ping()).toBe("PONG");
      await kill(server);
      await until(() => outages.length > 1);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(outages).toHaveLength(2);
    } finally {
      client.disconnect();
      if (server.exitCode === null && server.signalCode === null) await kill(server);
    }
  });
});
