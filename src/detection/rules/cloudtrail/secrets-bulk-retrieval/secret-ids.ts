/** Secrets Manager names a secret by name or ARN; both spellings of one secret must count once. */
import { asArray, field, text } from "../shared/request.js";

// arn:aws:secretsmanager:<region>:<account>:secret:<name>-<6 random characters>
const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:[^:]*:\d{12}:secret:(.+?)(-[A-Za-z0-9]{6})?$/;

export function secretName(id: string): string {
  const match = SECRET_ARN.exec(id);
  return match ? match[1] : id;
}

/** The secrets a call names: GetSecretValue's secretId, BatchGetSecretValue's secretIdList. */
export function namedSecrets(requestParameters: Record<string, unknown> | null): string[] {
  const single = text(field(requestParameters, "secretId"));
  if (single) return [secretName(single)];
  const names: string[] = [];
  for (const id of asArray(field(requestParameters, "secretIdList"))) if (typeof id === "string") names.push(secretName(id));
  return names;
}

/** BatchGetSecretValue with filters returns every secret that matches them, however many. */
export function secretFilters(requestParameters: Record<string, unknown> | null): string | undefined {
  const filters = asArray(field(requestParameters, "filters"));
  if (filters.length === 0) return undefined;
  return filters
    .map((filter) => `${text(field(filter, "key")) ?? "?"}=${asArray(field(filter, "values")).filter((v) => typeof v === "string").join(",")}`)
    .join("; ");
}
