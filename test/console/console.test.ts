import { readFileSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { accountWithDetector, type TestAccount } from "../support/accounts";
import { syntheticFinding } from "../findings/support/findings";
import { waitFor } from "../findings/support/subscriptions";
import { consoleHarness, type ConsoleHarness } from "./support/harness";

// Set to a folder (e.g. docs) to save the README's list screenshot while the test runs (console-pages.test.ts takes the finding's).
const SCREENSHOTS = process.env.VIGIL_CONSOLE_SCREENSHOTS;
const HOSTILE_HTML = "<img src=x onerror=window.__pwned=1>";
const HOSTILE_LINK = "javascript:alert(1)";

// A browser on a shared machine is slower than an API call.
jest.setTimeout(60_000);

describe("web console in Chromium", () => {
  const harness = consoleHarness();
  const { write, signIn, row } = harness;
  let app: ConsoleHarness["app"];
  let page: Page;
  let analyst: TestAccount;

  beforeAll(async () => {
    app = harness.app;
    analyst = await accountWithDetector(app, "440000000001");
  });
  beforeEach(() => {
    page = harness.page;
  });

  it("serves the console with a policy that forbids inline script and eval", async () => {
    const response = await fetch(`${app.url}/`);
    const policy = response.headers.get("content-security-policy") ?? "";
    expect(response.status).toBe(200);
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("default-src 'none'");
    expect(policy).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(await response.text()).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });

  it("signs in, shows a finding arriving live, filters, opens and archives it", async () => {
    const [low, medium, high] = [0, 1, 2].map((n) => syntheticFinding(analyst.detectorId, analyst.accountId, n)); // severities 2, 5, 8
    await write(analyst, [low, medium]);
    await signIn(analyst.key);
    expect(page.url()).not.toContain(analyst.key);
    expect(await page.evaluate(() => Object.values(sessionStorage))).toEqual([analyst.key]);
    await row(low.id).waitFor();
    expect(await page.locator("tbody tr").count()).toBe(2);
    await expect(row(low.id).locator(".severity").textContent()).resolves.toContain("Low");

    await page.locator(".live-indicator", { hasText: "Live" }).waitFor();
    await waitFor(() => app.services.findingFeed.subscriberCount === 1, 5_000, "the console's subscription");
    await new Promise((resolve) => setTimeout(resolve, 200)); // Redis confirms the channel subscription
    await write(analyst, [high]);
    await row(high.id).locator(".live-mark.new").waitFor({ timeout: 10_000 });
    expect(await row(high.id).locator(".severity").textContent()).toContain("High");
    expect(await page.locator("tbody tr").count()).toBe(3);
    if (SCREENSHOTS) await page.screenshot({ path: path.join(SCREENSHOTS, "console-findings.png") });

    await page.getByLabel("Severity").selectOption("HIGH");
    await row(low.id).waitFor({ state: "detached" });
    expect(await page.locator("tbody tr").count()).toBe(1);

    await row(high.id).getByRole("button", { name: high.title }).click();
    await page.getByRole("heading", { name: high.title }).waitFor();
    expect(await page.locator(".description").textContent()).toBe(high.description);
    expect(JSON.parse((await page.locator(".finding-json").textContent())!)).toMatchObject({ id: high.id, type: high.type, accountId: analyst.accountId });
    expect(await page.getByRole("region", { name: "Source events" }).locator("li").allTextContents()).toEqual(["synthetic line 2"]);

    await page.getByRole("button", { name: "Useful", exact: true }).click();
    await page.getByText("Feedback saved.").waitFor();
    await page.getByRole("button", { name: "Archive", exact: true }).click();
    await page.getByText("Archived.", { exact: true }).waitFor();
    const stored = await app.gql(`query($d: ID!, $ids: [String!]!) { getFindings(detectorId: $d, findingIds: $ids) { archived feedback } }`, { d: analyst.detectorId, ids: [high.id] }, analyst.key);
    expect(stored.data?.getFindings).toEqual([{ archived: true, feedback: "USEFUL" }]);

    await page.getByRole("button", { name: "← Back to findings" }).click();
    await page.getByText("No findings match.").waitFor();
    await page.getByLabel("Status").selectOption("archived");
    await row(high.id).waitFor();
  });

  it("shows attacker-controlled names and user agents as text and runs none of them", async () => {
    const hostile = syntheticFinding(analyst.detectorId, analyst.accountId, 1); // an API call by an access key
    hostile.id = `${hostile.id.slice(0, 16)}ffffffffffffffff`;
    hostile.title = `Login by ${HOSTILE_HTML}`;
    hostile.description = `Called from ${HOSTILE_LINK} ${HOSTILE_HTML}`;
    hostile.resource = { resourceType: "AccessKey", accessKeyDetails: { accessKeyId: "AKIAHOSTILE", userName: HOSTILE_HTML, userType: "IAMUser" } };
    hostile.service.action = { actionType: "AWS_API_CALL", awsApiCallAction: { api: "ConsoleLogin", serviceName: HOSTILE_LINK, callerType: "Remote IP", userAgent: HOSTILE_HTML, affectedResources: {} } };
    await write(analyst, [hostile]);
    const violations: string[] = [];
    page.on("console", (message) => {
      if (message.text().includes("Content Security Policy")) violations.push(message.text());
    });

    await signIn(analyst.key);
    await row(hostile.id).waitFor();
    expect(await row(hostile.id).getByRole("button", { name: hostile.title }).textContent()).toBe(hostile.title);
    expect(await row(hostile.id).locator("td").nth(3).textContent()).toBe(`AccessKey: ${HOSTILE_HTML} / AKIAHOSTILE`);

    await row(hostile.id).getByRole("button", { name: hostile.title }).click();
    await page.locator(".description").waitFor();
    expect(await page.locator(".description").textContent()).toBe(hostile.description);
    const actor = page.getByRole("region", { name: "Actor" });
    expect(await actor.locator("dt:text-is('User agent') + dd").textContent()).toBe(HOSTILE_HTML);
    expect(await actor.locator("dt:text-is('Service') + dd").textContent()).toBe(HOSTILE_LINK);
    expect(await page.locator(".finding-json").textContent()).toContain(JSON.stringify(HOSTILE_HTML).slice(1, -1));

    expect(await page.locator("img").count()).toBe(0);
    expect(await page.locator("a[href]").count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(violations).toEqual([]);
  });

  it("shows an instance as EC2 describes it, the evidence with the confidence and its reason, and the record a finding came from, all as text", async () => {
    // GuardDuty's own EC2 finding (test/fixtures/publishing/README.md gives its origin), with a Name tag an attacker chose.
    const guardDuty = JSON.parse(readFileSync(path.join(__dirname, "../fixtures/publishing/portprobe-unprotected-port.eventbridge.json"), "utf8")).detail;
    guardDuty.resource.instanceDetails.tags = [{ key: "Name", value: HOSTILE_HTML }];
    const finding = syntheticFinding(analyst.detectorId, analyst.accountId, 4); // a flow finding (n % 4 === 0) on an instance
    finding.id = `${finding.id.slice(0, 16)}eeeeeeeeeeeeeeee`;
    finding.resource = guardDuty.resource;
    finding.confidence = 8;
    finding.service.evidence = { threatIntelligenceDetails: [{ threatListName: "ProofPoint", threatNames: ["Scanner"] }] };
    finding.service.additionalInfo = { value: JSON.stringify({ threatListName: "ProofPoint", threatName: "Scanner" }), type: "default" };
    const key = "eni-0feedbeef0000001 198.51.100.7:51515 > 10.0.0.128:22 proto 6 start 1772323200";
    finding.vigil = { sourceEvents: [{ object: "AWSLogs/flow.log.gz", line: 7, key }], confidenceReason: "A threat-intelligence feed lists the other end. Matched: ProofPoint (entry 198.51.100.0/24)." };
    await write(analyst, [finding]);

    await signIn(analyst.key);
    await row(finding.id).getByRole("button", { name: finding.title }).click();
    await page.locator(".description").waitFor();
    const resource = page.getByRole("region", { name: "Resource" });
    const fact = (region: typeof resource, name: string) => region.locator(`dt:text-is('${name}') + dd`).textContent();
    expect(await fact(resource, "Instance type")).toBe("t2.micro");
    expect(await fact(resource, "State")).toBe("running");
    expect(await fact(resource, "Image")).toBe("ami-3181d827");
    expect(await fact(resource, "Launched")).toBe("2017-06-10T01:31:14.000Z");
    expect(await fact(resource, "Tags")).toBe(`Name=${HOSTILE_HTML}`);
    expect(await fact(resource, "Public DNS")).toBe("ec2-54-91-89-220.compute-1.amazonaws.com");
    expect(await fact(resource, "Security groups")).toBe("sg-a534fcd9 (wellarchitected-framework-security-group), sg-f736fe8b (stackarmor-access-group)");
    const evidence = page.getByRole("region", { name: "Evidence" });
    expect(await fact(evidence, "Confidence")).toBe("8 / 10");
    expect(await fact(evidence, "Why")).toBe(finding.vigil.confidenceReason);
    expect(await fact(evidence, "Threat list")).toBe("ProofPoint (Scanner)");
    expect(await fact(evidence, "Threat")).toBe("Scanner");
    expect(await page.getByRole("region", { name: "Source events" }).locator("li").allTextContents()).toEqual([`AWSLogs/flow.log.gz line 7 · record ${key}`]);
    expect(await page.locator("img").count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
  });

  it("drops the session when its API key is revoked", async () => {
    const issued = await app.gql(`mutation { createApiKey(name: "console") { secret apiKey { id } } }`, {}, analyst.key);
    const key = issued.data!.createApiKey.secret as string;
    await signIn(key);
    await waitFor(() => app.services.findingFeed.subscriberCount === 1, 5_000, "the console's subscription");

    await app.gql(`mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }`, { id: issued.data!.createApiKey.apiKey.id }, analyst.key);
    await page.getByText("Your session ended").waitFor({ timeout: 10_000 });
    await page.getByLabel("Account API key").waitFor();
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
  });

  it("pages through the findings on the API's cursor and archives a page's findings together", async () => {
    const many = await accountWithDetector(app, "440000000002");
    await write(many, Array.from({ length: 55 }, (_, n) => syntheticFinding(many.detectorId, many.accountId, n)));
    await signIn(many.key);
    await page.getByText("Page 1").waitFor();
    // The page label can render before the rows under a loaded machine: wait for the page's last row.
    await page.locator("tbody tr").nth(49).waitFor();
    expect(await page.locator("tbody tr").count()).toBe(50);
    await page.getByRole("button", { name: "Next page" }).click();
    await page.getByText("Page 2").waitFor();
    await page.locator("tbody tr").nth(5).waitFor({ state: "detached" });
    expect(await page.locator("tbody tr").count()).toBe(5);
    expect(await page.getByRole("button", { name: "Next page" }).isDisabled()).toBe(true);

    await page.getByLabel("Select all findings on this page").check();
    await page.getByRole("button", { name: "Archive selected (5)" }).click();
    await page.getByText("No findings match.").waitFor();
    const archived = await app.gql(
      `query($d: ID!) { listFindings(detectorId: $d, findingCriteria: {criterion: [{attribute: "service.archived", equals: ["true"]}]}) { findings { id } } }`,
      { d: many.detectorId },
      many.key,
    );
    expect(archived.data?.listFindings.findings).toHaveLength(5);
    await page.getByRole("button", { name: "Previous page" }).click();
    await page.locator("tbody tr").nth(49).waitFor();
  });

  it("counts the current findings by severity band, type and resource in the overview", async () => {
    const counted = await accountWithDetector(app, "440000000003");
    const DAY = 86_400_000;
    const now = Date.now();
    // Severities 2, 5, 8, 5.5, 2, 5; the even ones updated today, the odd ones yesterday (UTC).
    const findings = Array.from({ length: 6 }, (_, n) => ({ ...syntheticFinding(counted.detectorId, counted.accountId, n), updatedAt: new Date(now - (n % 2) * DAY).toISOString() }));
    await write(counted, findings);
    const violations: string[] = [];
    page.on("console", (message) => {
      if (message.text().includes("Content Security Policy")) violations.push(message.text());
    });
    await app.gql(`mutation($d: ID!, $ids: [String!]!) { archiveFindings(detectorId: $d, findingIds: $ids) }`, { d: counted.detectorId, ids: [findings[4].id] }, counted.key);
    await signIn(counted.key);
    await page.getByRole("button", { name: "Overview" }).click();
    const bands = page.getByRole("list", { name: "Findings by severity" }).locator("li");
    await bands.first().waitFor();
    expect(await bands.allTextContents()).toEqual(["1 Low", "3 Medium", "1 High", "0 Critical"]);
    const types = await page.getByRole("region", { name: "Top finding types" }).locator("tr").allTextContents();
    expect(types).toHaveLength(4);
    expect(types[0]).toBe("Recon:IAMUser/MaliciousIPCaller2");
    // The unarchived findings' key and user (n=1), API callers (n=1, 2, 5) and inbound peer (n=0); the DNS query (n=3) names nobody.
    const actors = page.getByRole("region", { name: "Top actors" }).locator("tbody tr");
    expect(await actors.locator("td:nth-child(1)").allTextContents()).toEqual([
      "Access key: AKIA1",
      "IP address: 198.51.100.0",
      "IP address: 198.51.100.1",
      "IP address: 198.51.100.2",
      "IP address: 198.51.100.5",
      "Principal: administrator",
    ]);
    expect(await actors.locator("td:nth-child(2)").allTextContents()).toEqual([counted.accountId, "any", "any", "any", "any", counted.accountId]);
    expect(await actors.locator("td:nth-child(3)").allTextContents()).toEqual(Array(6).fill("1"));

    const days = page.getByRole("region", { name: "Findings by day" }).locator("li");
    expect(await days.locator(".day-date").allTextContents()).toEqual([new Date(now - DAY), new Date(now)].map((d) => d.toISOString().slice(0, 10)));
    expect(await days.locator(".day-count").allTextContents()).toEqual(["3", "2"]);
    expect(await days.locator(".day-bar.severity-medium").count()).toBe(1); // yesterday: 5, 5.5, 5
    expect(await days.locator(".day-bar.severity-high").count()).toBe(1); // today: 2, 8 (the archived 2 left out)
    const [yesterdayBar, todayBar] = await days.locator(".day-bar").evaluateAll((bars) => bars.map((bar) => bar.getBoundingClientRect().width));
    expect(todayBar).toBeGreaterThan(0);
    expect(yesterdayBar / todayBar).toBeCloseTo(3 / 2, 1);
    expect(violations).toEqual([]);
  });

  it("lets an administrator invite a member and the member accept, then stop and start monitoring it", async () => {
    const [administrator, member] = await Promise.all(["440000000004", "440000000005"].map((id) => accountWithDetector(app, id)));
    const memberRow = () => page.locator(`#members-heading ~ table tr[data-account-id="${member.accountId}"]`);
    await signIn(administrator.key);
    await page.getByRole("button", { name: "Accounts" }).click();
    await page.getByLabel("Account id").fill(member.accountId);
    await page.getByLabel("Email").fill("member@example.com");
    await page.getByRole("button", { name: "Add and invite" }).click();
    await memberRow().locator(".member-status", { hasText: "Invited" }).waitFor();
    await page.getByRole("button", { name: "Sign out" }).click();

    await signIn(member.key);
    await page.getByRole("button", { name: "Accounts" }).click();
    const invitation = page.locator(`#invitations-heading ~ table tr[data-account-id="${administrator.accountId}"]`);
    await invitation.getByRole("button", { name: "Accept" }).click();
    await invitation.locator(".member-status", { hasText: "Enabled" }).waitFor();
    await page.getByRole("button", { name: "Sign out" }).click();

    await signIn(administrator.key);
    await page.getByRole("button", { name: "Accounts" }).click();
    await memberRow().locator(".member-status", { hasText: "Enabled" }).waitFor();
    await memberRow().getByRole("button", { name: "Stop monitoring" }).click();
    await memberRow().locator(".member-status", { hasText: "Disabled" }).waitFor();
    await memberRow().getByRole("button", { name: "Start monitoring" }).click();
    await memberRow().locator(".member-status", { hasText: "Enabled" }).waitFor();
    const members = await app.gql(`query($d: ID!) { listMembers(detectorId: $d) { members { accountId relationshipStatus } } }`, { d: administrator.detectorId }, administrator.key);
    expect(members.data?.listMembers.members).toEqual([{ accountId: member.accountId, relationshipStatus: "Enabled" }]);
  });

  it("saves the filter's severity and type as a suppression rule", async () => {
    const ruler = await accountWithDetector(app, "440000000006");
    await signIn(ruler.key);
    expect(await page.getByRole("button", { name: "Save filter as suppression rule" }).isDisabled()).toBe(true);
    await page.getByLabel("Severity").selectOption("LOW");
    await page.getByLabel("Type").fill("Recon:*");
    await page.getByRole("button", { name: "Apply" }).click();
    await page.getByLabel("Suppression rule name").fill("quiet-recon");
    await page.getByRole("button", { name: "Save filter as suppression rule" }).click();
    await page.getByText("Suppression rule quiet-recon saved").waitFor();
    const filters = await app.gql(
      `query($d: ID!) { listFilters(detectorId: $d) { filters { name action findingCriteria { criterion { attribute matches greaterThanOrEqual lessThan } } } } }`,
      { d: ruler.detectorId },
      ruler.key,
    );
    expect(filters.data?.listFilters.filters).toEqual([
      {
        name: "quiet-recon",
        action: "ARCHIVE",
        findingCriteria: {
          criterion: expect.arrayContaining([
            { attribute: "severity", matches: null, greaterThanOrEqual: 1, lessThan: 4 },
            { attribute: "type", matches: ["Recon:*"], greaterThanOrEqual: null, lessThan: null },
          ]),
        },
      },
    ]);
    expect(filters.data?.listFilters.filters[0].findingCriteria.criterion).toHaveLength(2);
  });

  it("shows the detector's data sources, log sources and lists", async () => {
    const fed = await accountWithDetector(app, "440000000007");
    const source = await app.gql(`mutation($d: ID!) { createLogSource(detectorId: $d, input: {name: "trail", kind: CLOUD_TRAIL, location: "push"}) { logSourceId } }`, { d: fed.detectorId }, fed.key);
    const list = await app.gql(`mutation($d: ID!) { createIPSet(detectorId: $d, name: "offices", format: TXT, activate: false, content: "203.0.113.0/24") { ipSetId } }`, { d: fed.detectorId }, fed.key);
    expect([source.errors, list.errors]).toEqual([undefined, undefined]);
    await signIn(fed.key);
    await page.getByRole("button", { name: "Sources" }).click();
    const logSources = page.getByRole("region", { name: "Log sources" });
    await logSources.locator("tbody tr").first().waitFor();
    expect(await logSources.locator("tbody tr td").first().textContent()).toBe("trail");
    expect(await page.getByRole("region", { name: "Detector" }).textContent()).toContain("CLOUD_TRAIL enabled");
    expect(await page.getByRole("region", { name: "Trusted lists" }).locator("tbody tr td").first().textContent()).toBe("offices");
    expect(await page.getByRole("region", { name: "Threat lists" }).textContent()).toContain("None.");
  });

  it("signs out, forgetting the key", async () => {
    await signIn(analyst.key);
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByLabel("Account API key").waitFor();
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    await page.reload();
    await page.getByLabel("Account API key").waitFor();
  });
});
