import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { type Browser, chromium } from "playwright-core";

const CHROMIUM = "/usr/bin/chromium";
const ROOT = path.resolve(__dirname, "../../..");

/** Debian's Chromium, headless. Missing is a failure, never a skip: the console's tests must run. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: the console's browser tests need Debian's chromium (apt-get install -y chromium; .ci/run installs it).`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

/** Builds web/ with vite into a fresh folder, so the test runs the console's current source. */
export async function buildConsole(): Promise<{ directory: string; remove(): void }> {
  const directory = mkdtempSync(path.join(tmpdir(), "vigil-console-"));
  await promisify(execFile)(path.join(ROOT, "node_modules/.bin/vite"), ["build", "--config", "web/vite.config.mts", "--logLevel", "warn"], {
    cwd: ROOT,
    env: { ...process.env, VIGIL_CONSOLE_OUT_DIR: directory },
  });
  return { directory, remove: () => rmSync(directory, { recursive: true, force: true }) };
}
