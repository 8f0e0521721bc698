import type { Config } from "../core/config.js";
import type { GitHubPort, RepoRef } from "./port.js";
import { renderReleaseClosedComment } from "../render/tracking-notices.js";

export interface ClosedIssue {
  readonly number: number;
  readonly removed: readonly string[];
}

/** The labels a release leaves on its issues: the opt-in label and `tracked/*`. */
export function releaseLabels(labels: readonly string[], config: Pick<Config, "leadOptedIn">): readonly string[] {
  return labels.filter((label) => label === config.leadOptedIn.label || /^tracked\/./.test(label));
}

/**
 * End of a release: removes `lead-opted-in` and `tracked/*` from every issue of the release's milestone,
 * with one comment on each issue saying so. Issues without those labels are left alone, so running it
 * again changes nothing. Reads one query per hundred issues of the milestone; writes one request per
 * removed label and one comment per issue.
 */
export async function closeRelease(github: GitHubPort, repo: RepoRef, release: string, config: Pick<Config, "leadOptedIn">, by?: string): Promise<readonly ClosedIssue[]> {
  const listing = await github.listMilestoneIssues(repo, release, {});
  const closed: ClosedIssue[] = [];
  for (const issue of [...listing.issues].sort((a, b) => a.number - b.number)) {
    const removed = releaseLabels(issue.labels, config);
    if (removed.length === 0) continue;
    const ref = { ...repo, number: issue.number };
    for (const label of removed) await github.removeLabel(ref, label);
    await github.createComment(ref, renderReleaseClosedComment(release, removed, by, config.leadOptedIn.label));
    closed.push({ number: issue.number, removed });
  }
  return closed;
}

/** `close v1.37` → `v1.37`; undefined for anything else. */
export function releaseToClose(argument: string): string | undefined {
  return /^close\s+(v[0-9]+\.[0-9]+)$/.exec(argument.trim())?.[1];
}
