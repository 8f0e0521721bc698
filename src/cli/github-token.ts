import { ProbotOctokit } from "probot";
import { UsageError } from "./usage-error.js";

const silent = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

/** `owner/name`, checked. */
export function repoArgument(value: string, option: string): { owner: string; repo: string } {
  const match = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)$/.exec(value);
  if (!match) throw new UsageError(`${option} expects owner/name, not ${value}`);
  return { owner: match[1] ?? "", repo: match[2] ?? "" };
}

/**
 * An Octokit for the CLI's GitHub commands: GITHUB_TOKEN (what it needs: `purpose`), and GITHUB_API_URL
 * for GitHub Enterprise (default https://api.github.com).
 */
export function tokenOctokit(env: NodeJS.ProcessEnv, command: string, purpose: string): InstanceType<typeof ProbotOctokit> {
  const token = env.GITHUB_TOKEN;
  if (!token) throw new UsageError(`${command} needs GITHUB_TOKEN: ${purpose}`);
  return new ProbotOctokit({ auth: { token }, log: silent, ...(env.GITHUB_API_URL ? { baseUrl: env.GITHUB_API_URL.replace(/\/+$/, "") } : {}) });
}

/** GitHub's refusal (a bad token, no access) is the user's to fix, said in one line. */
export function githubRefusal(error: unknown, what: string): never {
  const status = (error as { status?: number }).status;
  if (status !== undefined) throw new UsageError(`GitHub answered ${status} for ${what}: ${error instanceof Error ? error.message : String(error)}`);
  throw error;
}
