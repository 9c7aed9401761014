import { readFileSync } from "node:fs";
import path from "node:path";
import type { Finding } from "../../src/detection/findings/types";
import { slackMessage } from "../../src/services/publishing/receivers/slack";

/** The real GuardDuty EC2 finding of test/fixtures/publishing (README.md there gives its origin), as Vigil stores findings. */
function guardDutyFinding(): Finding {
  const { detail } = JSON.parse(readFileSync(path.join(__dirname, "../fixtures/publishing/portprobe-unprotected-port.eventbridge.json"), "utf8"));
  return { ...detail, vigil: { sourceEvents: [], confidenceReason: "" } };
}

function fields(message: ReturnType<typeof slackMessage>): Record<string, string> {
  const section = message.blocks.find((block) => "fields" in block) as { fields: Array<{ text: string }> };
  return Object.fromEntries(section.fields.map(({ text }) => text.split("\n") as [string, string]).map(([name, value]) => [name.replaceAll("*", ""), value]));
}

describe("the Slack message names the instance and the threat list", () => {
  it("shows the instance as EC2 describes it (id, type, image, state, Name tag, addresses) and the list with its threat", () => {
    const finding = guardDutyFinding();
    finding.service.evidence = { threatIntelligenceDetails: [{ threatListName: "ProofPoint", threatNames: ["Scanner"] }] };
    const shown = fields(slackMessage(finding, null));
    expect(shown.Instance).toBe("i-036cb01d26bb09166 · t2.micro · ami-3181d827 · running · Name=stackarmor Tools · 10.0.0.128 · 54.91.89.220");
    expect(shown["Threat list"]).toBe("ProofPoint (Scanner)");
    expect(Object.keys(shown).length).toBeLessThanOrEqual(10); // Slack's limit of fields in one section
  });

  it("leaves both out when the finding has no instance and matched no list", () => {
    const finding = guardDutyFinding();
    finding.resource = { resourceType: "AccessKey", accessKeyDetails: { accessKeyId: "AKIAEXAMPLE", userName: "alice" } };
    const shown = fields(slackMessage(finding, null));
    expect(shown.Instance).toBeUndefined();
    expect(shown["Threat list"]).toBeUndefined();
    expect(shown.Resource).toBe("AwsIamAccessKey alice");
  });

  it("escapes a tag and a list name an attacker chose, so Slack shows them and links or mentions nothing", () => {
    const finding = guardDutyFinding();
    (finding.resource.instanceDetails as unknown as { tags: unknown[] }).tags = [{ key: "Name", value: "<!channel> <http://evil.example|x>" }];
    finding.service.evidence = { threatIntelligenceDetails: [{ threatListName: "<@U123>", threatNames: [] }] };
    const shown = fields(slackMessage(finding, null));
    expect(shown.Instance).toContain("Name=&lt;!channel&gt; &lt;http://evil.example|x&gt;");
    expect(shown["Threat list"]).toBe("&lt;@U123&gt;");
  });
});
