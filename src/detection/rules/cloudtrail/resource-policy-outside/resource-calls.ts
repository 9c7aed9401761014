/**
 * Where each service's call carries the resource and the policy (or account list) it sets. Policies
 * arrive as objects or JSON text; SNS SetTopicAttributes sets one attribute at a time, so it only
 * carries a policy when attributeName is "Policy". Lambda permissions belong to the Lambda rules.
 */
import { asArray, field, text, type Json } from "../shared/request.js";

/** Each kind of resource and its CloudFormation type, as GuardDuty's affectedResources names them. */
export const RESOURCE_TYPES: Readonly<Record<string, string>> = {
  "KMS key": "AWS::KMS::Key",
  "Secrets Manager secret": "AWS::SecretsManager::Secret",
  "ECR repository": "AWS::ECR::Repository",
  "SQS queue": "AWS::SQS::Queue",
  "SNS topic": "AWS::SNS::Topic",
  "EFS file system": "AWS::EFS::FileSystem",
  "Backup vault": "AWS::Backup::BackupVault",
  "OpenSearch domain": "AWS::OpenSearchService::Domain",
};

export type ResourceCall = {
  eventSource: string;
  eventName: string;
  kind: string;
  resource: (parameters: Json | null) => string | undefined;
  /** The resource policy the call sets. */
  policy?: (parameters: Json | null) => unknown;
  /** Principals the call lets in directly (AddPermission account ids, a KMS grantee ARN). */
  principals?: (parameters: Json | null) => string[];
};

const named = (...names: string[]) => (parameters: Json | null) => {
  for (const name of names) {
    const value = text(field(parameters, name));
    if (value) return value;
  }
  return undefined;
};

const strings = (name: string) => (parameters: Json | null) =>
  asArray(field(parameters, name)).filter((value): value is string => typeof value === "string");

const queueUrlOrName = named("queueUrl", "queueName");
const domainName = named("domainName");

export const RESOURCE_CALLS: readonly ResourceCall[] = [
  { eventSource: "kms.amazonaws.com", eventName: "PutKeyPolicy", kind: "KMS key", resource: named("keyId"), policy: (p) => field(p, "policy") },
  { eventSource: "kms.amazonaws.com", eventName: "CreateKey", kind: "KMS key", resource: () => "a new key", policy: (p) => field(p, "policy") },
  { eventSource: "kms.amazonaws.com", eventName: "CreateGrant", kind: "KMS key", resource: named("keyId"), principals: strings("granteePrincipal") },
  {
    eventSource: "secretsmanager.amazonaws.com",
    eventName: "PutResourcePolicy",
    kind: "Secrets Manager secret",
    resource: named("secretId"),
    policy: (p) => field(p, "resourcePolicy"),
  },
  { eventSource: "ecr.amazonaws.com", eventName: "SetRepositoryPolicy", kind: "ECR repository", resource: named("repositoryName"), policy: (p) => field(p, "policyText") },
  { eventSource: "sqs.amazonaws.com", eventName: "SetQueueAttributes", kind: "SQS queue", resource: queueUrlOrName, policy: (p) => field(field(p, "attributes"), "Policy") },
  { eventSource: "sqs.amazonaws.com", eventName: "CreateQueue", kind: "SQS queue", resource: queueUrlOrName, policy: (p) => field(field(p, "attributes"), "Policy") },
  { eventSource: "sqs.amazonaws.com", eventName: "AddPermission", kind: "SQS queue", resource: queueUrlOrName, principals: strings("AWSAccountIds") },
  {
    eventSource: "sns.amazonaws.com",
    eventName: "SetTopicAttributes",
    kind: "SNS topic",
    resource: named("topicArn"),
    policy: (p) => (text(field(p, "attributeName")) === "Policy" ? field(p, "attributeValue") : undefined),
  },
  { eventSource: "sns.amazonaws.com", eventName: "CreateTopic", kind: "SNS topic", resource: named("name"), policy: (p) => field(field(p, "attributes"), "Policy") },
  { eventSource: "sns.amazonaws.com", eventName: "AddPermission", kind: "SNS topic", resource: named("topicArn"), principals: strings("AWSAccountId") },
  {
    eventSource: "elasticfilesystem.amazonaws.com",
    eventName: "PutFileSystemPolicy",
    kind: "EFS file system",
    resource: named("fileSystemId"),
    policy: (p) => field(p, "policy"),
  },
  { eventSource: "backup.amazonaws.com", eventName: "PutBackupVaultAccessPolicy", kind: "Backup vault", resource: named("backupVaultName"), policy: (p) => field(p, "policy") },
  ...["CreateDomain", "UpdateDomainConfig", "CreateElasticsearchDomain", "UpdateElasticsearchDomainConfig"].map(
    (eventName): ResourceCall => ({ eventSource: "es.amazonaws.com", eventName, kind: "OpenSearch domain", resource: domainName, policy: (p) => field(p, "accessPolicies") }),
  ),
];
