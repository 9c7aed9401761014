import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { z } from "zod";
import { LIST_FORMATS } from "../../detection/intel/index.js";
import { isInside, PROJECT_ROOT } from "../../paths.js";
import { THREAT_CATEGORIES } from "./categories.js";
import type { CreateFeedCommand } from "./threat-feed-service.js";

export const DEMO_FEEDS_FILE = path.join(PROJECT_ROOT, "config", "demo-feeds.json");

const demoFeedsSchema = z.object({
  folder: z.string().min(1),
  feeds: z.array(
    z.object({
      name: z.string().min(1),
      category: z.enum(THREAT_CATEGORIES as [string, ...string[]]),
      format: z.enum(LIST_FORMATS),
      file: z.string().min(1),
      refreshIntervalMinutes: z.number().int().min(1),
    }),
  ),
});

/** The demo feeds and the folder they are read from (which file:// locations are then allowed to read). */
export type DemoFeeds = { folder: string; feeds: CreateFeedCommand[] };

export function readDemoFeeds(file: string = DEMO_FEEDS_FILE): DemoFeeds {
  const parsed = demoFeedsSchema.safeParse(JSON.parse(readFileSync(file, "utf8")));
  if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  const folder = path.resolve(path.dirname(file), parsed.data.folder);
  return {
    folder,
    feeds: parsed.data.feeds.map(({ file: name, ...feed }) => {
      const feedFile = path.resolve(folder, name);
      if (!isInside(folder, feedFile)) throw new Error(`${file}: feed file ${name} is outside ${folder}`);
      return { ...feed, location: pathToFileURL(feedFile).href };
    }),
  };
}
