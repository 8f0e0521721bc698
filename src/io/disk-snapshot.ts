import { lstatSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { compareBytes, type RepoSnapshot } from "../core/snapshot.js";

const skippedDirs = new Set([".git", "node_modules"]);

/**
 * The files of a directory on disk, as they are now (the working tree). Symbolic links are not followed.
 *
 * Reads are synchronous: the CLI reads a local checkout (1,800 small files for the whole tree) and has
 * nothing else to do meanwhile. A promise-based read is an open, an fstat, a read and a close, each a
 * round trip through libuv's thread pool and a promise; on the whole tree that cost four times the CPU
 * and wall time of plain reads (about 190 ms against 45 ms).
 */
export class DiskSnapshot implements RepoSnapshot {
  readonly revision = "working tree";
  /** Regular files the walk has seen: reading them needs no lstat first. */
  private readonly regular = new Set<string>();

  constructor(private readonly root: string) {}

  async listFiles(dir: string): Promise<readonly string[]> {
    const start = dir === "" || dir === "." ? "" : dir.replace(/\/+$/, "");
    const files: string[] = [];
    this.walk(start, files);
    return files.sort(compareBytes);
  }

  private walk(relative: string, into: string[]): void {
    let entries;
    try {
      entries = readdirSync(path.join(this.root, relative), { withFileTypes: true });
    } catch (error) {
      if (isMissing(error)) return;
      throw error;
    }
    for (const entry of entries) {
      const child = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory() && !skippedDirs.has(entry.name)) this.walk(child, into);
      else if (entry.isFile()) {
        into.push(child);
        this.regular.add(child);
      }
    }
  }

  async readFile(file: string): Promise<Uint8Array | undefined> {
    const full = path.join(this.root, file);
    try {
      if (this.regular.has(file)) return readFileSync(full);
      return lstatSync(full).isFile() ? readFileSync(full) : undefined;
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
