import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

export const REPOSITORY_ROOT = path.join(__dirname, "..", "..");

/** Every TypeScript file under the folder (relative to the repository), with its text. */
export function sourceFiles(folder: string): Array<{ file: string; text: string }> {
  const root = path.join(REPOSITORY_ROOT, folder);
  return readdirSync(root, { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".ts"))
    .sort()
    .map((file) => ({ file: path.join(folder, file), text: readFileSync(path.join(root, file), "utf8") }));
}
