import { configPath, defaultConfig, parseConfig, type Config } from "../core/config.js";
import type { BoardSource } from "../core/tracking/track-release.js";
import { BlobCache, GitHubSnapshot } from "./github-snapshot.js";
import type { GitHubPort, RepoRef } from "./port.js";

// What the app's release tracking and the CLI's `release close` and `board --github` read first: the
// repository's config and lists on its default branch, over the GitHub port.

/** A repository and its default branch, where the KEPs and the config are read. */
export interface TrackingRepo extends RepoRef {
  readonly defaultBranch: string;
}

/** The config and the approver lists of the default branch, read in one query, and the snapshot that holds them. */
export interface TrackingSettings {
  readonly config: Config;
  readonly configProblem?: string;
  readonly snapshot: GitHubSnapshot;
  readonly source: BoardSource;
}

export async function readSettings(github: GitHubPort, repo: TrackingRepo): Promise<TrackingSettings> {
  const snapshot = new GitHubSnapshot(github, new BlobCache(github), repo, repo.defaultBranch);
  // The lists judging needs (PRR approvers, sigs.yaml) come along with the config: one read, not two.
  await snapshot.prefetch([configPath, "OWNERS_ALIASES", defaultConfig.sigs, defaultConfig.tocExemptList]);
  const text = await snapshot.readFile(configPath);
  const parsed = text ? parseConfig(new TextDecoder().decode(text)) : undefined;
  const source = { repository: `https://github.com/${repo.owner}/${repo.repo}`, ref: repo.defaultBranch };
  if (parsed?.ok === false) return { config: defaultConfig, configProblem: parsed.problems.map((problem) => `${configPath}:${problem.line}: ${problem.message}`).join("; "), snapshot, source };
  return { config: parsed?.config ?? defaultConfig, snapshot, source };
}
