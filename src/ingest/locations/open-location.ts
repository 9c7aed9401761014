import type { LogSource } from "../../generated/prisma/client.js";
import { LocalLocation } from "./local-location.js";
import { LocationError, type LogLocation } from "./log-location.js";
import { isPushedLocation } from "./pushed-locations.js";
import { createS3Client } from "./s3-client.js";
import { openCredentials, type SecretSealer } from "./s3-credentials.js";
import { S3Location } from "./s3-location.js";

export type LocationOptions = { secretBox: SecretSealer; logsRoot: string; allowPrivateEndpoints: boolean };

/** A listed location with the resources it holds (an S3 client's sockets), released by `close`. */
export type OpenedLocation = { location: LogLocation; close(): void };

export function openLocation(source: LogSource, options: LocationOptions): OpenedLocation {
  if (source.location === "LOCAL" && source.localPath) {
    return { location: new LocalLocation(source.localPath, options.logsRoot), close: () => undefined };
  }
  if (source.location === "S3" && source.s3Bucket) {
    let credentials;
    try {
      credentials = source.credentialsCipher ? openCredentials(options.secretBox, source.id, source.credentialsCipher) : undefined;
    } catch (error) {
      throw new LocationError(`cannot read the stored credentials: ${(error as Error).message}`, { cause: error });
    }
    const settings = {
      bucket: source.s3Bucket,
      prefix: source.s3Prefix ?? "",
      region: source.s3Region ?? "us-east-1",
      endpoint: source.s3Endpoint ?? undefined,
      forcePathStyle: source.s3ForcePathStyle,
      credentials,
      sessionName: `vigil-${source.id.slice(0, 8)}`,
      allowPrivateEndpoint: options.allowPrivateEndpoints,
    };
    const client = createS3Client(settings);
    return { location: new S3Location(settings, client), close: () => client.destroy() };
  }
  throw new LocationError(`log source ${source.id} has no ${isPushedLocation(source.location) ? "location to read (it receives pushes)" : "complete location"}`);
}
