import { readFile } from "node:fs/promises";
import path from "node:path";
import type { ChangeSet } from "../core/change-set.js";
import { OverlaySnapshot, type RepoSnapshot } from "../core/snapshot.js";
import { mergedTree } from "../io/git.js";
import { gitChangeSet } from "../io/git-change-set.js";
import { GitSnapshot } from "../io/git-snapshot.js";
import { UsageError } from "./usage-error.js";

/** The revisions a pull request from `base` to `head` is judged on. */
export interface ChangeSnapshots {
  /** The head merged into the base: what CI tests and what would land (the head itself when they conflict). */
  readonly head: RepoSnapshot;
  /** The base: trusted lists and config, and the findings that were already there. */
  readonly base: RepoSnapshot;
  /** What the pull request changes: `git diff -M base...head`, from the merge base. */
  readonly change: ChangeSet;
  /** The head does not merge cleanly into the base, so the head was judged as it is. */
  readonly unmerged: boolean;
}

/** Reads a change between two resolved commits of the git repository at `dir`, as kepbot judges pull requests. */
export async function changeSnapshots(dir: string, baseCommit: string, headCommit: string): Promise<ChangeSnapshots> {
  const [merged, change] = await Promise.all([mergedTree(dir, baseCommit, headCommit), gitChangeSet(dir, baseCommit, headCommit)]);
  return { base: new GitSnapshot(dir, baseCommit), head: new GitSnapshot(dir, merged ?? headCommit), change, unmerged: merged === undefined };
}

/**
 * `--sigs FILE`: a sigs.yaml from disk laid over the snapshot at `sigsPath`, for repositories that do
 * not hold the SIG list themselves (kubernetes/enhancements reads kubernetes/community's).
 */
export async function withSigsFile(snapshot: RepoSnapshot, file: string | undefined, cwd: string, sigsPath: string): Promise<RepoSnapshot> {
  if (file === undefined) return snapshot;
  const text = await readFile(path.resolve(cwd, file)).catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(`cannot read --sigs ${file}: ${error.code === "ENOENT" ? "no such file" : error.message}`);
  });
  return new OverlaySnapshot(snapshot, { [sigsPath]: text }, snapshot.revision);
}
