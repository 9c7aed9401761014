import { randomUUID } from "node:crypto";
import type { LogSource } from "../../src/generated/prisma/client";
import { LocationError } from "../../src/ingest/locations/log-location";
import { openLocation } from "../../src/ingest/locations/open-location";
import { sealCredentials } from "../../src/ingest/locations/s3-credentials";
import { SecretBox } from "../../src/services/secrets/secret-box";

const box = SecretBox.ephemeral();

function s3Source(endpoint: string): LogSource {
  const id = randomUUID();
  return {
    id, detectorId: "d".repeat(32), name: "s", kind: "CLOUD_TRAIL", location: "S3", s3Bucket: "trail-bucket", s3Prefix: "", s3Region: "us-east-1",
    s3Endpoint: endpoint, s3ForcePathStyle: true, credentialsCipher: sealCredentials(box, id, { type: "ACCESS_KEY", accessKeyId: "AKIAEXAMPLE", secretAccessKey: "secret" }), localPath: null, accessKeyHash: null, flowLogFormat: null, pollIntervalSeconds: 60, backfillDays: null, enabled: true, organizationSource: false, cursor: null, status: "OK",
    lastError: null, lastErrorAt: null, failingSince: null, tags: {}, objectsProcessed: 0n, eventsProcessed: 0n, bytesProcessed: 0n, brokenRecords: 0n, objectsFailed: 0n, eventsDroppedOtherAccount: 0n, eventsDroppedOutsideOrganization: 0n,
    lastObjectKey: null, lastObjectAt: null, createdAt: new Date(), updatedAt: new Date(),
  };
}

describe("S3 endpoints of log sources, where workers connect", () => {
  const options = { secretBox: box, logsRoot: "/nonexistent", allowPrivateEndpoints: false };

  it("refuses an endpoint written as a private or link-local address before any request", () => {
    expect(() => openLocation(s3Source("http://169.254.169.254"), options)).toThrow(LocationError);
    expect(() => openLocation(s3Source("http://10.1.2.3:9000"), options)).toThrow(/resolves to 10\.1\.2\.3/);
  });

  it("refuses a name that resolves to a loopback address when it connects", async () => {
    const opened = openLocation(s3Source("http://localhost:9"), options);
    try {
      await expect(opened.location.listNew({}, new Date())).rejects.toThrow(/resolves to (127\.0\.0\.1|::1), a private, loopback or link-local address/);
    } finally {
      opened.close();
    }
  });

  it("lets the operator allow private endpoints", () => {
    const allowed = { ...options, allowPrivateEndpoints: true };
    expect(() => openLocation(s3Source("http://127.0.0.1:9000"), allowed).close()).not.toThrow();
  });
});
