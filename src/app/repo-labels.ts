import type { ProbotOctokit } from "probot";
import type { RepoRef } from "../github/port.js";
import type { RepoLabels } from "./commands.js";

/**
 * The repository's labels through `GET /repos/{owner}/{repo}/labels/{name}` (GitHub matches the name
 * case-insensitively); 404 means the repository has no such label. A read: dry-run changes nothing here.
 *
 * Kept beside the GitHub port rather than in it until the port's rework lands; it belongs there.
 */
export function octokitRepoLabels(octokit: InstanceType<typeof ProbotOctokit>): RepoLabels {
  return {
    async find(repo: RepoRef, name: string): Promise<string | undefined> {
      try {
        const { data } = await octokit.rest.issues.getLabel({ owner: repo.owner, repo: repo.repo, name });
        return data.name;
      } catch (error) {
        if ((error as { status?: number }).status === 404) return undefined;
        throw error;
      }
    },
  };
}
