import { readFileSync } from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { parseLogObject } from "../../src/ingest/parsers";
import { ObjectInventoryChanges } from "../../src/ingest/process/inventory-changes";
import { accountWithDetector, associate, type TestAccount } from "../support/accounts";
import { startTestApp, type TestApp } from "../support/app";

const INSTANCE = "i-0690cd354a0c3850c";
const FIXTURE_ACCOUNT = "123412341234";
const LIST = `query($d: ID!, $a: String, $first: Int, $after: String) {
  listInstances(detectorId: $d, accountId: $a, first: $first, after: $after) { instances { instanceId accountId region instanceDetails updatedAt } nextCursor }
}`;

/** The fixture trail's changes (test/fixtures/inventory/README.md) in `account`, with its instance renamed `instanceId`. */
async function fixtureChanges(detectorId: string, account: string, instanceId = INSTANCE) {
  const text = readFileSync(path.join(__dirname, "..", "fixtures", "inventory", "run-tag-stop.cloudtrail.json"), "utf8").replaceAll(FIXTURE_ACCOUNT, account).replaceAll(INSTANCE, instanceId);
  const changes = new ObjectInventoryChanges();
  const { batches } = parseLogObject(Readable.from([Buffer.from(text)]), { objectKey: `${instanceId}.json`, kind: "CLOUD_TRAIL" });
  for await (const batch of batches) changes.observe(detectorId, batch);
  return changes.byDetector;
}

describe("listInstances: the detector's EC2 inventory, read-only", () => {
  let app: TestApp;
  let administrator: TestAccount;
  let member: TestAccount;
  let stranger: TestAccount;
  beforeAll(async () => {
    app = await startTestApp();
    [administrator, member, stranger] = await Promise.all(["111100000001", "111100000002", "111100000003"].map((id) => accountWithDetector(app, id)));
    await associate(app, administrator, member);
    await app.services.inventory.record(await fixtureChanges(administrator.detectorId, administrator.accountId));
    await app.services.inventory.record(await fixtureChanges(administrator.detectorId, administrator.accountId, "i-0000000000000000a"));
    await app.services.inventory.record(await fixtureChanges(member.detectorId, member.accountId));
  });
  afterAll(() => app.close());

  it("lists the instances described as GuardDuty's instanceDetails, page by page", async () => {
    const first = await app.gql(LIST, { d: administrator.detectorId, first: 1 }, administrator.key);
    expect(first.errors).toBeUndefined();
    const page = first.data!.listInstances;
    expect(page.instances.map((i: { instanceId: string }) => i.instanceId)).toEqual(["i-0000000000000000a"]);
    const next = await app.gql(LIST, { d: administrator.detectorId, first: 1, after: page.nextCursor }, administrator.key);
    const [instance] = next.data!.listInstances.instances;
    expect(next.data!.listInstances.nextCursor).toBeNull();
    expect(instance).toMatchObject({ instanceId: INSTANCE, accountId: administrator.accountId, region: "us-west-2" });
    expect(instance.instanceDetails).toMatchObject({
      instanceId: INSTANCE,
      instanceType: "t2.micro",
      instanceState: "stopped",
      imageId: "ami-08e2d37b6a0129927",
      tags: [
        { key: "Name", value: "fake thing whatever" },
        { key: "Team", value: "payments" },
      ],
      networkInterfaces: [{ networkInterfaceId: "eni-0f4e4d2d71627dd38", securityGroups: [{ groupId: "sg-0077c778d7ad1f5f2", groupName: "launch-wizard-1" }] }],
    });
  });

  it("lets an administrator read its member's inventory, and nobody else's", async () => {
    const byAdministrator = await app.gql(LIST, { d: member.detectorId }, administrator.key);
    expect(byAdministrator.data!.listInstances.instances.map((i: { accountId: string }) => i.accountId)).toEqual([member.accountId]);
    const byStranger = await app.gql(LIST, { d: administrator.detectorId }, stranger.key);
    expect(byStranger.errors?.[0].message).toBe(`Detector ${administrator.detectorId} not found.`);
    const own = await app.gql(LIST, { d: stranger.detectorId }, stranger.key);
    expect(own.data!.listInstances).toEqual({ instances: [], nextCursor: null });
  });

  it("narrows to one account, and refuses an account id that is not one", async () => {
    const other = await app.gql(LIST, { d: administrator.detectorId, a: member.accountId }, administrator.key);
    expect(other.data!.listInstances.instances).toEqual([]);
    const bad = await app.gql(LIST, { d: administrator.detectorId, a: "12" }, administrator.key);
    expect(bad.errors?.[0].message).toBe('accountId must be a 12-digit AWS account id, not "12".');
  });
});
