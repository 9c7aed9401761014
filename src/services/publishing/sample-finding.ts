import { randomBytes } from "node:crypto";
import type { Finding } from "../../detection/findings/types.js";

/**
 * A finding for test notifications, marked as GuardDuty marks its sample findings ("[SAMPLE]" in the
 * title, `sample: true` in additionalInfo) so receivers and people can tell it from a real one.
 * Documentation addresses (RFC 5737) only.
 */
export function sampleFinding(detectorId: string, accountId: string, now = new Date()): Finding {
  const id = randomBytes(16).toString("hex");
  const at = now.toISOString();
  const region = "us-east-1";
  return {
    schemaVersion: "2.0",
    accountId,
    region,
    partition: "aws",
    id,
    arn: `arn:aws:guardduty:${region}:${accountId}:detector/${detectorId}/finding/${id}`,
    type: "Recon:EC2/PortProbeUnprotectedPort",
    title: "[SAMPLE] Unprotected port on EC2 instance i-99999999 is being probed",
    description: "A test notification from Vigil: this is not a real finding.",
    severity: 2,
    confidence: 0,
    createdAt: at,
    updatedAt: at,
    resource: { resourceType: "Instance", instanceDetails: { instanceId: "i-99999999", availabilityZone: `${region}a` } },
    service: {
      serviceName: "guardduty",
      detectorId,
      action: {
        actionType: "PORT_PROBE",
        portProbeAction: { blocked: false, portProbeDetails: [{ localPortDetails: { port: 22, portName: "SSH" }, remoteIpDetails: { ipAddressV4: "198.51.100.1" } }] },
      },
      count: 1,
      eventFirstSeen: at,
      eventLastSeen: at,
      archived: false,
      resourceRole: "TARGET",
      additionalInfo: { value: JSON.stringify({ sample: true }), type: "default" },
    },
    vigil: { sourceEvents: [], confidenceReason: "A test notification: nothing was detected." },
  };
}
