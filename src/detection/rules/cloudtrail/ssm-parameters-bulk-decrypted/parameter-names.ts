/**
 * Which parameters a decrypting call names. Names arrive as names, ARNs, or with a version or label
 * selector ("db-password:3"); parameter names cannot contain ":", so everything from it is dropped.
 * AWS's public parameters (/aws/service/…: AMI ids, regions) are not secrets and are not counted.
 */
import { asArray, field, flag, text } from "../shared/request.js";

const PARAMETER_ARN = /^arn:aws[a-z-]*:ssm:[^:]*:\d{12}:parameter/;
const PUBLIC_PREFIX = "/aws/service/";

export function parameterName(id: string): string {
  const name = id.replace(PARAMETER_ARN, "");
  const selector = name.indexOf(":");
  return selector < 0 ? name : name.slice(0, selector);
}

export function withDecryption(requestParameters: Record<string, unknown> | null): boolean {
  return flag(field(requestParameters, "withDecryption")) === true;
}

/**
 * Parameter names read by GetParameter/GetParameters; for GetParametersByPath the hierarchy, as
 * "<path>/*" (its level) or "<path>/**" (recursive): one value, however many parameters it holds.
 */
export function decryptedParameters(eventName: string, requestParameters: Record<string, unknown> | null): string[] {
  if (!withDecryption(requestParameters)) return [];
  const ids = eventName === "GetParametersByPath" ? hierarchy(requestParameters) : readNames(requestParameters);
  const names: string[] = [];
  for (const id of ids) {
    const name = parameterName(id);
    if (!name.startsWith(PUBLIC_PREFIX)) names.push(name);
  }
  return names;
}

/** The parameter whose tags ListTagsForResource reads, when it is one. */
export function taggedParameter(requestParameters: Record<string, unknown> | null): string | undefined {
  if (text(field(requestParameters, "resourceType")) !== "Parameter") return undefined;
  const id = text(field(requestParameters, "resourceId"));
  return id ? parameterName(id) : undefined;
}

function readNames(requestParameters: Record<string, unknown> | null): string[] {
  const one = text(field(requestParameters, "name"));
  if (one) return [one];
  return asArray(field(requestParameters, "names")).filter((name): name is string => typeof name === "string");
}

function hierarchy(requestParameters: Record<string, unknown> | null): string[] {
  const path = text(field(requestParameters, "path"));
  if (!path) return [];
  const level = path.endsWith("/") ? path : `${path}/`;
  return [flag(field(requestParameters, "recursive")) === true ? `${level}**` : `${level}*`];
}

/** GetParametersByPath of "/" with recursive: every parameter of the account and region. */
export const EVERYTHING = "/**";
