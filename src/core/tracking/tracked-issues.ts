import type { Config } from "../config.js";
import { releaseVersion } from "../receipts/paths.js";
import type { EnhancementIssue } from "./enhancement-issue.js";

/** The releases kepbot tracks: the config's current release and every release with a calendar, oldest first. */
export function trackableReleases(config: Pick<Config, "currentRelease" | "releases">): readonly string[] {
  const releases = new Set([...(config.currentRelease ? [config.currentRelease] : []), ...Object.keys(config.releases)]);
  return [...releases].sort((a, b) => {
    const [x, y] = [releaseVersion(a) ?? [0, 0], releaseVersion(b) ?? [0, 0]];
    return x[0] - y[0] || x[1] - y[1];
  });
}

/** Whether an issue is tracked for `release`: the lead opted it in and its milestone is that release. */
export function isTrackedFor(issue: EnhancementIssue, release: string, config: Pick<Config, "leadOptedIn">): boolean {
  return issue.milestone === release && issue.labels.includes(config.leadOptedIn.label);
}

/** The release an issue is tracked for, if any (its milestone, when that is a release kepbot tracks). */
export function trackedReleaseOf(issue: EnhancementIssue, config: Pick<Config, "leadOptedIn" | "currentRelease" | "releases">): string | undefined {
  const release = issue.milestone;
  return release !== undefined && trackableReleases(config).includes(release) && isTrackedFor(issue, release, config) ? release : undefined;
}
