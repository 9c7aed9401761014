/** The files a scan reads: the paths given, with folders walked recursively, in a stable order. */
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { ScanError } from "./scan-error.js";

export type LogFile = { path: string; named: boolean };

function walk(folder: string, into: LogFile[]): void {
  let names: string[];
  try {
    names = readdirSync(folder).sort();
  } catch (error) {
    throw new ScanError(`cannot read folder ${folder}: ${(error as Error).message}`);
  }
  for (const name of names) {
    // Hidden files (.DS_Store, editor swap files) are never delivered logs.
    if (name.startsWith(".")) continue;
    const child = path.join(folder, name);
    const stats = statSync(child, { throwIfNoEntry: false });
    if (stats?.isDirectory()) walk(child, into);
    else if (stats?.isFile()) into.push({ path: child, named: false });
  }
}

/** `named` is true for files given on the command line (not found inside a folder). */
export function listLogFiles(paths: readonly string[]): LogFile[] {
  const files: LogFile[] = [];
  for (const given of paths) {
    let stats;
    try {
      stats = statSync(given);
    } catch (error) {
      throw new ScanError(`cannot read ${given}: ${(error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file or folder" : (error as Error).message}`);
    }
    if (stats.isDirectory()) walk(given, files);
    else files.push({ path: given, named: true });
  }
  return files;
}
