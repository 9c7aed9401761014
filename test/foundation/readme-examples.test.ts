import { type ChildProcess, execFile, spawn } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";
import { createEmptyDatabase } from "../support/database";
import { TEST_REDIS_URL } from "../support/env";
import { freePort } from "../support/ports";
import { spawnVigil, type VigilProcess } from "../support/vigil-process";

const ROOT = path.join(__dirname, "..", "..");

/** The code block that follows `<!-- readme-example: NAME … -->` in README.md, as written. */
async function readmeExample(name: string): Promise<string> {
  const readme = await readFile(path.join(ROOT, "README.md"), "utf8");
  const found = new RegExp(`<!-- readme-example: ${name}\\b[^>]*-->\\n\`\`\`\\w*\\n([\\s\\S]*?)\\n\`\`\``).exec(readme);
  if (!found) throw new Error(`README.md has no example marked readme-example: ${name}`);
  return found[1];
}

async function until(check: () => boolean, what: string, timeoutMs = 60_000, poll?: () => Promise<void>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  await poll?.();
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`not seen in ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await poll?.();
  }
}

describe("README's examples, run as written against `vigil start`", () => {
  let database: Awaited<ReturnType<typeof createEmptyDatabase>>;
  let dataDir: string;
  let env: Record<string, string>;
  let port: number;
  let vigil: VigilProcess | undefined;
  let client: ChildProcess | undefined;
  const operatorToken = `op_${randomBytes(24).toString("base64url")}`;

  const start = async () => {
    vigil = spawnVigil(["start"], env);
    await vigil.waitForLog((l) => l.msg === "vigil is running", 60_000);
  };
  const gql = async (query: string, token: string) => {
    const answer = await fetch(`http://127.0.0.1:${port}/graphql`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body: JSON.stringify({ query }) });
    const body = await answer.json();
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data;
  };

  /** A registered account with an enabled detector: its key and detector id. */
  const accountWithDetector = async (accountId: string) => {
    const { createAccount } = await gql(`mutation { createAccount(input: {accountId: "${accountId}", name: "Security", email: "security@example.com"}) { apiKey { secret } } }`, operatorToken);
    const key: string = createAccount.apiKey.secret;
    const { createDetector } = await gql(`mutation { createDetector(enable: true) { detectorId } }`, key);
    return { key, detectorId: createDetector.detectorId as string };
  };

  beforeAll(async () => {
    database = await createEmptyDatabase();
    dataDir = await mkdtemp(path.join(tmpdir(), "vigil-data-"));
    port = await freePort();
    env = { DATABASE_URL: database.url, REDIS_URL: TEST_REDIS_URL, PORT: String(port), VIGIL_DATA_DIR: dataDir, VIGIL_QUEUE_PREFIX: `{vigil-test-${randomBytes(4).toString("hex")}}`, VIGIL_OPERATOR_TOKEN: operatorToken, VIGIL_LOGS_ROOT: path.join(dataDir, ".data", "logs"), VIGIL_PUBLISH_ALLOW_HTTP: "true", VIGIL_PUBLISH_ALLOW_PRIVATE_ADDRESSES: "true" };
    await start();
  }, 90_000);

  afterAll(async () => {
    client?.kill("SIGKILL");
    vigil?.child.kill("SIGTERM");
    await vigil?.exited;
    await database.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("local-folder: a detector, the folder, the source, a file, and its finding", async () => {
    const { createAccount } = await gql(`mutation { createAccount(input: {accountId: "111122223333", name: "Security", email: "security@example.com"}) { apiKey { secret } } }`, operatorToken);
    // The key is the one placeholder; the script runs where Vigil's logs root is `.data/logs`, as under `npm start`.
    const script = (await readmeExample("local-folder")).replace(/^KEY=vk_….*$/m, `KEY=${createAccount.apiKey.secret}`).replaceAll("127.0.0.1:4000", `127.0.0.1:${port}`);
    const { stdout } = await promisify(execFile)("bash", ["-euo", "pipefail", "-c", script], { cwd: dataDir, env: { PATH: process.env.PATH ?? "" } });
    const answers = stdout.trim().split("\n").map((line) => JSON.parse(line));
    expect(answers[0].data.createLogSource.location).toBe(path.join(dataDir, ".data", "logs", "trail"));
    expect(answers.at(-1).data.listFindings.findings).toEqual([{ type: "Policy:IAMUser/RootCredentialUsage", severity: 2 }]);
  }, 60_000);

  it("push: a gzip'd CloudTrail file posted with curl is accepted and counted", async () => {
    const { key, detectorId } = await accountWithDetector("555566667777");
    const { createLogSource } = await gql(`mutation { createLogSource(detectorId: "${detectorId}", input: {name: "pushed trail", kind: CLOUD_TRAIL, location: "push"}) { logSourceId } }`, key);
    const records = ["ConsoleLogin", "ListBuckets", "GetCallerIdentity"].map((eventName, i) => ({ eventVersion: "1.08", eventID: randomUUID(), eventTime: new Date(Date.now() - i * 1000).toISOString(), eventSource: "signin.amazonaws.com", eventName, awsRegion: "us-east-1", sourceIPAddress: "198.51.100.7", userAgent: "Mozilla/5.0", recipientAccountId: "555566667777", userIdentity: { type: "IAMUser", accountId: "555566667777", userName: "alice", arn: "arn:aws:iam::555566667777:user/alice" } }));
    await writeFile(path.join(dataDir, "events.json.gz"), gzipSync(JSON.stringify({ Records: records })));

    const script = (await readmeExample("push")).replaceAll("127.0.0.1:4000", `127.0.0.1:${port}`);
    const { stdout } = await promisify(execFile)("bash", ["-euo", "pipefail", "-c", script], { cwd: dataDir, env: { PATH: process.env.PATH ?? "", SOURCE: createLogSource.logSourceId, KEY: key } });
    expect(JSON.parse(stdout)).toEqual({ logSourceId: createLogSource.logSourceId, objectKey: expect.stringMatching(/^push\//), records: 3, events: 3, brokenRecords: 0 });
  }, 60_000);

  it("invitation-walkthrough: the script prints the flow the README shows", async () => {
    const accountIds = (text: string) => text.replace(/\b\d{12}\b/g, "<account id>");
    const [, ...shown] = (await readmeExample("invitation-walkthrough")).split("\n");
    const { stdout } = await promisify(execFile)(path.join(ROOT, "scripts", "invitation-walkthrough.sh"), [`http://127.0.0.1:${port}/graphql`], { cwd: ROOT, env: { PATH: process.env.PATH ?? "", VIGIL_OPERATOR_TOKEN: operatorToken } });
    expect(accountIds(stdout.trimEnd()).split("\n")).toEqual(shown.map(accountIds));
  }, 60_000);

  it("webhook-receiver: accepts Vigil's signed deliveries and refuses a forged one", async () => {
    const { key, detectorId } = await accountWithDetector("777788889999");
    const receiverPort = await freePort();
    const secret = "whsec-readme-demo-0123456789";

    // As written, on a free port instead of 8080 (test files run side by side).
    const file = path.join(dataDir, "receiver.mjs");
    await writeFile(file, (await readmeExample("webhook-receiver")).replace(".listen(8080,", `.listen(${receiverPort},`));
    let stdout = "";
    try {
      client = spawn(process.execPath, [file], { cwd: dataDir, env: { PATH: process.env.PATH ?? "", WEBHOOK_SECRET: secret }, stdio: ["ignore", "pipe", "inherit"] });
      client.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
      const receiver = `http://127.0.0.1:${receiverPort}/vigil`;
      const forged = () => fetch(receiver, { method: "POST", headers: { "x-vigil-signature": `t=${Math.floor(Date.now() / 1000)},v1=${"0".repeat(64)}` }, body: "{}" });
      let forgedStatus: number | undefined;
      // Until the receiver listens, the request is refused outright.
      await until(() => forgedStatus !== undefined, "the receiver listening", 10_000, async () => { forgedStatus = await forged().then((answer) => answer.status, () => undefined); });
      expect(forgedStatus).toBe(401);

      await gql(`mutation { createPublishingDestination(detectorId: "${detectorId}", destinationType: WEBHOOK, webhook: {url: "${receiver}", secret: "${secret}"}) { destination { destinationId } } }`, key);
      const { createSampleFindings } = await gql(`mutation { createSampleFindings(detectorId: "${detectorId}", findingTypes: ["Recon:EC2/Portscan", "UnauthorizedAccess:EC2/TorClient"]) { id type severity } }`, key);
      const printed = (createSampleFindings as { id: string; type: string; severity: number }[]).map((f) => `GuardDuty Finding ${f.type} ${f.severity} ${f.id}`);
      await until(() => printed.every((line) => stdout.includes(line)), "both findings printed by the receiver");
      expect(stdout.trim().split("\n").sort()).toEqual(printed.sort());
    } finally {
      client?.kill("SIGKILL");
    }
  }, 60_000);

  it("subscribe: prints findings as they come, and carries on after the server restarts", async () => {
    const { key, detectorId } = await accountWithDetector("444455556666");

    // Run as written, but on the test's port; from inside the repository, so graphql-ws and ws resolve.
    const folder = path.join(ROOT, ".data", "readme-examples");
    await mkdir(folder, { recursive: true });
    const file = path.join(folder, `subscribe-${randomBytes(4).toString("hex")}.mjs`);
    await writeFile(file, (await readmeExample("subscribe")).replaceAll("127.0.0.1:4000", `127.0.0.1:${port}`));
    let stdout = "";
    let stderr = "";
    try {
      client = spawn(process.execPath, [file], { cwd: ROOT, env: { PATH: process.env.PATH ?? "", KEY: key, DETECTOR: detectorId }, stdio: ["ignore", "pipe", "pipe"] });
      client.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
      client.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
      await until(() => stderr.includes("connected"), "the client's first connection");
      // graphql-ws subscribes right after the acknowledgement; give the subscribe message its round trip.
      await new Promise((resolve) => setTimeout(resolve, 500));

      const sample = `mutation { createSampleFindings(detectorId: "${detectorId}", findingTypes: ["UnauthorizedAccess:EC2/TorClient", "Recon:EC2/Portscan"]) { id } }`;
      await gql(sample, key);
      await until(() => stdout.includes("UnauthorizedAccess:EC2/TorClient"), "the first finding printed");
      // Severity 5: the criteria (≥ 7) leave it out.
      expect(stdout).not.toContain("Recon:EC2/Portscan");

      vigil!.child.kill("SIGTERM");
      expect((await vigil!.exited).code).toBe(0);
      await start();
      await until(() => stderr.includes("reconnected"), "the client reconnecting to the new server");
      await new Promise((resolve) => setTimeout(resolve, 500));
      const before = stdout.split("\n").filter(Boolean).length;
      await gql(sample, key);
      await until(() => stdout.split("\n").filter(Boolean).length > before, "a finding printed after the restart");
      const last = JSON.parse(stdout.trim().split("\n").at(-1)!);
      expect(last).toMatchObject({ change: expect.stringMatching(/^(CREATED|UPDATED)$/), finding: { type: "UnauthorizedAccess:EC2/TorClient", severity: 8, accountId: "444455556666" } });
      expect(client.exitCode).toBeNull();
    } finally {
      client?.kill("SIGKILL");
      await rm(file, { force: true });
    }
  }, 180_000);
});

describe("README's first GraphQL session, on a fresh data folder", () => {
  let database: Awaited<ReturnType<typeof createEmptyDatabase>>;
  let folder: string;
  let vigil: VigilProcess;
  let port: number;

  beforeAll(async () => {
    database = await createEmptyDatabase();
    folder = await mkdtemp(path.join(tmpdir(), "vigil-clone-"));
    port = await freePort();
    // No operator token given: Vigil generates .data/operator-token, as on a first `npm start` in a clone.
    vigil = spawnVigil(["start"], { DATABASE_URL: database.url, REDIS_URL: TEST_REDIS_URL, PORT: String(port), VIGIL_DATA_DIR: path.join(folder, ".data"), VIGIL_QUEUE_PREFIX: `{vigil-test-${randomBytes(4).toString("hex")}}` });
    await vigil.waitForLog((l) => l.msg === "vigil is running", 60_000);
  }, 90_000);

  afterAll(async () => {
    vigil.child.kill("SIGTERM");
    await vigil.exited;
    await database.drop();
    await rm(folder, { recursive: true, force: true });
  });

  it("registers an account with the generated operator token, then asks `me` with its key", async () => {
    const example = (await readmeExample("first-session")).replaceAll("127.0.0.1:4000", `127.0.0.1:${port}`);
    // The one placeholder is the key the first answer shows: the script runs up to it, then on with that key.
    const [first, rest] = example.split(/^KEY=vk_….*$/m);
    const run = async (script: string) => (await promisify(execFile)("bash", ["-euo", "pipefail", "-c", script], { cwd: folder, env: { PATH: process.env.PATH ?? "" } })).stdout;
    const created = JSON.parse(await run(first));
    expect(created).toEqual({ data: { createAccount: { account: { accountId: "111122223333", name: "Security" }, apiKey: { secret: expect.stringMatching(/^vk_/) } } } });
    const me = JSON.parse(await run(`KEY=${created.data.createAccount.apiKey.secret}\n${rest}`));
    expect(me).toEqual({ data: { me: { accountId: "111122223333", name: "Security", email: "security@example.com" } } });
  }, 60_000);
});
