import { compareBytes, type RepoSnapshot } from "../core/snapshot.js";
import { blobKey, type BlobRequest, type GitHubPort, type RepoRef } from "./port.js";

/**
 * Blobs already read, shared by the base and head snapshots of one evaluation, so that a single
 * batched query made up front serves most reads.
 */
export class BlobCache {
  private readonly blobs = new Map<string, Uint8Array | undefined>();

  constructor(private readonly github: GitHubPort) {}

  has(request: BlobRequest): boolean {
    return this.blobs.has(blobKey(request));
  }

  get(request: BlobRequest): Uint8Array | undefined {
    return this.blobs.get(blobKey(request));
  }

  store(blobs: ReadonlyMap<string, Uint8Array | undefined>): void {
    for (const [key, value] of blobs) this.blobs.set(key, value);
  }

  /** Reads whatever of `requests` is not cached yet, in one batch. */
  async fetch(requests: readonly BlobRequest[]): Promise<void> {
    const missing = requests.filter((request) => !this.has(request));
    if (missing.length === 0) return;
    const unique = [...new Map(missing.map((request) => [blobKey(request), request])).values()];
    this.store((await this.github.readBlobs(unique)).blobs);
  }
}

/** The files of a repository at one commit, read through the GitHub port. */
export class GitHubSnapshot implements RepoSnapshot {
  private tree: Promise<readonly string[]> | undefined;
  /** The paths the snapshot holds, when its file list came with it: a path outside it needs no read. */
  private readonly known: ReadonlySet<string> | undefined;

  constructor(
    private readonly github: GitHubPort,
    private readonly cache: BlobCache,
    private readonly repoRef: RepoRef,
    readonly revision: string,
    /** The file list, when the caller already has it. */
    files?: readonly string[],
  ) {
    if (files) this.tree = Promise.resolve([...files].sort(compareBytes));
    this.known = files ? new Set(files) : undefined;
  }

  private files(): Promise<readonly string[]> {
    this.tree ??= this.github.listTree(this.repoRef, this.revision).then((paths) => [...paths].sort(compareBytes));
    return this.tree;
  }

  async listFiles(dir: string): Promise<readonly string[]> {
    const prefix = dir === "" || dir === "." ? "" : `${dir.replace(/\/+$/, "")}/`;
    return (await this.files()).filter((path) => path.startsWith(prefix));
  }

  request(path: string): BlobRequest {
    return { ...this.repoRef, ref: this.revision, path };
  }

  async readFile(path: string): Promise<Uint8Array | undefined> {
    if (this.known && !this.known.has(path)) return undefined;
    const request = this.request(path);
    if (!this.cache.has(request)) await this.cache.fetch([request]);
    return this.cache.get(request);
  }

  async prefetch(paths: readonly string[]): Promise<void> {
    await this.cache.fetch(paths.filter((path) => !this.known || this.known.has(path)).map((path) => this.request(path)));
  }
}
