import type { ChangeSet } from "../core/change-set.js";
import { configPath, defaultConfig, parseConfig, type Config } from "../core/config.js";
import { analyzeRepository, type Analysis } from "../core/evaluate.js";
import type { Finding } from "../core/finding.js";
import { buildManifest } from "../core/receipts/manifest.js";
import { detectMoves } from "../core/receipts/moves.js";
import { withFindings, type Report } from "../core/report.js";
import { renderManifestMarkdown } from "../render/manifest.js";
import { renderMoves } from "../render/receipt-moves.js";
import { BlobCache, GitHubSnapshot } from "../github/github-snapshot.js";
import type { GitHubPort, PrRef, PullRequestActivity, PullRequestFile, RepoRef } from "../github/port.js";
import { approvers } from "../github/reviews.js";
import { checkRunOutputs, conclusionOf } from "../render/check-run.js";
import { plannedReads } from "./plan-reads.js";
import { applySideEffects } from "./side-effects.js";

/** GitHub lists at most this many files of a pull request. */
export const maxPullRequestFiles = 3000;
export const checkName = "kepbot";

export interface Logger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface ReconcileDeps {
  readonly github: GitHubPort;
  readonly log: Logger;
  readonly now: () => Date;
}

/** The pull request at the head that is to be judged, as an event describes it. */
export interface PullRequestTarget extends PrRef {
  readonly headSha: string;
  readonly baseSha: string;
  readonly author: string;
  readonly labels: readonly string[];
  readonly requestedReviewers: readonly string[];
  /** From the payload when it says (pull_request events); undefined otherwise. */
  readonly changedFiles?: number;
  readonly body?: string;
}

export type Outcome = { readonly conclusion: "success" | "failure" | "neutral"; readonly checkRunId: number; readonly analysis?: Analysis };

/**
 * Judges one pull request head and publishes the verdict: one `kepbot` check run, started before the
 * work and always completed, then labels, review requests, suggestions and the summary comment.
 */
export async function reconcilePullRequest(deps: ReconcileDeps, target: PullRequestTarget): Promise<Outcome> {
  const repo: RepoRef = { owner: target.owner, repo: target.repo };
  const checkRunId = await deps.github.createCheckRun(repo, { name: checkName, headSha: target.headSha, externalId: String(target.number), startedAt: deps.now().toISOString() });
  try {
    if ((target.changedFiles ?? 0) > maxPullRequestFiles) {
      await complete(deps, repo, checkRunId, "neutral", "Pull request too large to check", `This pull request changes ${target.changedFiles} files; GitHub lists at most ${maxPullRequestFiles}, so kepbot cannot see all of them. Split it, or run \`kepbot check --base\` locally.`);
      return { conclusion: "neutral", checkRunId };
    }
    const files = await deps.github.listChangedFiles(target, maxPullRequestFiles);
    if (files.length >= maxPullRequestFiles) {
      await complete(deps, repo, checkRunId, "neutral", "Pull request too large to check", `This pull request changes ${maxPullRequestFiles} or more files, the most GitHub lists. Split it, or run \`kepbot check --base\` locally.`);
      return { conclusion: "neutral", checkRunId };
    }
    const { analysis, activity, configFindings, config, head } = await evaluate(deps.github, target, files, deps.now());
    if (activity.headSha && activity.headSha !== target.headSha) {
      // The PR moved on while this event waited: only the newest head's results may touch labels and comments.
      await complete(deps, repo, checkRunId, "neutral", "Superseded by a newer commit", `Pull request #${target.number} has moved on to ${activity.headSha}; kepbot judges that commit instead.`);
      return { conclusion: "neutral", checkRunId };
    }
    const report = withFindings(analysis.report, configFindings);
    const conclusion = conclusionOf(report);
    const [first, ...rest] = checkRunOutputs(report, await receiptSections(files, report, head));
    await deps.github.updateCheckRun(repo, checkRunId, { status: "completed", conclusion, completedAt: deps.now().toISOString(), ...(first ? { output: first } : {}) });
    for (const output of rest) await deps.github.updateCheckRun(repo, checkRunId, { output });
    await applySideEffects(deps, target, { report, keps: analysis.keps, activity, files, labels: config.labels });
    return { conclusion, checkRunId, analysis: { report, keps: analysis.keps } };
  } catch (error) {
    // Never leave a check in progress: whatever failed, the run completes and says why.
    const reason = error instanceof Error ? error.message : String(error);
    deps.log.error({ err: error, pr: target.number }, "kepbot could not check the pull request");
    await complete(deps, repo, checkRunId, "failure", "kepbot could not check this pull request", `kepbot failed while checking this head: ${reason}\n\nRe-run the check; if it keeps failing, tell the kepbot operators.`).catch((publishError: unknown) =>
      deps.log.error({ err: publishError }, "kepbot could not complete its check run"),
    );
    return { conclusion: "failure", checkRunId };
  }
}

async function complete(deps: ReconcileDeps, repo: RepoRef, id: number, conclusion: "neutral" | "failure", title: string, summary: string): Promise<void> {
  await deps.github.updateCheckRun(repo, id, { status: "completed", conclusion, completedAt: deps.now().toISOString(), output: { title, summary } });
}

/** Reads what the core needs (one tree listing, one batched query) and runs it. */
async function evaluate(github: GitHubPort, target: PullRequestTarget, files: readonly PullRequestFile[], now: Date) {
  const repo: RepoRef = { owner: target.owner, repo: target.repo };
  const cache = new BlobCache(github);
  const headFiles = await github.listTree(repo, target.headSha);
  const head = new GitHubSnapshot(github, cache, repo, target.headSha, headFiles);
  const base = new GitHubSnapshot(github, cache, repo, target.baseSha);
  const planned = plannedReads(files, headFiles);
  const { blobs, activity } = await github.readBlobs([...planned.head.map((path) => head.request(path)), ...planned.base.map((path) => base.request(path))], target);
  cache.store(blobs);

  const { config, configFindings } = readConfig(await base.readFile(configPath));
  const remote = /^([^/:]+)\/([^/:]+):/.exec(config.sigs);
  const change: ChangeSet = { files };
  const analysis = await analyzeRepository({
    head,
    base,
    change,
    config,
    pullRequest: { author: target.author, approvedBy: approvers(activity?.reviews ?? []), ...(target.body ? { body: target.body } : {}) },
    now,
    ...(remote ? { remoteSigs: new GitHubSnapshot(github, cache, { owner: remote[1] ?? "", repo: remote[2] ?? "" }, "HEAD") } : {}),
  });
  return { analysis, activity: activity ?? emptyActivity, configFindings, config, head };
}

/** For a PR that touches releases/: each receipt move with its verdict, and each touched release's manifest after the PR. */
async function receiptSections(files: readonly PullRequestFile[], report: Report, head: GitHubSnapshot): Promise<string[]> {
  const moves = detectMoves({ files });
  const releases = [...new Set(files.flatMap((file) => [file.path, file.previousPath ?? ""]).flatMap((path) => /^releases\/(v[0-9]+\.[0-9]+)\//.exec(path)?.[1] ?? []))].sort();
  if (releases.length === 0) return [];
  const sections = moves.length > 0 ? [renderMoves(moves, report.findings)] : [];
  for (const release of releases) sections.push(`#### Manifest after this pull request\n\n${renderManifestMarkdown(await buildManifest(head, release))}`);
  return sections;
}

const emptyActivity: PullRequestActivity = { reviews: [], comments: [], reviewThreadComments: [] };

/** The base branch's config; an invalid one is reported in the check and the defaults apply. */
function readConfig(bytes: Uint8Array | undefined): { config: Config; configFindings: Finding[] } {
  if (bytes === undefined) return { config: defaultConfig, configFindings: [] };
  const parsed = parseConfig(new TextDecoder().decode(bytes));
  if (parsed.ok) return { config: parsed.config, configFindings: [] };
  return {
    config: defaultConfig,
    configFindings: parsed.problems.map((problem) => ({
      rule: "repo/config",
      severity: "error",
      path: configPath,
      line: problem.line,
      message: `invalid kepbot configuration (the defaults were used): ${problem.message}`,
    })),
  };
}
