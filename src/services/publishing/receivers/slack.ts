import type { Finding } from "../../../detection/findings/types.js";
import { affectedResources } from "../formats/affected-resource.js";
import { severityLabel } from "../formats/severity.js";

/**
 * Slack's mrkdwn treats &, < and > as markup (links, mentions): a finding's strings come from logs
 * an attacker can write to, so they are escaped, never interpreted.
 */
const escapeMrkdwn = (text: string) => text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");

/** The console's page of a finding, when the operator set VIGIL_PUBLIC_URL. */
export function consoleLink(publicUrl: string | null, finding: Finding): string | null {
  if (!publicUrl) return null;
  return `${publicUrl.replace(/\/+$/, "")}/console/detectors/${encodeURIComponent(finding.service.detectorId)}/findings/${encodeURIComponent(finding.id)}`;
}

/** An incoming-webhook message: a one-line `text` (notifications) and blocks a person reads at a glance. */
export function slackMessage(finding: Finding, publicUrl: string | null) {
  const severity = `${severityLabel(finding.severity)} (${finding.severity})`;
  const resource = affectedResources(finding).map((r) => `${r.asffType} ${escapeMrkdwn(r.name)}`).join(", ");
  const link = consoleLink(publicUrl, finding);
  const fields = [
    ["Severity", severity],
    ["Type", escapeMrkdwn(finding.type)],
    ["Account", finding.accountId],
    ["Region", finding.region],
    ["Resource", resource],
    ["Count", String(finding.service.count)],
    ["First seen", finding.service.eventFirstSeen],
    ["Last seen", finding.service.eventLastSeen],
  ].map(([name, value]) => ({ type: "mrkdwn", text: `*${name}*\n${value}` }));
  return {
    text: `${severityLabel(finding.severity)} ${escapeMrkdwn(finding.type)} in ${finding.accountId}: ${escapeMrkdwn(finding.title)}`,
    blocks: [
      { type: "header", text: { type: "plain_text", text: finding.title.slice(0, 150) } },
      { type: "section", text: { type: "mrkdwn", text: escapeMrkdwn(finding.description).slice(0, 3000) } },
      { type: "section", fields },
      ...(link ? [{ type: "section", text: { type: "mrkdwn", text: `<${link}|Open in Vigil>` } }] : []),
    ],
  };
}
