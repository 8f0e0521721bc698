import type { ProbotOctokit } from "probot";
import { OctokitGitHub } from "../github/octokit-github.js";
import { closeRelease } from "../github/release-close.js";
import { readSettings } from "../github/settings.js";
import { githubRefusal, repoArgument, tokenOctokit } from "./github-token.js";

export interface ReleaseCloseOptions {
  readonly release: string;
  /** `owner/name` */
  readonly repo: string;
}

export interface ReleaseCloseIo {
  readonly stdout: (text: string) => void;
  /** GITHUB_TOKEN (a token that may edit the repository's issues); GITHUB_API_URL for GitHub Enterprise (default https://api.github.com). */
  readonly env: NodeJS.ProcessEnv;
}

/**
 * `kepbot release close vX.Y --repo owner/name`: what `/kepbot release close` does, with a personal or
 * Actions token instead of the app. The config (the opt-in label) is read from the default branch.
 */
export async function runReleaseClose(options: ReleaseCloseOptions, io: ReleaseCloseIo): Promise<number> {
  const repo = repoArgument(options.repo, "--repo");
  const octokit = tokenOctokit(io.env, "kepbot release close", "a token that may edit the repository's issues");
  const closed = await closeOn(octokit, repo, options.release).catch((error: unknown) => githubRefusal(error, options.repo));
  const { config } = closed;
  if (closed.issues.length === 0) {
    io.stdout(`${options.repo}: no issue of the ${options.release} milestone has ${config.leadOptedIn.label} or tracked/*; nothing to do\n`);
    return 0;
  }
  for (const issue of closed.issues) io.stdout(`#${issue.number}: removed ${issue.removed.join(", ")}\n`);
  io.stdout(`${options.repo}: closed ${options.release} on ${closed.issues.length} issue${closed.issues.length === 1 ? "" : "s"}, one comment each\n`);
  return 0;
}

async function closeOn(octokit: InstanceType<typeof ProbotOctokit>, repo: { owner: string; repo: string }, release: string) {
  const { data } = await octokit.rest.repos.get(repo);
  const github = new OctokitGitHub(octokit);
  const { config } = await readSettings(github, { ...repo, defaultBranch: data.default_branch });
  return { config, issues: await closeRelease(github, repo, release, config) };
}
