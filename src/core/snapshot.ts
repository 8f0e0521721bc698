/**
 * A read-only view of a repository's files at one revision: a directory on disk, a git commit, or a
 * GitHub ref. The core reads files only through this interface.
 */
export interface RepoSnapshot {
  /** A label for the revision (a commit SHA, `working tree`, …), used in messages. */
  readonly revision: string;
  /**
   * Every regular file below `dir` (recursively), repository-relative with `/` separators, sorted by
   * byte order. Symbolic links are not listed: upstream's walker does not follow them either.
   */
  listFiles(dir: string): Promise<readonly string[]>;
  /** The file's bytes, or `undefined` when no regular file exists at that path. */
  readFile(path: string): Promise<Uint8Array | undefined>;
  /**
   * Optional hint that these files will be read soon, so that an implementation can fetch them in
   * one batch (one `git cat-file --batch` round, one GraphQL query). Reading works without it.
   */
  prefetch?(paths: readonly string[]): Promise<void>;
}

/** A snapshot over an in-memory map of path to text; the fake used by tests and by callers that already hold the files. */
export class InMemorySnapshot implements RepoSnapshot {
  private readonly files: ReadonlyMap<string, Uint8Array>;
  private readonly sorted: readonly string[];

  constructor(
    files: Readonly<Record<string, string | Uint8Array>>,
    readonly revision = "in-memory",
  ) {
    const encoder = new TextEncoder();
    this.files = new Map(
      Object.entries(files).map(([path, content]) => [
        path,
        typeof content === "string" ? encoder.encode(content) : content,
      ]),
    );
    this.sorted = [...this.files.keys()].sort(compareBytes);
  }

  async listFiles(dir: string): Promise<readonly string[]> {
    const prefix = dir === "" || dir === "." ? "" : `${dir.replace(/\/+$/, "")}/`;
    return this.sorted.filter((path) => path.startsWith(prefix));
  }

  async readFile(path: string): Promise<Uint8Array | undefined> {
    return this.files.get(path);
  }
}

/** Byte-order comparison of paths (what git and Go's filepath.Walk use), not locale order. */
export function compareBytes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A snapshot with some files laid over another's: what a tree looks like after a few files are added or replaced. */
export class OverlaySnapshot implements RepoSnapshot {
  private readonly extra: InMemorySnapshot;

  constructor(
    private readonly under: RepoSnapshot,
    files: Readonly<Record<string, string | Uint8Array>>,
    readonly revision = `${under.revision} + overlay`,
  ) {
    this.extra = new InMemorySnapshot(files);
  }

  async listFiles(dir: string): Promise<readonly string[]> {
    const [below, above] = await Promise.all([this.under.listFiles(dir), this.extra.listFiles(dir)]);
    return [...new Set([...below, ...above])].sort(compareBytes);
  }

  async readFile(path: string): Promise<Uint8Array | undefined> {
    return (await this.extra.readFile(path)) ?? this.under.readFile(path);
  }

  async prefetch(paths: readonly string[]): Promise<void> {
    await this.under.prefetch?.(paths);
  }
}
