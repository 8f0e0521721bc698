import type { ChangedFile } from "../core/change-set.js";
import type { Approval } from "../core/repo/model.js";
import { blobKey, type GitHubPort, type RepoRef, type Review } from "../github/port.js";
import { latestApprovals } from "../github/reviews.js";

/** Beyond this many files an approval's staleness is judged on the KEP and receipt files alone. */
const maxComparedPaths = 200;

/**
 * Each approval with the files that changed since the commit it approved. Only the pull request's
 * own files under `keps/` and `releases/` can matter to an approval kepbot requires, so only they are
 * compared, all in one query; approvals of the head itself cost nothing.
 */
export async function approvalsSince(github: GitHubPort, repo: RepoRef, reviews: readonly Review[], headSha: string, files: readonly ChangedFile[]): Promise<readonly Approval[]> {
  const approvals = latestApprovals(reviews);
  const earlier = [...new Set(approvals.flatMap((review) => (review.commitId && review.commitId !== headSha ? [review.commitId] : [])))];
  const paths = [...new Set(files.flatMap((file) => [file.path, ...(file.previousPath ? [file.previousPath] : [])]))]
    .filter((path) => path.startsWith("keps/") || path.startsWith("releases/"))
    .slice(0, maxComparedPaths);
  if (earlier.length === 0 || paths.length === 0) return approvals.map((review) => ({ login: review.author, changedSince: [] }));

  const requests = [headSha, ...earlier].flatMap((ref) => paths.map((path) => ({ ...repo, ref, path })));
  const { blobs } = await github.readBlobs(requests);
  const bytesAt = (ref: string, path: string) => blobs.get(blobKey({ ...repo, ref, path }));
  const differs = (commit: string, path: string) => {
    const [then, now] = [bytesAt(commit, path), bytesAt(headSha, path)];
    return then === undefined || now === undefined ? then !== now : !Buffer.from(then).equals(now);
  };
  const changedSince = new Map(earlier.map((commit) => [commit, paths.filter((path) => differs(commit, path))]));
  return approvals.map((review) => ({ login: review.author, changedSince: (review.commitId && changedSince.get(review.commitId)) || [] }));
}
