import type { Finding } from "../../detection/findings/types.js";
import type { PublishingDestination } from "../../generated/prisma/client.js";
import type { SecretBox } from "../secrets/secret-box.js";
import type { AddressPolicy } from "./address-policy.js";
import { openS3Credentials, openSecret } from "./destination-properties.js";
import { destinationFilter } from "./destination-filter.js";
import { eventBridgeEvent } from "./formats/eventbridge.js";
import { formatFinding } from "./formats/index.js";
import { type HttpAnswer, postToDestination, requireSuccess } from "./http-post.js";
import { pagerDutyEvent } from "./receivers/pagerduty.js";
import { slackMessage } from "./receivers/slack.js";
import { DEFAULT_SPLUNK_SOURCETYPE, SPLUNK_BATCH, splunkBatch } from "./receivers/splunk-hec.js";
import { destinationS3Client, exportFindings } from "./s3-export.js";
import { postWebhook } from "./webhook-delivery.js";

export type DeliverySettings = { policy: AddressPolicy; timeoutMs: number; /** VIGIL_PUBLIC_URL: Slack messages link to the console there. */ publicUrl?: string | null };

/** What the receiver made of the last request (an S3 export has no HTTP answer to show). */
export type DeliveryAnswer = HttpAnswer | null;

/** A finding on its way to one destination; the key is the same on every attempt and replay of that finding version there. */
export type OutgoingFinding = { finding: Finding; idempotencyKey: string };

/** What one chunk did: sent, or left out by the destination's filter. */
export type ChunkDone = { sent: readonly OutgoingFinding[]; filtered: readonly OutgoingFinding[] };

const JSON_HEADERS = { "content-type": "application/json", "user-agent": "Vigil-Publisher/1" };

/**
 * Sends findings to one destination in its kind's protocol and its format, skipping those its
 * filter does not take. Findings go in chunks (one per request; a Splunk batch; a whole S3 export)
 * and `progress` hears, after each chunk, which findings it sent and which the filter left out.
 */
export class DestinationDelivery {
  constructor(
    private readonly secrets: SecretBox,
    private readonly settings: DeliverySettings,
  ) {}

  async deliver(destination: PublishingDestination, items: readonly OutgoingFinding[], progress: (done: ChunkDone) => Promise<void>): Promise<DeliveryAnswer> {
    const takes = destinationFilter(destination);
    const chunk = destination.type === "S3" ? Math.max(items.length, 1) : destination.type === "SPLUNK_HEC" ? SPLUNK_BATCH : 1;
    let answer: DeliveryAnswer = null;
    for (let start = 0; start < items.length; start += chunk) {
      const slice = items.slice(start, start + chunk);
      const taken = slice.filter((item) => takes(item.finding));
      if (taken.length > 0) answer = await this.send(destination, taken);
      await progress({ sent: taken, filtered: slice.filter((item) => !taken.includes(item)) });
    }
    return answer;
  }

  /** Sends regardless of the filter: what a test notification does. */
  send(destination: PublishingDestination, items: readonly OutgoingFinding[]): Promise<DeliveryAnswer> {
    const findings = items.map((item) => item.finding);
    switch (destination.type) {
      case "S3":
        return this.exportToS3(destination, findings);
      case "WEBHOOK":
        return this.postEach(items, ({ finding, idempotencyKey }) => {
          const body = formatFinding(destination.format, finding);
          const deliveryId = destination.format === "EVENTBRIDGE" ? (body as ReturnType<typeof eventBridgeEvent>).id : `${finding.id}-${finding.updatedAt}`;
          return postWebhook(
            { url: destination.url ?? "", secret: this.secret(destination), body: JSON.stringify(body), deliveryId, idempotencyKey },
            this.settings.policy,
            this.settings.timeoutMs,
          );
        });
      case "SLACK":
        return this.postEach(items, ({ finding }) => this.post(this.secret(destination), slackMessage(finding, this.settings.publicUrl ?? null), JSON_HEADERS));
      case "PAGERDUTY":
        return this.postEach(items, ({ finding }) =>
          this.post(destination.url ?? "", pagerDutyEvent(finding, this.secret(destination), formatFinding(destination.format, finding)), JSON_HEADERS),
        );
      case "SPLUNK_HEC": {
        const body = splunkBatch(
          findings.map((finding) => ({ finding, event: formatFinding(destination.format, finding) })),
          { sourcetype: destination.splunkSourcetype ?? DEFAULT_SPLUNK_SOURCETYPE, index: destination.splunkIndex },
        );
        return this.postRaw(destination.url ?? "", body, { ...JSON_HEADERS, authorization: `Splunk ${this.secret(destination)}` });
      }
    }
  }

  private secret(destination: PublishingDestination): string {
    return openSecret(this.secrets, destination.id, destination.secretCipher ?? "");
  }

  private async postEach(items: readonly OutgoingFinding[], post: (item: OutgoingFinding) => Promise<HttpAnswer>): Promise<HttpAnswer | null> {
    let answer: HttpAnswer | null = null;
    for (const item of items) answer = await post(item);
    return answer;
  }

  private post(url: string, body: object, headers: Record<string, string>): Promise<HttpAnswer> {
    return this.postRaw(url, JSON.stringify(body), headers);
  }

  private async postRaw(url: string, body: string, headers: Record<string, string>): Promise<HttpAnswer> {
    return requireSuccess(await postToDestination({ url, body, headers }, this.settings.policy, this.settings.timeoutMs));
  }

  private async exportToS3(destination: PublishingDestination, findings: readonly Finding[]): Promise<null> {
    const target = {
      bucket: destination.s3Bucket ?? "",
      prefix: destination.s3Prefix ?? "",
      region: destination.s3Region ?? "us-east-1",
      endpoint: destination.s3Endpoint,
      credentials: destination.credentialsCipher ? openS3Credentials(this.secrets, destination.id, destination.credentialsCipher) : null,
    };
    const client = destinationS3Client(target, this.settings.policy, this.settings.timeoutMs);
    try {
      await exportFindings(client, target, findings.map((finding) => ({ accountId: finding.accountId, region: finding.region, record: formatFinding(destination.format, finding) })));
    } finally {
      client.destroy();
    }
    return null;
  }
}
