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
  catalogueNote: "deploys through CloudFormation, web-identity CI sessions or EC2 build agents are left alone; a pipeline assuming a plain role shows up at Low",
  vigilOnly: true,
};

export const LAMBDA_LAYER_ADDED: FindingTypeMeta = {
  type: "Persistence:IAMUser/LambdaLayerAdded",
  severity: SEVERITY.MEDIUM,
  severityVaries:
    "Medium for a layer published by an account outside the ones Vigil knows; Low for a layer of the account itself set " +
    "directly (not by a pipeline) on an existing function, and for outside layers a pipeline set.",
  dataSource: "CLOUD_TRAIL",
  method: "RULE",
  resourceType: "AccessKey",
  resourceRole: "TARGET",
  title: "{principal} set layers on Lambda function {function}: {layers}.",
  description:
    "{principal} called {api} on Lambda function {function} with layers {layers} ({origin}). A layer's code (and any " +
    "extension in it) runs inside the function with its role and sees every invocation, so a foreign or unexpected layer " +
    "is a way to persist and to read the function's data. Confirm the layers are expected.",
  mitre: MITRE,
  aggregation: "account + function",
  vigilOnly: true,
};
