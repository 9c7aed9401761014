import type { Browser, BrowserContext, Page } from "playwright-core";
import { upsertFindings } from "../../../src/db/findings/finding-upserts";
import type { Finding } from "../../../src/detection/findings/types";
import { createRedisPubSub, type RunningPubSub } from "../../../src/realtime/pubsub";
import type { TestAccount } from "../../support/accounts";
import type { TestApp } from "../../support/app";
import { TEST_REDIS_URL } from "../../support/env";
import { startLiveApp } from "../../findings/support/live-app";
import { waitFor } from "../../findings/support/subscriptions";
import { buildConsole, launchChromium } from "./browser";

export type ConsoleHarness = {
  readonly app: TestApp & { feedErrors: unknown[] };
  readonly page: Page;
  /** Writes findings as the pipeline does and announces them as the ingestion worker does. */
  write(account: TestAccount, findings: Finding[]): Promise<void>;
  /** Signs in on the page at `path` (the list by default) and waits for `heading`. */
  signIn(key: string, path?: string, heading?: string): Promise<void>;
  row(findingId: string): ReturnType<Page["locator"]>;
};

/**
 * The console's browser-test set-up, for a describe block: the console built from web/, the API with a live
 * feed, Chromium; a fresh browser context per test, its subscriptions ended after it.
 */
export function consoleHarness(): ConsoleHarness {
  let app: TestApp & { feedErrors: unknown[] };
  let worker: RunningPubSub;
  let browser: Browser;
  let built: Awaited<ReturnType<typeof buildConsole>>;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    browser = await launchChromium();
    built = await buildConsole();
    app = await startLiveApp({ recheckMs: 300 }, undefined, { consoleDirectory: built.directory });
    worker = createRedisPubSub(TEST_REDIS_URL, app.queuePrefix);
  }, 120_000);
  beforeEach(async () => {
    context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    // Shorter than jest's timeout, so a failing step names itself.
    context.setDefaultTimeout(15_000);
    page = await context.newPage();
  });
  afterEach(async () => {
    await context.close();
    await waitFor(() => app.services.findingFeed.subscriberCount === 0, 5_000, "the console's subscriptions to end");
  });
  afterAll(async () => {
    await browser?.close();
    await worker?.close();
    await app?.close();
    built?.remove();
  });

  return {
    get app() {
      return app;
    },
    get page() {
      return page;
    },
    async write(account, findings) {
      const written = await app.database.db.$transaction((tx) => upsertFindings(tx, findings, new Set()));
      worker.pubSub.publish("FINDINGS_UPSERTED", { detectorId: account.detectorId, findings: written.map(({ id, accountId, created }) => ({ id, accountId, created })) });
    },
    async signIn(key, path = "/", heading = "Findings") {
      await page.goto(`${app.url}${path}`);
      await page.getByLabel("Account API key").fill(key);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.getByRole("heading", { name: heading }).waitFor();
    },
    row: (findingId) => page.locator(`tr[data-finding-id="${findingId}"]`),
  };
}
