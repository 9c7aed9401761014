import { open, realpath } from "node:fs/promises";
import { isInside } from "../../paths.js";
import { readBounded } from "./bounded-read.js";
import { FetchError, tooLarge } from "./fetch-error.js";

/**
 * Reads a list file that must lie inside one of the allowed folders once symlinks are resolved (a
 * link inside the folder pointing at /etc/passwd is refused), bounded in size.
 */
export async function readListFile(filePath: string, allowedFolders: readonly string[], maxBytes: number): Promise<Buffer> {
  let real: string;
  try {
    real = await realpath(filePath);
  } catch (error) {
    throw new FetchError((error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : `cannot open the file: ${(error as Error).message}`);
  }
  const folders = await Promise.all(allowedFolders.map((folder) => realpath(folder).catch(() => undefined)));
  if (!folders.some((folder) => folder !== undefined && isInside(folder, real))) {
    throw new FetchError("the file is outside the folders set by VIGIL_LIST_FILE_DIRS");
  }
  const file = await open(real, "r").catch((error: NodeJS.ErrnoException) => {
    throw new FetchError(`cannot open the file (${error.code ?? error.message})`);
  });
  try {
    const stats = await file.stat();
    if (!stats.isFile()) throw new FetchError("not a regular file");
    if (stats.size > maxBytes) throw tooLarge(maxBytes, stats.size);
    return await readBounded(file.createReadStream({ autoClose: false }), maxBytes, (error) => `cannot read the file: ${error.message}`);
  } finally {
    await file.close();
  }
}
