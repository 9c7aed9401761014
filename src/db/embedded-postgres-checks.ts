import { readFileSync } from "node:fs";
import { stat } from "node:fs/promises";
import { createServer } from "node:net";
import path from "node:path";

export type OsUser = { uid: number; gid: number };

/** The OS user `postgres` from /etc/passwd, if it exists yet (the embedded server creates it when missing). */
export function postgresOsUser(passwd = "/etc/passwd"): OsUser | undefined {
  try {
    for (const line of readFileSync(passwd, "utf8").split("\n")) {
      const [name, , uid, gid] = line.split(":");
      if (name === "postgres") return { uid: Number(uid), gid: Number(gid) };
    }
  } catch {
    // No passwd file to read: judge the folders as a stranger would see them.
  }
  return undefined;
}

/**
 * The first folder from the root down to `target` that `user` cannot pass through, if any. Root can read anything,
 * but the PostgreSQL it starts runs as `postgres`, which is stopped by a private folder such as /root (mode 700).
 */
export async function folderClosedTo(target: string, user: OsUser | undefined): Promise<string | undefined> {
  const folders: string[] = [];
  for (let dir = path.resolve(target); ; dir = path.dirname(dir)) {
    folders.unshift(dir);
    if (path.dirname(dir) === dir) break;
  }
  for (const folder of folders) {
    const info = await stat(folder).catch(() => undefined);
    if (!info) return undefined; // not created yet: it will be created by and for the server
    const traversable = user && info.uid === user.uid ? info.mode & 0o100 : user && info.gid === user.gid ? info.mode & 0o010 : info.mode & 0o001;
    if (!traversable) return folder;
  }
  return undefined;
}

/** True when something already listens on the port at `host`. */
export function portInUse(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once("error", (error: NodeJS.ErrnoException) => resolve(error.code === "EADDRINUSE"));
    probe.listen(port, host, () => probe.close(() => resolve(false)));
  });
}
