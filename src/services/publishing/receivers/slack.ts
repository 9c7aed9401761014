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

/** `i-… · t2.micro · ami-… · running · Name=web · 10.0.0.5 · 54.1.2.3`: what an on-call person looks the instance up by. */
function instanceLine(finding: Finding): string | null {
  const instance = finding.resource.instanceDetails;
  if (finding.resource.resourceType !== "Instance" || !instance) return null;
  const name = instance.tags?.find((tag) => tag.key === "Name")?.value;
  const addresses = (instance.networkInterfaces ?? []).flatMap((eni) => [eni.privateIpAddress, eni.publicIp]);
  const parts = [instance.instanceId, instance.instanceType, instance.imageId, instance.instanceState, name === undefined ? undefined : `Name=${name}`, ...addresses];
  return parts.filter((part): part is string => typeof part === "string" && part !== "").map(escapeMrkdwn).join(" · ");
}

/** `ProofPoint (Scanner), incident-42`: the lists that matched and the threats they name. */
function threatLine(finding: Finding): string | null {
  const details = finding.service.evidence?.threatIntelligenceDetails ?? [];
  if (details.length === 0) return null;
  return details.map(({ threatListName, threatNames }) => escapeMrkdwn(threatNames.length ? `${threatListName} (${threatNames.join(", ")})` : threatListName)).join(", ");
}

/** An incoming-webhook message: a one-line `text` (notifications) and blocks a person reads at a glance. */
export function slackMessage(finding: Finding, publicUrl: string | null) {
  const severity = `${severityLabel(finding.severity)} (${finding.severity})`;
  const resource = affectedResources(finding).map((r) => `${r.asffType} ${escapeMrkdwn(r.name)}`).join(", ");
  const link = consoleLink(publicUrl, finding);
  const instance = instanceLine(finding);
  const threats = threatLine(finding);
  const fields = [
    ["Severity", severity],
    ["Type", escapeMrkdwn(finding.type)],
    ["Account", finding.accountId],
    ["Region", finding.region],
    ["Resource", resource],
    ...(instance ? [["Instance", instance]] : []),
    ...(threats ? [["Threat list", threats]] : []),
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
