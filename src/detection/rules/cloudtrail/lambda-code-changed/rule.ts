/**
 * Lambda code changed outside a pipeline: UpdateFunctionCode* (Persistence:IAMUser/
 * LambdaCodeOverwritten) and layers set by CreateFunction* / UpdateFunctionConfiguration*
 * (Persistence:IAMUser/LambdaLayerAdded).
 *
 * Trade-offs: code deploys are ordinary work and happen many times a day from CI/CD. What separates
 * a pipeline is what the caller cannot fake with a user agent: CloudFormation (SAM, CDK, Serverless)
 * or another AWS service making the call, a web-identity session (GitHub Actions, GitLab, Terraform
 * Cloud reach AWS that way) or an EC2 instance profile (build agents). Those deploys are left alone;
 * any other code update — an IAM user, root, a federated user, a console or CLI role session — is
 * raised at Low, the finding aggregating per function, since stolen credentials call from exactly
 * there. A pipeline that assumes a plain role with long-term keys shows up as one Low finding per
 * function. Layers from an account Vigil does not know are raised whoever sets them (Medium; Low
 * from a pipeline), since public vendor layers are the operator's to trust; layers of the account
 * itself only when set directly on an existing function (Low). The layers are read from the
 * request, or from the response when the request did not log them.
 */
import type { CloudTrailEvent } from "../../../events.js";
import { SEVERITY, type CloudTrailRule, type DetectionContext } from "../../../engine/types.js";
import { isOutsideAccount } from "../shared/accounts.js";
import { apiCallCandidate } from "../shared/candidate.js";
import { isPipelineCall } from "../shared/iam-identity.js";
import { LAMBDA_SOURCE, lambdaApi, lambdaEventNames, lambdaFunctionName, regionalArnAccount } from "../shared/lambda.js";
import { asArray, field, succeeded, text } from "../shared/request.js";
import { LAMBDA_CODE_OVERWRITTEN, LAMBDA_LAYER_ADDED } from "./meta.js";

function functionName(event: CloudTrailEvent): string | undefined {
  const named = text(field(event.requestParameters, "functionName")) ?? text(field(event.responseElements, "functionName"));
  return named && lambdaFunctionName(named);
}

function layerArns(event: CloudTrailEvent): string[] {
  const requested = field(event.requestParameters, "layers");
  const layers = requested !== undefined ? asArray(requested) : asArray(field(event.responseElements, "layers"));
  return layers.map((layer) => text(layer) ?? text(field(layer, "arn"))).filter((arn): arn is string => arn !== undefined);
}

function outsideLayerAccounts(layers: readonly string[], event: CloudTrailEvent, context: DetectionContext): string[] {
  const accounts = layers.map(regionalArnAccount).filter((account): account is string => account !== undefined && isOutsideAccount(account, event, context));
  return [...new Set(accounts)];
}

function layerSeverity(event: CloudTrailEvent, outsideAccounts: readonly string[]): number | undefined {
  if (isPipelineCall(event)) return outsideAccounts.length > 0 ? SEVERITY.LOW : undefined;
  if (outsideAccounts.length > 0) return SEVERITY.MEDIUM;
  return lambdaApi(event.eventName) === "UpdateFunctionConfiguration" ? SEVERITY.LOW : undefined;
}

export const lambdaCodeChangedRule: CloudTrailRule = {
  id: "lambda-code-changed",
  kind: "cloudtrail",
  findingTypes: [LAMBDA_CODE_OVERWRITTEN, LAMBDA_LAYER_ADDED],
  triggers: [{ eventSource: LAMBDA_SOURCE, eventNames: lambdaEventNames(["UpdateFunctionCode", "UpdateFunctionConfiguration", "CreateFunction"]) }],
  evaluate(event, context, emit) {
    if (!succeeded(event)) return;
    const name = functionName(event);
    if (!name) return;
    const affectedResources = { "AWS::Lambda::Function": name };
    if (lambdaApi(event.eventName) === "UpdateFunctionCode") {
      if (isPipelineCall(event)) return;
      emit(apiCallCandidate(LAMBDA_CODE_OVERWRITTEN, event, { key: [name], affectedResources, templateValues: { function: name } }));
      return;
    }
    const layers = layerArns(event);
    if (layers.length === 0) return;
    const outsideAccounts = outsideLayerAccounts(layers, event, context);
    const severity = layerSeverity(event, outsideAccounts);
    if (severity === undefined) return;
    const origin =
      outsideAccounts.length > 0 ? `published by account ${outsideAccounts.join(", ")}, outside the accounts Vigil knows` : "published by the account itself";
    emit(
      apiCallCandidate(LAMBDA_LAYER_ADDED, event, {
        key: [name],
        severity,
        affectedResources,
        templateValues: { function: name, layers: layers.join(", "), origin },
        additionalInfo: { layers, outsideAccounts },
        remoteAccountDetails: outsideAccounts.length > 0 ? { accountId: outsideAccounts[0], affiliated: false } : undefined,
      }),
    );
  },
};
