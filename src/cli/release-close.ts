import { ProbotOctokit } from "probot";
import { closeRelease } from "../app/release-close.js";
import { readSettings } from "../app/tracking.js";
import { OctokitGitHub } from "../github/octokit-github.js";
import { UsageError } from "./usage-error.js";

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

const silent = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * `kepbot release close vX.Y --repo owner/name`: what `/kepbot release close` does, with a personal or
 * Actions token instead of the app. The config (the opt-in label) is read from the default branch.
 */
export async function runReleaseClose(options: ReleaseCloseOptions, io: ReleaseCloseIo): Promise<number> {
  const match = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)$/.exec(options.repo);
  if (!match) throw new UsageError(`--repo expects owner/name, not ${options.repo}`);
  const token = io.env.GITHUB_TOKEN;
  if (!token) throw new UsageError("kepbot release close needs GITHUB_TOKEN: a token that may edit the repository's issues");
  const octokit = new ProbotOctokit({ auth: { token }, log: silent, ...(io.env.GITHUB_API_URL ? { baseUrl: io.env.GITHUB_API_URL.replace(/\/+$/, "") } : {}) });
  const repo = { owner: match[1] ?? "", repo: match[2] ?? "" };
  const closed = await closeOn(octokit, repo, options.release).catch((error: unknown) => {
    const status = (error as { status?: number }).status;
    // GitHub's refusal (a bad token, no access) is the user's to fix, said in one line.
    if (status !== undefined) throw new UsageError(`GitHub answered ${status} for ${options.repo}: ${error instanceof Error ? error.message : String(error)}`);
    throw error;
  });
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
