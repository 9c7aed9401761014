import { InvalidInputError } from "../errors.js";
import type { S3Credentials } from "../../ingest/locations/s3-credentials.js";

export type CredentialsInput = {
  accessKeyId?: string | null;
  secretAccessKey?: string | null;
  sessionToken?: string | null;
  roleArn?: string | null;
  externalId?: string | null;
};

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;
const TOKEN_LIKE = /^\S{1,2048}$/;

export function validateCredentials(input: CredentialsInput): S3Credentials {
  const { accessKeyId, secretAccessKey, sessionToken, roleArn, externalId } = input;
  const hasKeys = Boolean(accessKeyId || secretAccessKey || sessionToken);
  if (hasKeys && roleArn) throw new InvalidInputError("credentials take either access keys or a role to assume, not both.");
  if (roleArn) {
    if (!ROLE_ARN.test(roleArn)) throw new InvalidInputError("credentials.roleArn must be an IAM role ARN (arn:aws:iam::123456789012:role/name).");
    if (externalId && !EXTERNAL_ID.test(externalId)) throw new InvalidInputError("credentials.externalId must be 2 to 1224 characters of [\\w+=,.@:/-].");
    return { type: "ASSUME_ROLE", roleArn, ...(externalId ? { externalId } : {}) };
  }
  if (!accessKeyId || !secretAccessKey) throw new InvalidInputError("credentials need accessKeyId and secretAccessKey, or roleArn.");
  for (const [name, value] of Object.entries({ accessKeyId, secretAccessKey, sessionToken })) {
    if (value && !TOKEN_LIKE.test(value)) throw new InvalidInputError(`credentials.${name} must not be empty or contain spaces.`);
  }
  return { type: "ACCESS_KEY", accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
}
