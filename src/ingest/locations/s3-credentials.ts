/** Seals and opens secrets bound to a context (the services' SecretBox). */
export interface SecretSealer {
  seal(plaintext: string, context: string): string;
  open(sealed: string, context: string): string;
}

/** How a worker authenticates to a source's bucket. Without any, it uses its own (environment, instance role). */
export type S3Credentials =
  | { type: "ACCESS_KEY"; accessKeyId: string; secretAccessKey: string; sessionToken?: string }
  | { type: "ASSUME_ROLE"; roleArn: string; externalId?: string };

export type CredentialsType = S3Credentials["type"];

// Stored as "<type>:<sealed JSON>": the type can be shown without decrypting anything.
export function sealCredentials(box: SecretSealer, logSourceId: string, credentials: S3Credentials): string {
  return `${credentials.type}:${box.seal(JSON.stringify(credentials), `log-source:${logSourceId}`)}`;
}

export function openCredentials(box: SecretSealer, logSourceId: string, stored: string): S3Credentials {
  const sealed = stored.slice(stored.indexOf(":") + 1);
  return JSON.parse(box.open(sealed, `log-source:${logSourceId}`)) as S3Credentials;
}

export function credentialsTypeOf(stored: string | null): CredentialsType | null {
  if (!stored) return null;
  const type = stored.slice(0, stored.indexOf(":"));
  return type === "ACCESS_KEY" || type === "ASSUME_ROLE" ? type : null;
}
