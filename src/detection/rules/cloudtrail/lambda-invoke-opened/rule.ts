/**
 * Persistence:IAMUser/LambdaFunctionOpenedToOutsiders — a Lambda resource-policy statement
 * (AddPermission*) that lets anyone ("*") or an account Vigil does not know invoke the function, and
 * a function URL created or changed to AuthType NONE.
 *
 * Trade-offs: permissions for AWS service principals (S3, SNS, API Gateway, EventBridge…) are how
 * IaC wires triggers and are not outsiders, even without a source condition. A "*" statement pinned
 * by sourceArn, sourceAccount or principalOrgID only admits calls from that source and is left
 * alone. Public function URLs are sometimes intended (webhooks), which is why the URL alone is
 * Medium; the matching "*" permission for lambda:InvokeFunctionUrl raises High on the same finding.
 */
import type { CloudTrailEvent } from "../../../events.js";
import { SEVERITY, type CloudTrailRule, type DetectionContext } from "../../../engine/types.js";
import { isOutsideAccount, isServicePrincipal, principalAccount } from "../shared/accounts.js";
import { apiCallCandidate } from "../shared/candidate.js";
import { LAMBDA_SOURCE, lambdaApi, lambdaEventNames, lambdaFunctionName } from "../shared/lambda.js";
import { field, succeeded, text } from "../shared/request.js";
import { LAMBDA_OPENED_TO_OUTSIDERS } from "./meta.js";

/** AddPermission parameters that admit only calls from one source, account or organization. */
const SOURCE_PINS = ["sourceArn", "sourceAccount", "principalOrgID"];

type Opening = { who: string; change: string; severity: number; outsideAccount?: string };

function permissionOpening(event: CloudTrailEvent, context: DetectionContext): Opening | undefined {
  const parameters = event.requestParameters;
  const principal = text(field(parameters, "principal"))?.trim();
  if (!principal || isServicePrincipal(principal)) return undefined;
  const action = text(field(parameters, "action")) ?? "lambda:InvokeFunction";
  if (principal === "*") {
    const pinned = SOURCE_PINS.some((name) => text(field(parameters, name)));
    if (pinned) return undefined;
    return { who: "anyone", change: `a permission lets any principal ("*") call ${action}`, severity: SEVERITY.HIGH };
  }
  const account = principalAccount(principal);
  if (!account || !isOutsideAccount(account, event, context)) return undefined;
  return { who: `account ${account}`, change: `a permission lets ${principal}, outside the accounts Vigil knows, call ${action}`, severity: SEVERITY.MEDIUM, outsideAccount: account };
}

function urlOpening(event: CloudTrailEvent): Opening | undefined {
  if (text(field(event.requestParameters, "authType"))?.toUpperCase() !== "NONE") return undefined;
  return { who: "anyone its resource policy admits, without AWS credentials", change: "its function URL now takes requests without authentication (AuthType NONE)", severity: SEVERITY.MEDIUM };
}

export const lambdaInvokeOpenedRule: CloudTrailRule = {
  id: "lambda-invoke-opened",
  kind: "cloudtrail",
  findingTypes: [LAMBDA_OPENED_TO_OUTSIDERS],
  triggers: [{ eventSource: LAMBDA_SOURCE, eventNames: lambdaEventNames(["AddPermission", "CreateFunctionUrlConfig", "UpdateFunctionUrlConfig"]) }],
  evaluate(event, context, emit) {
    if (!succeeded(event)) return;
    const named = text(field(event.requestParameters, "functionName"));
    if (!named) return;
    const opening = lambdaApi(event.eventName) === "AddPermission" ? permissionOpening(event, context) : urlOpening(event);
    if (!opening) return;
    const name = lambdaFunctionName(named);
    emit(
      apiCallCandidate(LAMBDA_OPENED_TO_OUTSIDERS, event, {
        key: [name],
        severity: opening.severity,
        affectedResources: { "AWS::Lambda::Function": name },
        templateValues: { function: name, who: opening.who, change: opening.change },
        additionalInfo: { change: opening.change },
        remoteAccountDetails: opening.outsideAccount ? { accountId: opening.outsideAccount, affiliated: false } : undefined,
      }),
    );
  },
};
