import { readFileSync } from "node:fs";
import path from "node:path";
import { PROJECT_ROOT } from "../../paths.js";
import { cloudTrailEvent, type RawRecord } from "../testing/cloudtrail.js";
import type { Finding, NetworkInterfaceDetails } from "../findings/types.js";
import { applyChanges, lookupKeysOf } from "./apply-changes.js";
import { inventoryChangesOf, publicDnsName } from "./cloudtrail-changes.js";
import { describeInstance, describedFinding, inventoryKeysOf } from "./instance-details.js";
import type { InstanceRecord, InventoryChange } from "./inventory-model.js";

const INSTANCE = "i-0690cd354a0c3850c";
const ENI = "eni-0f4e4d2d71627dd38";
const ACCOUNT = "123412341234";

function fixtureRecords(): RawRecord[] {
  const file = path.join(PROJECT_ROOT, "test", "fixtures", "inventory", "run-tag-stop.cloudtrail.json");
  return (JSON.parse(readFileSync(file, "utf8")) as { Records: RawRecord[] }).Records;
}

function changesOf(records: RawRecord[]): InventoryChange[] {
  return records.flatMap((record, i) => inventoryChangesOf(cloudTrailEvent(record, "trail.json", i + 1)));
}

/** A later call by the fixture's caller on its instance. */
function laterCall(eventName: string, minute: number, requestParameters: RawRecord, responseElements: RawRecord | null = { _return: true }): RawRecord {
  const [run] = fixtureRecords();
  return { ...run, eventName, eventTime: `2022-10-14T02:${String(minute).padStart(2, "0")}:00Z`, eventID: `later-${eventName}-${minute}`, requestParameters, responseElements };
}

function fold(changes: InventoryChange[], loaded: InstanceRecord[] = []): InstanceRecord {
  const { written } = applyChanges(loaded, changes);
  const record = written.find((r) => r.instanceId === INSTANCE) ?? loaded.find((r) => r.instanceId === INSTANCE);
  if (!record) throw new Error("no record of the instance");
  return record;
}

const NAMES = new Map([["sg-0077c778d7ad1f5f2", "launch-wizard-1"]]);

describe("EC2 inventory from CloudTrail", () => {
  it("describes the launched, tagged and stopped instance in GuardDuty's instanceDetails fields", () => {
    const record = fold(changesOf(fixtureRecords()));
    expect(describeInstance(record, NAMES)).toEqual({
      instanceId: INSTANCE,
      instanceType: "t2.micro",
      instanceState: "stopped",
      launchTime: "2022-10-14T00:35:36.000Z",
      availabilityZone: "us-west-2a",
      imageId: "ami-08e2d37b6a0129927",
      networkInterfaces: [
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
      ],
      productCodes: [],
      tags: [
        { key: "Name", value: "fake thing whatever" },
        { key: "Team", value: "payments" },
      ],
    });
    expect(lookupKeysOf(record).sort()).toEqual([`eni:${ENI}`, `instance:${INSTANCE}`, "ip:10.1.0.14"]);
  });

  it("names the security groups RunInstances answers with", () => {
    const { groupNames } = applyChanges([], changesOf(fixtureRecords()));
    expect(groupNames).toEqual([{ accountId: ACCOUNT, groupId: "sg-0077c778d7ad1f5f2", groupName: "launch-wizard-1", vpcId: "vpc-04fe895571b367c47" }]);
  });

  it("gives the same record whatever order the events are applied in, and writes nothing when they are applied again", () => {
    const changes = changesOf(fixtureRecords());
    const forward = fold(changes);
    // The StopInstances object processed before the RunInstances one: the later state still wins.
    const stopFirst = fold([changes[0]], [fold(changes.slice(1))]);
    expect(describeInstance(stopFirst, NAMES)).toEqual(describeInstance(forward, NAMES));
    const stored = JSON.parse(JSON.stringify(forward)) as InstanceRecord;
    expect(applyChanges([stored], changes).written).toEqual([]);
  });

  it("ignores calls EC2 refused, and calls of other services", () => {
    const [run] = fixtureRecords();
    expect(changesOf([{ ...run, errorCode: "Client.UnauthorizedOperation", responseElements: null }])).toEqual([]);
    expect(changesOf([{ ...run, eventSource: "ec2-instance-connect.amazonaws.com" }])).toEqual([]);
  });

  it("keeps a deleted tag deleted when an older CreateTags is applied after it", () => {
    const deleted = laterCall("DeleteTags", 5, { resourcesSet: { items: [{ resourceId: INSTANCE }] }, tagSet: { items: [{ key: "Team" }] } });
    const [run, createTags] = fixtureRecords();
    const record = fold(changesOf([deleted]), [fold(changesOf([run]))]);
    const again = fold(changesOf([createTags]), [record]);
    expect(describeInstance(again, NAMES).tags).toEqual([{ key: "Name", value: "fake thing whatever" }]);
  });

  it("follows instance type, groups, addresses and the instance profile", () => {
    const calls = [
      laterCall("ModifyInstanceAttribute", 1, { instanceId: INSTANCE, instanceType: { value: "t3.large" } }),
      laterCall("ModifyNetworkInterfaceAttribute", 2, { networkInterfaceId: ENI, groupSet: { items: [{ groupId: "sg-0aaa" }, { groupId: "sg-0077c778d7ad1f5f2" }] } }),
      laterCall("AssociateAddress", 3, { instanceId: INSTANCE, publicIp: "54.91.89.220", allowReassociation: false }, { associationId: "eipassoc-1", _return: true }),
      laterCall("AssociateIamInstanceProfile", 4, { instanceId: INSTANCE, iamInstanceProfile: { name: "web" } }, {
        iamInstanceProfileAssociation: { associationId: "iip-assoc-1", instanceId: INSTANCE, iamInstanceProfile: { arn: `arn:aws:iam::${ACCOUNT}:instance-profile/web`, id: "AIPAEXAMPLE" }, state: "associating" },
      }),
      laterCall("StartInstances", 5, { instancesSet: { items: [{ instanceId: INSTANCE }] } }, { instancesSet: { items: [{ instanceId: INSTANCE, currentState: { code: 0, name: "pending" } }] } }),
    ];
    const record = fold(changesOf([...fixtureRecords(), ...calls]));
    const described = describeInstance(record, NAMES);
    expect(described).toMatchObject({ instanceType: "t3.large", instanceState: "running", iamInstanceProfile: { arn: `arn:aws:iam::${ACCOUNT}:instance-profile/web`, id: "AIPAEXAMPLE" } });
    expect(described.networkInterfaces?.[0]).toMatchObject({
      publicIp: "54.91.89.220",
      publicDnsName: "ec2-54-91-89-220.us-west-2.compute.amazonaws.com",
      securityGroups: [{ groupId: "sg-0aaa" }, { groupId: "sg-0077c778d7ad1f5f2", groupName: "launch-wizard-1" }],
    });
    const released = fold(changesOf([laterCall("DisassociateAddress", 6, { associationId: "eipassoc-1" })]), [record]);
    expect(describeInstance(released, NAMES).networkInterfaces?.[0].publicIp).toBeUndefined();
  });

  it("moves an elastic address re-associated to another instance without a DisassociateAddress", () => {
    const other = "i-0b22a22eec53b9321";
    const launchOther = { ...fixtureRecords()[0], eventID: "run-other", eventTime: "2022-10-14T02:00:30Z" };
    const otherRun = JSON.parse(JSON.stringify(launchOther).replaceAll(INSTANCE, other).replaceAll(ENI, "eni-0b22a22eec53b9321").replaceAll("172.31.", "172.30."));
    const first = applyChanges([], changesOf([...fixtureRecords(), otherRun, laterCall("AssociateAddress", 3, { instanceId: INSTANCE, publicIp: "54.91.89.220" }, { associationId: "eipassoc-1", _return: true })])).written;
    const moved = applyChanges(first, changesOf([laterCall("AssociateAddress", 4, { instanceId: other, publicIp: "54.91.89.220", allowReassociation: true }, { associationId: "eipassoc-2", _return: true })])).written;
    // What is stored afterwards: the records the move wrote over those written before.
    const byId = new Map([...first, ...moved].map((record) => [record.instanceId, describeInstance(record, NAMES)]));
    expect(moved.map((record) => record.instanceId).sort()).toEqual([INSTANCE, other].sort());
    expect(byId.get(other)?.networkInterfaces?.[0].publicIp).toBe("54.91.89.220");
    expect(byId.get(INSTANCE)?.networkInterfaces?.[0].publicIp).toBeUndefined();
  });

  it("writes AWS's public DNS names", () => {
    expect(publicDnsName("54.91.89.220", "us-east-1")).toBe("ec2-54-91-89-220.compute-1.amazonaws.com");
    expect(publicDnsName("3.8.1.2", "eu-west-2")).toBe("ec2-3-8-1-2.eu-west-2.compute.amazonaws.com");
  });

  describe("describing findings", () => {
    const record = fold(changesOf(fixtureRecords()));
    const snapshot = { records: [record], groupNames: NAMES };
    function flowFinding(accountId: string, networkInterfaces: NetworkInterfaceDetails[], instanceId = ENI): Finding {
      const seen = "2026-03-01T10:00:00.000Z";
      return {
        schemaVersion: "2.0",
        accountId,
        region: "us-west-2",
        partition: "aws",
        id: "f".repeat(32),
        arn: `arn:aws:guardduty:us-west-2:${accountId}:detector/${"d".repeat(32)}/finding/${"f".repeat(32)}`,
        type: "UnauthorizedAccess:EC2/SSHBruteForce",
        title: "SSH brute force",
        description: "",
        severity: 2,
        confidence: 7,
        createdAt: seen,
        updatedAt: seen,
        resource: { resourceType: "Instance", instanceDetails: { instanceId, networkInterfaces } },
        service: {
          serviceName: "guardduty",
          detectorId: "d".repeat(32),
          action: { actionType: "NETWORK_CONNECTION", networkConnectionAction: { connectionDirection: "INBOUND", protocol: "TCP", blocked: false } },
          count: 1,
          eventFirstSeen: seen,
          eventLastSeen: seen,
          archived: false,
          resourceRole: "TARGET",
          additionalInfo: { value: "{}", type: "default" },
        },
        vigil: { sourceEvents: [], confidenceReason: "" },
      };
    }

    it("finds the instance by the interface a flow record names, keeping what the record saw", () => {
      const finding = flowFinding(ACCOUNT, [{ networkInterfaceId: ENI, privateIpAddress: "10.1.0.14" }]);
      expect(inventoryKeysOf(finding)).toEqual([`eni:${ENI}`, "ip:10.1.0.14"]);
      const details = describedFinding(finding, snapshot).resource.instanceDetails!;
      expect(details).toMatchObject({ instanceId: INSTANCE, instanceType: "t2.micro", imageId: "ami-08e2d37b6a0129927", instanceState: "stopped" });
      expect(details.networkInterfaces).toHaveLength(1);
    });

    it("finds it by a private address in its VPC, and not in another VPC", () => {
      const byAddress = flowFinding(ACCOUNT, [{ privateIpAddress: "10.1.0.14", vpcId: "vpc-04fe895571b367c47" }], "unknown");
      expect(describedFinding(byAddress, snapshot).resource.instanceDetails?.instanceId).toBe(INSTANCE);
      const elsewhere = flowFinding(ACCOUNT, [{ privateIpAddress: "10.1.0.14", vpcId: "vpc-other" }], "unknown");
      expect(describedFinding(elsewhere, snapshot)).toBe(elsewhere);
    });

    it("never describes another account's finding with this account's instance", () => {
      const stranger = flowFinding("999988887777", [{ networkInterfaceId: ENI }]);
      expect(describedFinding(stranger, snapshot)).toBe(stranger);
    });
  });
});
