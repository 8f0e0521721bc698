import { lstat, readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { compareBytes, type RepoSnapshot } from "../core/snapshot.js";

const skippedDirs = new Set([".git", "node_modules"]);

/** The files of a directory on disk, as they are now (the working tree). Symbolic links are not followed. */
export class DiskSnapshot implements RepoSnapshot {
  readonly revision = "working tree";
  /** Regular files the walk has seen: reading them needs no lstat first. */
  private readonly regular = new Set<string>();

  constructor(private readonly root: string) {}

  async listFiles(dir: string): Promise<readonly string[]> {
    const start = dir === "" || dir === "." ? "" : dir.replace(/\/+$/, "");
    const files: string[] = [];
    await this.walk(start, files);
    return files.sort(compareBytes);
  }

  private async walk(relative: string, into: string[]): Promise<void> {
    let entries;
    try {
      entries = await readdir(path.join(this.root, relative), { withFileTypes: true });
    } catch (error) {
      if (isMissing(error)) return;
      throw error;
    }
    await Promise.all(
      entries.map(async (entry) => {
        const child = relative ? `${relative}/${entry.name}` : entry.name;
        if (entry.isDirectory() && !skippedDirs.has(entry.name)) await this.walk(child, into);
        else if (entry.isFile()) {
          into.push(child);
          this.regular.add(child);
        }
      }),
    );
  }

  async readFile(file: string): Promise<Uint8Array | undefined> {
    const full = path.join(this.root, file);
    try {
      if (this.regular.has(file)) return await readFile(full);
      const stats = await lstat(full);
      return stats.isFile() ? await readFile(full) : undefined;
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === "ENOENT" || code === "ENOTDIR";
}
