import { LRUCache } from "lru-cache";
import type { PullRequestFile } from "./port.js";

/**
 * What GitHub says about content named by commit: a commit's file list, a file's bytes or blob id at a commit,
 * a pull request's changed files between two commits. None of it can change once read, so one process keeps it
 * for the deliveries that follow: Prow sets half a dozen labels on a new pull request and every one of
 * those events judges the same commits again.
 *
 * Only full commit SHAs are cached (a branch name or HEAD moves), entries are bounded by their size, and
 * keys carry the installation, so that one installation's reads never answer another's.
 */
export class ContentCache {
  private readonly entries: LRUCache<string, CachedValue>;

  /**
   * At most `maxBytes` in all, and no entry above `maxEntryBytes` (an eighth of the whole by default): one huge
   * file (or the placeholder of one too large to read) must not push out everything else.
   */
  constructor(maxBytes: number, maxEntryBytes = Math.floor(maxBytes / 8)) {
    this.entries = new LRUCache<string, CachedValue>({ maxSize: Math.max(1, maxBytes), maxEntrySize: Math.max(1, Math.min(maxBytes, maxEntryBytes)), sizeCalculation: sizeOf });
  }

  /** The cache of one installation's reads. */
  scope(installation: string): ScopedContentCache {
    return new ScopedContentCache(this.entries, installation);
  }
}

export type CachedValue = { readonly paths: readonly string[] } | { readonly bytes: Uint8Array | undefined } | { readonly blobId: string | undefined } | { readonly files: readonly PullRequestFile[] };

/** Roughly what a value holds in memory (two bytes a character for strings), for the size bound. */
export function sizeOf(value: CachedValue): number {
  if ("paths" in value) return 64 + value.paths.reduce((total, path) => total + 48 + 2 * path.length, 0);
  if ("bytes" in value) return 64 + (value.bytes?.byteLength ?? 0);
  if ("blobId" in value) return 64 + 2 * (value.blobId?.length ?? 0);
  return 64 + value.files.reduce((total, file) => total + 96 + 2 * (file.path.length + (file.previousPath?.length ?? 0)) + 16 * file.diffRanges.length, 0);
}

/** A full commit SHA (SHA-1 or SHA-256): the only kind of ref whose content cannot change. */
export function isCommitSha(ref: string): boolean {
  return /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/.test(ref);
}

export class ScopedContentCache {
  constructor(
    private readonly entries: LRUCache<string, CachedValue>,
    private readonly installation: string,
  ) {}

  private key(kind: string, ...parts: string[]): string {
    return `${this.installation}\u0000${kind}\u0000${parts.join("\u0000")}`;
  }

  tree(repo: string, sha: string): readonly string[] | undefined {
    const value = this.entries.get(this.key("tree", repo, sha));
    return value && "paths" in value ? value.paths : undefined;
  }

  storeTree(repo: string, sha: string, paths: readonly string[]): void {
    if (isCommitSha(sha)) this.entries.set(this.key("tree", repo, sha), { paths });
  }

  /** A blob read before: `{ bytes }` (undefined bytes: the file does not exist there), or undefined when not cached. */
  blob(repo: string, ref: string, path: string): { bytes: Uint8Array | undefined } | undefined {
    const value = this.entries.get(this.key("blob", repo, ref, path));
    return value && "bytes" in value ? value : undefined;
  }

  storeBlob(repo: string, ref: string, path: string, bytes: Uint8Array | undefined): void {
    if (isCommitSha(ref)) this.entries.set(this.key("blob", repo, ref, path), { bytes });
  }

  /** A path's blob id at a commit read before: `{ blobId }` (undefined: no file there), or undefined when not cached. */
  blobId(repo: string, commit: string, path: string): { blobId: string | undefined } | undefined {
    const value = this.entries.get(this.key("id", repo, commit, path));
    return value && "blobId" in value ? value : undefined;
  }

  storeBlobId(repo: string, commit: string, path: string, blobId: string | undefined): void {
    if (isCommitSha(commit)) this.entries.set(this.key("id", repo, commit, path), { blobId });
  }

  /** A pull request's changed files at a head and base commit: GitHub diffs the head against its merge base with that base. */
  changedFiles(repo: string, number: number, headSha: string, baseSha: string, limit: number): readonly PullRequestFile[] | undefined {
    const value = this.entries.get(this.key("files", repo, String(number), headSha, baseSha, String(limit)));
    return value && "files" in value ? value.files : undefined;
  }

  storeChangedFiles(repo: string, number: number, headSha: string, baseSha: string, limit: number, files: readonly PullRequestFile[]): void {
    if (isCommitSha(headSha) && isCommitSha(baseSha)) this.entries.set(this.key("files", repo, String(number), headSha, baseSha, String(limit)), { files });
  }
}
