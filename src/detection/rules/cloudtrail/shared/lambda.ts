/**
 * Lambda in CloudTrail: event names carry the API version they were called through
 * (UpdateFunctionCode20150331v2, AddPermission20150331, CreateFunctionUrlConfig20211031), and
 * functions are named by name, partial ARN or full ARN, with or without a qualifier.
 */
export const LAMBDA_SOURCE = "lambda.amazonaws.com";

/** The API-version suffixes Lambda has logged; a bare name is listed too for older records. */
const VERSION_SUFFIXES = ["", "20141113", "20150331", "20150331v2", "20160331", "20181031", "20211031"];

/** Every logged spelling of the given APIs, for a rule's triggers (routing is by exact name). */
export function lambdaEventNames(apis: readonly string[]): string[] {
  return apis.flatMap((api) => VERSION_SUFFIXES.map((suffix) => api + suffix));
}

const VERSION_SUFFIX = /\d{8}(?:v\d+)?$/;

/** UpdateFunctionCode20150331v2 → UpdateFunctionCode. */
export function lambdaApi(eventName: string): string {
  return eventName.replace(VERSION_SUFFIX, "");
}

/** "my-fn", "123456789012:function:my-fn:prod" or "arn:aws:lambda:…:function:my-fn" → "my-fn". */
export function lambdaFunctionName(named: string): string {
  const marker = named.indexOf(":function:");
  if (marker < 0) return named;
  const rest = named.slice(marker + ":function:".length);
  const qualifier = rest.indexOf(":");
  return qualifier < 0 ? rest : rest.slice(0, qualifier);
}

const ACCOUNT_ID = /^\d{12}$/;

/** The account field of a regional ARN (arn:aws:lambda:<region>:<account>:layer:…), when it is an account id. */
export function regionalArnAccount(arn: string): string | undefined {
  const account = arn.startsWith("arn:") ? arn.split(":", 5)[4] : undefined;
  return account && ACCOUNT_ID.test(account) ? account : undefined;
}
