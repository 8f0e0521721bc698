import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Config } from "../core/config.js";
import type { BoardFilters } from "../core/tracking/board-filters.js";
import { filterBoard } from "../core/tracking/board-filters.js";
import { parseIssueExport } from "../core/tracking/issue-export.js";
import type { EnhancementIssue } from "../core/tracking/enhancement-issue.js";
import { defaultBoardSource, trackRelease, type BoardSource } from "../core/tracking/track-release.js";
import { trackableReleases } from "../core/tracking/tracked-issues.js";
import { DiskSnapshot } from "../io/disk-snapshot.js";
import { boardJson } from "../render/release-board-json.js";
import { renderBoardHtml } from "../render/release-board-html.js";
import { renderBoardText } from "../render/release-board-text.js";
import type { CommandIo } from "./command-io.js";
import { enhancementsRoot } from "./enhancements-root.js";
import { configFromText, loadRepoConfig } from "./repo-config.js";
import { OctokitGitHub } from "../github/octokit-github.js";
import { githubRefusal, repoArgument, tokenOctokit } from "./github-token.js";
import { UsageError } from "./usage-error.js";

export interface BoardOptions extends BoardFilters {
  /** The repository root; undefined: the nearest one at or above the working directory. */
  readonly dir?: string;
  readonly release: string;
  /** An issue export on disk; or, instead, */
  readonly issues?: string;
  /** `owner/name` whose issues of the release's milestone are read from GitHub (GITHUB_TOKEN). */
  readonly github?: string;
  readonly format: "html" | "json" | "text";
  readonly now?: Date;
  readonly config?: string;
  /** The repository's web address, for links (default https://github.com/kubernetes/enhancements). */
  readonly repository?: string;
  /** The branch links point at (default master). */
  readonly ref?: string;
}

/** The issue export FILE names, validated; a UsageError names the file and the first problem. */
export async function readIssuesFile(cwd: string, file: string): Promise<readonly EnhancementIssue[]> {
  const text = await readFile(path.resolve(cwd, file), "utf8").catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(`cannot read issues file ${file}: ${error.code === "ENOENT" ? "no such file" : error.message}`);
  });
  const parsed = parseIssueExport(text);
  if (!parsed.ok) throw new UsageError(`invalid issues file ${file}: ${parsed.message}`);
  return parsed.issues;
}

/** The issues of the release's milestone that carry the opt-in label, read with GITHUB_TOKEN (a read-only token will do). */
async function issuesFromGitHub(repository: string, release: string, config: Config, env: NodeJS.ProcessEnv): Promise<readonly EnhancementIssue[]> {
  const repo = repoArgument(repository, "--github");
  const github = new OctokitGitHub(tokenOctokit(env, "kepbot board --github", "a token that may read the repository's issues"));
  const listing = await github.listMilestoneIssues(repo, release, { labels: [config.leadOptedIn.label] }).catch((error: unknown) => githubRefusal(error, repository));
  return listing.issues.map(({ number, title, labels, milestone, state }) => ({ number, title, labels, ...(milestone !== undefined ? { milestone } : {}), state }));
}

async function configOf(root: string, cwd: string, file: string | undefined): Promise<Config> {
  if (file === undefined) return loadRepoConfig(root);
  const text = await readFile(path.resolve(cwd, file), "utf8").catch((error: Error) => {
    throw new UsageError(`cannot read config ${file}: ${error.message}`);
  });
  return configFromText(text, file);
}

/**
 * `kepbot board`: every enhancement issue tracked for a release (from an issue export), judged on the
 * checkout's working tree, as the release board's HTML page, its JSON (the same text the app's
 * `/releases/vX.Y?format=json` serves) or text.
 */
export async function runBoard(options: BoardOptions, io: CommandIo & { readonly env?: NodeJS.ProcessEnv }): Promise<number> {
  if ((options.issues === undefined) === (options.github === undefined)) throw new UsageError("kepbot board reads the issues from --issues FILE or from --github owner/name (one of them)");
  const root = await enhancementsRoot(io.cwd, options.dir);
  const config = await configOf(root, io.cwd, options.config);
  const releases = trackableReleases(config);
  if (!releases.includes(options.release)) {
    throw new UsageError(`${options.release} is not tracked: the config names ${releases.length > 0 ? releases.join(", ") : "no release"} (current-release, or a release with a calendar under releases:)`);
  }
  const issues = options.github !== undefined ? await issuesFromGitHub(options.github, options.release, config, io.env ?? {}) : await readIssuesFile(io.cwd, options.issues ?? "");
  const source: BoardSource = { repository: (options.repository ?? defaultBoardSource.repository).replace(/\/+$/, ""), ref: options.ref ?? defaultBoardSource.ref };
  const board = await trackRelease({ issues, snapshot: new DiskSnapshot(root), config, now: options.now ?? new Date(), release: options.release, source });
  const filters: BoardFilters = { ...(options.sig ? { sig: options.sig } : {}), ...(options.stage ? { stage: options.stage } : {}), ...(options.verdict ? { verdict: options.verdict } : {}), ...(options.prr ? { prr: options.prr } : {}) };
  if (options.format === "json") io.stdout(boardJson(filterBoard(board, filters), filters));
  else if (options.format === "html") io.stdout(renderBoardHtml(board, filters));
  else io.stdout(renderBoardText(filterBoard(board, filters)));
  return 0;
}
