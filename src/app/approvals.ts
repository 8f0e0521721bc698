import type { ChangedFile } from "../core/change-set.js";
import type { Approval } from "../core/repo/model.js";
import { blobKey, type GitHubPort, type RepoRef, type Review } from "../github/port.js";
import { latestApprovals } from "../github/reviews.js";

/** Beyond this many files an approval's staleness is judged on the KEP and receipt files alone. */
const maxComparedPaths = 200;

/**
 * The paths an approval's staleness is judged on: only the pull request's own files under `keps/` and
 * `releases/` can matter to an approval kepbot requires.
 */
export function approvalPaths(files: readonly ChangedFile[]): string[] {
  return [...new Set(files.flatMap((file) => [file.path, ...(file.previousPath ? [file.previousPath] : [])]))]
    .filter((path) => path.startsWith("keps/") || path.startsWith("releases/"))
    .slice(0, maxComparedPaths);
}

/**
 * Each approval with the files that changed since the commit it approved, told by blob ids (git's hash of the
 * content): `known` holds those read already (the head's come with the pull request's query), the rest come in
 * one query, and ids of a commit seen before (an approved commit was once the head) are not read again.
 * Approvals of the head itself cost nothing.
 */
export async function approvalsSince(github: GitHubPort, repo: RepoRef, reviews: readonly Review[], headSha: string, files: readonly ChangedFile[], known: ReadonlyMap<string, string | undefined> = new Map()): Promise<readonly Approval[]> {
  const approvals = latestApprovals(reviews);
  const earlier = [...new Set(approvals.flatMap((review) => (review.commitId && review.commitId !== headSha ? [review.commitId] : [])))];
  const paths = approvalPaths(files);
  if (earlier.length === 0 || paths.length === 0) return approvals.map((review) => ({ login: review.author, changedSince: [] }));

  const keyAt = (ref: string, path: string) => blobKey({ ...repo, ref, path });
  const unread = [headSha, ...earlier].filter((ref) => paths.some((path) => !known.has(keyAt(ref, path))));
  const read = unread.length > 0 ? await github.readBlobIds(repo, unread, paths) : new Map<string, string | undefined>();
  const idAt = (ref: string, path: string) => (known.has(keyAt(ref, path)) ? known.get(keyAt(ref, path)) : read.get(keyAt(ref, path)));
  const changedSince = new Map(earlier.map((commit) => [commit, paths.filter((path) => idAt(commit, path) !== idAt(headSha, path))]));
  return approvals.map((review) => ({ login: review.author, changedSince: (review.commitId && changedSince.get(review.commitId)) || [] }));
}
