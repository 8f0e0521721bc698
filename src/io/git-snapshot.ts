import { compareBytes, type RepoSnapshot } from "../core/snapshot.js";
import { git, gitWithInput } from "./git.js";

interface TreeEntry {
  readonly oid: string;
  readonly size: number;
}

/**
 * The files of one commit, read from git's object store: no checkout, and the working tree is never
 * looked at. One `ls-tree` lists the commit; blobs are read in batches through `cat-file --batch`.
 */
export class GitSnapshot implements RepoSnapshot {
  private tree: Promise<ReadonlyMap<string, TreeEntry>> | undefined;
  private sortedPaths: readonly string[] | undefined;
  private readonly blobs = new Map<string, Uint8Array>();

  constructor(
    private readonly repoDir: string,
    readonly revision: string,
  ) {}

  private entries(): Promise<ReadonlyMap<string, TreeEntry>> {
    this.tree ??= git(this.repoDir, ["ls-tree", "-r", "-z", "--long", "--full-tree", this.revision]).then(parseLsTree);
    return this.tree;
  }

  async listFiles(dir: string): Promise<readonly string[]> {
    const entries = await this.entries();
    this.sortedPaths ??= [...entries.keys()].sort(compareBytes);
    const prefix = dir === "" || dir === "." ? "" : `${dir.replace(/\/+$/, "")}/`;
    return this.sortedPaths.filter((path) => path.startsWith(prefix));
  }

  async readFile(path: string): Promise<Uint8Array | undefined> {
    const cached = this.blobs.get(path);
    if (cached) return cached;
    await this.prefetch([path]);
    return this.blobs.get(path);
  }

  async prefetch(paths: readonly string[]): Promise<void> {
    const entries = await this.entries();
    const wanted = [...new Set(paths)].filter((path) => entries.has(path) && !this.blobs.has(path));
    if (wanted.length === 0) return;
    const oids = wanted.map((path) => entries.get(path)?.oid ?? "");
    const output = await gitWithInput(this.repoDir, ["cat-file", "--batch"], `${oids.join("\n")}\n`);
    const contents = parseBatch(output);
    wanted.forEach((path, index) => {
      const content = contents[index];
      if (content) this.blobs.set(path, content);
    });
  }
}

/** `<mode> <type> <oid> <size>\t<path>\0` records; only regular files (symlinks and submodules are skipped). */
function parseLsTree(output: Buffer): ReadonlyMap<string, TreeEntry> {
  const entries = new Map<string, TreeEntry>();
  for (const record of output.toString("utf8").split("\0")) {
    const tab = record.indexOf("\t");
    if (tab < 0) continue;
    const [mode, type, oid, size] = record.slice(0, tab).split(/\s+/);
    if (type !== "blob" || !(mode === "100644" || mode === "100755") || !oid) continue;
    entries.set(record.slice(tab + 1), { oid, size: Number(size) });
  }
  return entries;
}

/** `<oid> blob <size>\n<bytes>\n` per object, in request order. */
function parseBatch(output: Buffer): Uint8Array[] {
  const contents: Uint8Array[] = [];
  let offset = 0;
  while (offset < output.length) {
    const newline = output.indexOf(0x0a, offset);
    if (newline < 0) break;
    const header = output.subarray(offset, newline).toString("utf8").split(" ");
    const size = Number(header[2]);
    offset = newline + 1;
    if (header[1] === "missing" || Number.isNaN(size)) {
      contents.push(new Uint8Array());
      continue;
    }
    contents.push(output.subarray(offset, offset + size));
    offset += size + 1;
  }
  return contents;
}
