import { randomBytes, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import type { InstanceDetails } from "../../src/detection/findings/types";
import { parseLogObject } from "../../src/ingest/parsers";
import { ObjectInventoryChanges } from "../../src/ingest/process/inventory-changes";
import { IntelRegistry } from "../../src/detection/intel/registry";
import { buildThreatIndex } from "../../src/detection/intel/threat-index";
import { ACCOUNT } from "../ingest/support/cloudtrail";
import { startTestPipeline, type TestPipeline } from "../ingest/support/pipeline";

const INSTANCE = "i-0690cd354a0c3850c";
const ENI = "eni-0f4e4d2d71627dd38";
const STRANGER = "999988887777";
const FIXTURE_ACCOUNT = "123412341234";

/** RunInstances, CreateTags and StopInstances of one instance (test/fixtures/inventory/README.md), in `account`. */
function trail(account: string): string {
  const text = readFileSync(path.join(__dirname, "..", "fixtures", "inventory", "run-tag-stop.cloudtrail.json"), "utf8");
  return text.replaceAll(FIXTURE_ACCOUNT, account);
}

const HEADER = "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status";
const START = 1772359200; // 2026-03-01T10:00:00Z

/** 24 short SSH connections from one outside address to the instance's interface: an SSH brute-force finding. */
function sshAttempts(account: string): string {
  const lines = Array.from({ length: 24 }, (_, i) => {
    const start = START + i * 5;
    return `2 ${account} ${ENI} 91.240.118.172 10.1.0.14 ${40000 + i} 22 6 4 240 ${start} ${start + 10} ACCEPT OK`;
  });
  return `${HEADER}\n${lines.join("\n")}\n`;
}

const LISTED_DOMAIN = "c2.threat.example.net";

/** A Route 53 Resolver query of the listed domain from the instance (srcids), in AWS's documented record shape. */
function dnsQuery(account: string): string {
  const record = {
    version: "1.100000",
    account_id: account,
    region: "us-west-2",
    vpc_id: "vpc-04fe895571b367c47",
    query_timestamp: "2026-03-01T10:05:00Z",
    query_name: `${LISTED_DOMAIN}.`,
    query_type: "A",
    query_class: "IN",
    rcode: "NOERROR",
    answers: [{ Rdata: "203.0.113.9", Type: "A", Class: "IN" }],
    srcaddr: "10.1.0.14",
    srcport: "56067",
    transport: "UDP",
    srcids: { instance: INSTANCE },
  };
  return `${JSON.stringify(record)}\n`;
}

function object(key: string, text: string) {
  return { key, size: text.length, lastModified: new Date(), open: async () => Readable.from([Buffer.from(text)]) };
}

describe("EC2 inventory from CloudTrail, describing flow findings' instances", () => {
  let pipeline: TestPipeline;
  beforeAll(async () => {
    const threat = [{ id: "own", name: "own list", entries: [{ value: LISTED_DOMAIN, kind: "domain" as const }] }];
    pipeline = await startTestPipeline({ analysis: { intel: new IntelRegistry(buildThreatIndex({ accounts: { [ACCOUNT]: { trusted: [], threat } } })) } });
  });
  afterAll(() => pipeline.close());

  const read = async (logSourceId: string, key: string, text: string) => {
    const source = (await pipeline.services.ingestion.source(logSourceId))!;
    return pipeline.ingest.reader.read(source, object(key, text));
  };
  const inventoryRows = () => pipeline.database.db.ec2Instance.findMany({ orderBy: [{ detectorId: "asc" }, { instanceId: "asc" }] });
  const bruteForce = async (detectorId: string) => {
    const findings = await pipeline.database.db.finding.findMany({ where: { detectorId, type: "UnauthorizedAccess:EC2/SSHBruteForce" } });
    return findings.map((finding) => ({ resourceKey: finding.resourceKey, details: (finding.data as { resource: { instanceDetails: InstanceDetails } }).resource.instanceDetails }));
  };

  let trailId: string;

  it("keeps the instance a RunInstances, CreateTags and StopInstances sequence describes", async () => {
    trailId = await pipeline.createSource({ name: "trail", kind: "CLOUD_TRAIL", location: "trail" });
    expect(await read(trailId, "trail/1.json", trail(ACCOUNT))).toMatchObject({ status: "DONE", events: 3 });
    const rows = await inventoryRows();
    expect(rows.map((row) => [row.detectorId, row.instanceId, row.accountId, row.region])).toEqual([[pipeline.owner.detectorId, INSTANCE, ACCOUNT, "us-west-2"]]);
    expect(rows[0].lookupKeys.sort()).toEqual([`eni:${ENI}`, `instance:${INSTANCE}`, "ip:10.1.0.14"]);
    const groups = await pipeline.database.db.ec2SecurityGroup.findMany();
    expect(groups.map((group) => [group.groupId, group.groupName, group.accountId])).toEqual([["sg-0077c778d7ad1f5f2", "launch-wizard-1", ACCOUNT]]);
  });

  it("describes the instance of a flow finding on its interface: type, image, launch, tags, groups, state", async () => {
    const flows = await pipeline.createSource({ name: "flows", kind: "VPC_FLOW_LOGS", location: "flows" });
    expect(await read(flows, "flows/1.log", sshAttempts(ACCOUNT))).toMatchObject({ status: "DONE", findings: 1 });
    const [finding] = await bruteForce(pipeline.owner.detectorId);
    expect(finding.resourceKey).toBe(INSTANCE);
    expect(finding.details).toMatchObject({
      instanceId: INSTANCE,
      instanceType: "t2.micro",
      instanceState: "stopped",
      launchTime: "2022-10-14T00:35:36.000Z",
      availabilityZone: "us-west-2a",
      imageId: "ami-08e2d37b6a0129927",
      tags: [
        { key: "Name", value: "fake thing whatever" },
        { key: "Team", value: "payments" },
      ],
    });
    expect(finding.details.networkInterfaces).toEqual([
      {
        networkInterfaceId: ENI,
        privateDnsName: "ip-10-1-0-14.us-west-2.compute.internal",
        privateIpAddress: "10.1.0.14",
        privateIpAddresses: [{ privateDnsName: "ip-10-1-0-14.us-west-2.compute.internal", privateIpAddress: "10.1.0.14" }],
        ipv6Addresses: [],
        subnetId: "subnet-0e3a508e43776c435",
        vpcId: "vpc-04fe895571b367c47",
        securityGroups: [{ groupId: "sg-0077c778d7ad1f5f2", groupName: "launch-wizard-1" }],
      },
    ]);
  });

  it("describes the instance a DNS query names by its srcids, completing the interface the query came from", async () => {
    const dns = await pipeline.createSource({ name: "dns", kind: "DNS_QUERY_LOGS", location: "dns" });
    expect(await read(dns, "dns/1.log", dnsQuery(ACCOUNT))).toMatchObject({ status: "DONE", findings: 1 });
    const [finding] = await pipeline.database.db.finding.findMany({ where: { detectorId: pipeline.owner.detectorId, NOT: { type: "UnauthorizedAccess:EC2/SSHBruteForce" } } });
    const details = (finding.data as { resource: { instanceDetails: InstanceDetails } }).resource.instanceDetails;
    expect(details).toMatchObject({ instanceId: INSTANCE, instanceType: "t2.micro", instanceState: "stopped", imageId: "ami-08e2d37b6a0129927" });
    expect(details.networkInterfaces).toMatchObject([{ networkInterfaceId: ENI, privateIpAddress: "10.1.0.14", vpcId: "vpc-04fe895571b367c47", securityGroups: [{ groupName: "launch-wizard-1" }] }]);
  });

  it("changes nothing when the same events are read again in another object", async () => {
    const before = await inventoryRows();
    expect(await read(trailId, "trail/1-copy.json", trail(ACCOUNT))).toMatchObject({ status: "DONE", events: 3 });
    expect(await inventoryRows()).toEqual(before);
    const { inventory } = pipeline.services;
    // The same changes applied directly write no record at all.
    const changes = new ObjectInventoryChanges();
    const { batches } = parseLogObject(Readable.from([Buffer.from(trail(ACCOUNT))]), { objectKey: "again.json", kind: "CLOUD_TRAIL" });
    for await (const batch of batches) changes.observe(pipeline.owner.detectorId, batch);
    expect(changes.byDetector.get(pipeline.owner.detectorId)).toHaveLength(4);
    expect(await inventory.record(changes.byDetector)).toBe(0);
  });

  it("never describes another account's finding with this account's instance", async () => {
    const account = await pipeline.database.db.account.create({ data: { accountId: STRANGER, name: "stranger", email: "stranger@example.com" } });
    const detectorId = randomBytes(16).toString("hex");
    await pipeline.database.db.detector.create({ data: { id: detectorId, accountId: account.id, status: "ENABLED" } });
    const stranger = { kind: "account" as const, accountRowId: account.id, accountId: STRANGER, apiKeyId: randomUUID() };
    const source = await pipeline.services.logSources.create(stranger, detectorId, { name: "stranger flows", kind: "VPC_FLOW_LOGS", location: "stranger-flows", pollIntervalSeconds: 1 });
    // The stranger's flow log names the same interface id: its finding keeps what its own records say.
    expect(await read(source.id, "stranger/1.log", sshAttempts(STRANGER))).toMatchObject({ status: "DONE", findings: 1 });
    const [finding] = await bruteForce(detectorId);
    expect(finding.resourceKey).toBe(ENI);
    expect(finding.details).toEqual({ instanceId: ENI, networkInterfaces: [{ networkInterfaceId: ENI, privateIpAddress: "10.1.0.14" }] });
    // And the owner's trail does not give the stranger an inventory.
    expect((await inventoryRows()).map((row) => row.detectorId)).toEqual([pipeline.owner.detectorId]);
  });

  it("keeps a member's instances, read from the administrator's organisation trail, in the member's inventory", async () => {
    const MEMBER = "210000000003";
    const { db } = pipeline.database;
    await pipeline.services.organizationAdmins.enableOrganizationAdminAccount({ kind: "operator" }, ACCOUNT);
    const memberDetectorId = "e".repeat(32);
    const member = await db.account.create({ data: { accountId: MEMBER, name: MEMBER, email: `${MEMBER}@example.com`, detector: { create: { id: memberDetectorId, status: "ENABLED" } } } });
    await db.membership.create({ data: { administratorId: pipeline.owner.accountRowId, memberId: member.id, email: `${MEMBER}@example.com`, relationshipStatus: "ENABLED" } });
    const organisationTrail = await pipeline.createSource({ name: "organisation trail", kind: "CLOUD_TRAIL", location: "org-trail", organizationSource: true });
    expect(await read(organisationTrail, "org/1.json", trail(MEMBER))).toMatchObject({ status: "DONE", events: 3 });
    const rows = await db.ec2Instance.findMany({ where: { accountId: MEMBER } });
    expect(rows.map((row) => [row.detectorId, row.instanceId])).toEqual([[memberDetectorId, INSTANCE]]);
    // The administrator's own record of its own instance is untouched by the member's.
    expect((await db.ec2Instance.findMany({ where: { detectorId: pipeline.owner.detectorId } })).map((row) => row.accountId)).toEqual([ACCOUNT]);
  });

  it("forgets instances terminated before the retention cutoff, and only those", async () => {
    const [run] = (JSON.parse(trail(ACCOUNT)) as { Records: Array<Record<string, unknown>> }).Records;
    const terminate = {
      ...run,
      eventName: "TerminateInstances",
      eventTime: "2022-10-15T08:00:00Z",
      eventID: "terminate-1",
      requestParameters: { instancesSet: { items: [{ instanceId: INSTANCE }] } },
      responseElements: { instancesSet: { items: [{ instanceId: INSTANCE, currentState: { code: 32, name: "shutting-down" }, previousState: { code: 80, name: "stopped" } }] } },
    };
    expect(await read(trailId, "trail/2.json", JSON.stringify({ Records: [terminate] }))).toMatchObject({ status: "DONE", events: 1 });
    const { inventory } = pipeline.services;
    // The member's copy of the instance was never terminated; the owner's was, on 2022-10-15.
    expect(await inventory.purgeTerminatedBefore(new Date("2022-10-15T07:00:00Z"))).toBe(0);
    expect(await inventory.purgeTerminatedBefore(new Date("2022-10-16T00:00:00Z"))).toBe(1);
    expect((await inventoryRows()).map((row) => [row.accountId, row.instanceId])).toEqual([["210000000003", INSTANCE]]);
  });
});
