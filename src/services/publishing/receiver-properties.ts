import { Prisma, type DestinationType, type FindingFormat, type SeverityLabel } from "../../generated/prisma/client.js";
import { compileCriteria, type FindingCriteria } from "../findings/criteria/criteria.js";
import { InvalidInputError } from "../errors.js";
import { type AddressPolicy, checkDestinationUrl } from "./address-policy.js";
import { PAGERDUTY_EVENTS_URL } from "./receivers/pagerduty.js";
import { DEFAULT_SPLUNK_SOURCETYPE } from "./receivers/splunk-hec.js";

export type SlackInput = { webhookUrl: string };
export type PagerDutyInput = { routingKey: string; eventsUrl?: string | null };
export type SplunkInput = { url: string; token: string; sourcetype?: string | null; index?: string | null };
export type DestinationFilterInput = { minimumSeverity?: SeverityLabel | null; findingCriteria?: FindingCriteria | null };

/** What a receiver kind stores: an optional public URL, the credential to seal, and Splunk's routing. */
export type ReceiverColumns = { url: string | null; credential: string; splunkSourcetype?: string; splunkIndex?: string | null };

const ROUTING_KEY = /^[A-Za-z0-9]{32}$/;
const HEC_TOKEN = /^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$/;
const SPLUNK_NAME = /^[A-Za-z0-9_:.-]{1,128}$/;

/** Slack's incoming-webhook URL is itself the credential: sealed like a secret, never shown again. */
export async function validateSlack(input: SlackInput, policy: AddressPolicy): Promise<ReceiverColumns> {
  const url = await checkDestinationUrl(input.webhookUrl, policy, "slack.webhookUrl");
  return { url: null, credential: url.href };
}

/** The routing key is the integration's secret; the events URL is PagerDuty's (or its EU region's) unless given. */
export async function validatePagerDuty(input: PagerDutyInput, policy: AddressPolicy): Promise<ReceiverColumns> {
  if (!ROUTING_KEY.test(input.routingKey)) throw new InvalidInputError("pagerDuty.routingKey is the 32-character integration key of an Events API v2 integration.");
  const url = await checkDestinationUrl(input.eventsUrl ?? PAGERDUTY_EVENTS_URL, policy, "pagerDuty.eventsUrl");
  return { url: url.href, credential: input.routingKey };
}

export async function validateSplunk(input: SplunkInput, policy: AddressPolicy): Promise<ReceiverColumns> {
  const url = await checkDestinationUrl(input.url, policy, "splunk.url");
  if (!HEC_TOKEN.test(input.token)) throw new InvalidInputError("splunk.token is an HTTP Event Collector token (a GUID).");
  for (const [field, value] of [["sourcetype", input.sourcetype], ["index", input.index]] as const) {
    if (value && !SPLUNK_NAME.test(value)) throw new InvalidInputError(`splunk.${field} is 1 to 128 letters, digits or _:.-`);
  }
  return { url: url.href, credential: input.token, splunkSourcetype: input.sourcetype ?? DEFAULT_SPLUNK_SOURCETYPE, splunkIndex: input.index ?? null };
}

/** Slack's message is its own; every other kind carries a format, by default the one it always had. */
export function validateFormat(type: DestinationType, format: FindingFormat | null | undefined): FindingFormat {
  if (type === "SLACK") {
    if (format && format !== "GUARDDUTY") throw new InvalidInputError("A SLACK destination sends a message of its own: it takes no format.");
    return "GUARDDUTY";
  }
  return format ?? (type === "WEBHOOK" ? "EVENTBRIDGE" : "GUARDDUTY");
}

/** Criteria are checked as a suppression rule's are, then stored in GuardDuty's shape. */
export function validateFilter(filter: DestinationFilterInput): { minimumSeverity: SeverityLabel | null; findingCriteria: Prisma.InputJsonValue | typeof Prisma.DbNull } {
  if (filter.findingCriteria) compileCriteria(filter.findingCriteria);
  return { minimumSeverity: filter.minimumSeverity ?? null, findingCriteria: filter.findingCriteria ? (filter.findingCriteria as Prisma.InputJsonValue) : Prisma.DbNull };
}
