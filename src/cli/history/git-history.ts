import { git } from "../../io/git.js";

/** A merge on the first-parent line of a branch: a pull request as it landed. */
export interface MergeCommit {
  readonly sha: string;
  /** The base branch as it was when the pull request merged. */
  readonly base: string;
  /** The pull request's head. */
  readonly head: string;
  readonly mergedAt: string;
  readonly subject: string;
  /** From GitHub's "Merge pull request #N from …" subject, when it has one. */
  readonly number?: number;
}

/** The newest `count` first-parent merges of `revision`, newest first. */
export async function firstParentMerges(dir: string, revision: string, count: number): Promise<readonly MergeCommit[]> {
  const out = await git(dir, ["log", "--first-parent", "--merges", `-n${count}`, "--format=%H%x00%P%x00%cI%x00%s", "--end-of-options", revision, "--"]);
  return out
    .toString("utf8")
    .split("\n")
    .filter(Boolean)
    .flatMap((line) => {
      const [sha = "", parents = "", mergedAt = "", subject = ""] = line.split("\0");
      const [base, head] = parents.split(" ");
      if (!base || !head) return [];
      const number = /^Merge pull request #([0-9]+)\b/.exec(subject)?.[1];
      return [{ sha, base, head, mergedAt, subject, ...(number ? { number: Number(number) } : {}) }];
    });
}

/** When `path` first appeared on the history of `revision` with a line matching `pattern` (ISO time), if it did. */
export async function firstAppearance(dir: string, revision: string, path: string, pattern?: string): Promise<string | undefined> {
  const args = ["log", "--format=%cI", "--reverse", ...(pattern ? ["-G", pattern] : ["--diff-filter=A"]), "--end-of-options", revision, "--", path];
  const out = await git(dir, args);
  return out.toString("utf8").split("\n").find(Boolean);
}
