import { SEVERITY, type FindingTypeMeta } from "../../../engine/types.js";

const MITRE = { tactic: "Persistence", technique: "T1525 Implant Internal Image" };

export const LAMBDA_CODE_OVERWRITTEN: FindingTypeMeta = {
  type: "Persistence:IAMUser/LambdaCodeOverwritten",
  severity: SEVERITY.LOW,
  dataSource: "CLOUD_TRAIL",
  method: "RULE",
  resourceType: "AccessKey",
  resourceRole: "TARGET",
  title: "{principal} replaced the code of Lambda function {function}.",
  description:
    "{principal} called {api} on Lambda function {function}, replacing the code it runs, outside a deployment pipeline. " +
    "New code runs with the function's role on every invocation, which makes an overwritten function a quiet backdoor. " +
    "Confirm the deploy was intended.",
  mitre: MITRE,
  aggregation: "account + function",
  catalogueNote: "raised for people only (IAM users, root, federated and Identity Center sessions): pipeline role sessions and CloudFormation deploy code all day",
  vigilOnly: true,
};

export const LAMBDA_LAYER_ADDED: FindingTypeMeta = {
  type: "Persistence:IAMUser/LambdaLayerAdded",
  severity: SEVERITY.MEDIUM,
  severityVaries:
    "Medium for a layer published by an account outside the ones Vigil knows; Low for a layer of the account itself set " +
    "by a person outside a pipeline, and for outside layers CloudFormation set for a stack.",
  dataSource: "CLOUD_TRAIL",
  method: "RULE",
  resourceType: "AccessKey",
  resourceRole: "TARGET",
  title: "{principal} set layers on Lambda function {function}: {layers}.",
  description:
    "{principal} called {api} on Lambda function {function} with layers {layers}{outsideNote}. A layer's code (and any " +
    "extension in it) runs inside the function with its role and sees every invocation, so a foreign or unexpected layer " +
    "is a way to persist and to read the function's data. Confirm the layers are expected.",
  mitre: MITRE,
  aggregation: "account + function",
  vigilOnly: true,
};
