/** GuardDuty's resource JSON as the typed Resource. */
import { isoTime, nested, object, objects, text, textFields, texts, type Json } from "./json-values.js";
import type { InstanceDetails, LambdaDetails, NetworkInterface, ResourceType, S3BucketDetail, SecurityGroup, Tag } from "./resource.types.js";

const tags = (value: unknown): Tag[] | null => (Array.isArray(value) ? objects(value, (tag) => textFields(tag, ["key", "value"])) : null);

const securityGroups = (value: unknown): SecurityGroup[] | null =>
  Array.isArray(value) ? objects(value, (group) => textFields(group, ["groupId", "groupName"])) : null;

function networkInterface(json: Json): NetworkInterface {
  return {
    ...textFields(json, ["networkInterfaceId", "privateDnsName", "privateIpAddress", "publicDnsName", "publicIp", "subnetId", "vpcId"]),
    privateIpAddresses: Array.isArray(json.privateIpAddresses) ? objects(json.privateIpAddresses, (a) => textFields(a, ["privateDnsName", "privateIpAddress"])) : null,
    ipv6Addresses: Array.isArray(json.ipv6Addresses) ? texts(json.ipv6Addresses) : null,
    securityGroups: securityGroups(json.securityGroups),
  };
}

function instanceDetails(json: Json): InstanceDetails {
  return {
    ...textFields(json, ["instanceId", "instanceType", "instanceState", "platform", "availabilityZone", "imageId", "imageDescription", "outpostArn"]),
    launchTime: isoTime(json.launchTime),
    iamInstanceProfile: nested(json.iamInstanceProfile, (profile) => textFields(profile, ["arn", "id"])),
    networkInterfaces: Array.isArray(json.networkInterfaces) ? objects(json.networkInterfaces, networkInterface) : null,
    productCodes: Array.isArray(json.productCodes) ? objects(json.productCodes, (code) => textFields(code, ["code", "productType"])) : null,
    tags: tags(json.tags),
  };
}

function s3BucketDetail(json: Json): S3BucketDetail {
  return {
    ...textFields(json, ["arn", "name", "type"]),
    createdAt: isoTime(json.createdAt),
    owner: nested(json.owner, (owner) => textFields(owner, ["id"])),
    tags: tags(json.tags),
    defaultServerSideEncryption: nested(json.defaultServerSideEncryption, (sse) => textFields(sse, ["encryptionType", "kmsMasterKeyArn"])),
    publicAccess: nested(json.publicAccess, (access) => textFields(access, ["effectivePermission"])),
  };
}

function lambdaDetails(json: Json): LambdaDetails {
  return {
    ...textFields(json, ["functionArn", "functionName", "functionVersion", "description", "revisionId", "role"]),
    lastModifiedAt: isoTime(json.lastModifiedAt),
    vpcConfig: nested(json.vpcConfig, (vpc) => ({ vpcId: text(vpc.vpcId), subnetIds: Array.isArray(vpc.subnetIds) ? texts(vpc.subnetIds) : null, securityGroups: securityGroups(vpc.securityGroups) })),
    tags: tags(json.tags),
  };
}

export function presentResource(value: unknown): ResourceType {
  const json = object(value) ?? {};
  return {
    resourceType: text(json.resourceType) ?? "Unknown",
    accessKeyDetails: nested(json.accessKeyDetails, (key) => textFields(key, ["accessKeyId", "principalId", "userName", "userType"])),
    instanceDetails: nested(json.instanceDetails, instanceDetails),
    s3BucketDetails: Array.isArray(json.s3BucketDetails) ? objects(json.s3BucketDetails, s3BucketDetail) : null,
    rdsDbInstanceDetails: nested(json.rdsDbInstanceDetails, (db) => ({
      ...textFields(db, ["dbInstanceIdentifier", "dbInstanceArn", "dbClusterIdentifier", "engine", "engineVersion"]),
      tags: tags(db.tags),
    })),
    eksClusterDetails: nested(json.eksClusterDetails, (cluster) => ({ ...textFields(cluster, ["name", "arn", "vpcId", "status"]), createdAt: isoTime(cluster.createdAt), tags: tags(cluster.tags) })),
    lambdaDetails: nested(json.lambdaDetails, lambdaDetails),
  };
}
