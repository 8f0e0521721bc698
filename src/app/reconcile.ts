import { randomBytes } from "node:crypto";
import type { ChangedFile } from "../core/change-set.js";
import { configPath, defaultConfig, parseConfig, type Config } from "../core/config.js";
import { BudgetExceeded, workBudget, type WorkBudget } from "../core/budget.js";
import { analyzeRepository, type Analysis } from "../core/evaluate.js";
import type { Finding } from "../core/finding.js";
import { buildManifest } from "../core/receipts/manifest.js";
import { detectMoves } from "../core/receipts/moves.js";
import { withFindings, type Report } from "../core/report.js";
import { renderManifestMarkdown } from "../render/manifest.js";
import { renderMoves } from "../render/receipt-moves.js";
import { BlobCache, GitHubSnapshot } from "../github/github-snapshot.js";
import type { GitHubPort, PullRequestFile, RepoRef } from "../github/port.js";
import { checkRunOutputs, conclusionOf } from "../render/check-run.js";
import { approvalPaths, approvalsSince } from "./approvals.js";
import { CheckPublisher, checkRunExternalId } from "./check-publisher.js";
import { guessedReads } from "./guess-reads.js";
import type { PullRequestTarget, ReconcileDeps } from "./deps.js";
import { applySideEffects } from "./side-effects.js";

/** GitHub lists at most this many files of a pull request. */
export const maxPullRequestFiles = 3000;
export const checkName = "kepbot";

export type { Logger, PullRequestTarget, ReconcileDeps } from "./deps.js";

export type Outcome = { readonly conclusion: "success" | "failure" | "neutral"; readonly checkRunId: number; readonly analysis?: Analysis };

/**
 * Judges one pull request head and publishes the verdict: one `kepbot` check run, always completed,
 * then labels, review requests, suggestions and the summary comment.
 */
export async function reconcilePullRequest(deps: ReconcileDeps, target: PullRequestTarget): Promise<Outcome> {
  const repo: RepoRef = { owner: target.owner, repo: target.repo };
  const check = new CheckPublisher(deps.github, repo, { name: checkName, headSha: target.headSha, externalId: checkRunExternalId(target.number), startedAt: deps.now().toISOString() }, deps.now, deps.showProgressAfterMs, deps.runs, deps.retaken);
  const finish = async (conclusion: "neutral" | "failure", title: string, summary: string): Promise<Outcome> => ({ conclusion, checkRunId: await check.complete(conclusion, [{ title, summary }]) });
  try {
    // `failure`, not `neutral` (which GitHub counts as passing): padding a pull request past GitHub's
    // listing limit must not turn a required check green without a judgement.
    if ((target.changedFiles ?? 0) > maxPullRequestFiles) {
      return await finish("failure", "Pull request too large to check", `This pull request changes ${target.changedFiles} files; GitHub lists at most ${maxPullRequestFiles}, so kepbot cannot see all of them and does not pass it unseen. Split it, or run \`kepbot check --base\` locally (a maintainer may merge past this check).`);
    }
    const files = await deps.github.listChangedFiles(target, maxPullRequestFiles);
    if (files.length >= maxPullRequestFiles) {
      return await finish("failure", "Pull request too large to check", `This pull request changes ${maxPullRequestFiles} or more files, the most GitHub lists. Split it, or run \`kepbot check --base\` locally.`);
    }
    const judged = await judge(deps.github, target, files, deps.now(), budgetOf(deps));
    if (judged.state.headSha !== target.headSha) {
      // The PR moved on while this event waited: only the newest head's results may touch labels and comments.
      return await finish("neutral", "Superseded by a newer commit", `Pull request #${target.number} has moved on to ${judged.state.headSha}; kepbot judges that commit instead.`);
    }
    const report = withFindings(judged.analysis.report, judged.configFindings);
    const conclusion = conclusionOf(report);
    const checkRunId = await check.complete(conclusion, checkRunOutputs(report, [...judged.notes, ...(await receiptSections(files, report, judged.head))]));
    await applySideEffects(deps, target, { report, keps: judged.analysis.keps, activity: judged.state.activity, files, labels: judged.config.labels });
    return { conclusion, checkRunId, analysis: { report, keps: judged.analysis.keps } };
  } catch (error) {
    if (error instanceof BudgetExceeded) {
      // `failure`, not `neutral`: GitHub counts a neutral check as passing, so a pull request padded with
      // costly files would turn a required check green without being judged.
      deps.log.warn({ pr: target.number, budgetMs: error.limitMs }, "the pull request exceeded kepbot's work budget");
      return await finish("failure", "Too costly to check", tooCostly(error.limitMs)).catch(() => ({ conclusion: "failure" as const, checkRunId: 0 }));
    }
    // Never leave a check in progress: whatever failed, the run completes. The public check says only an
    // error id: the error's text (addresses, host names, tokens in URLs) stays in the operators' logs.
    const errorId = randomBytes(4).toString("hex");
    deps.log.error({ err: error, pr: target.number, errorId }, "kepbot could not check the pull request");
    try {
      return await finish("failure", "kepbot could not check this pull request", `kepbot failed while checking this head (error id \`${errorId}\`).\n\nRe-run the check; if it keeps failing, tell the kepbot operators the error id.`);
    } catch (publishError) {
      deps.log.error({ err: publishError }, "kepbot could not complete its check run");
      return { conclusion: "failure", checkRunId: 0 };
    }
  }
}

/** The check's summary when a pull request runs out of work budget. */
function tooCostly(limitMs: number): string {
  const seconds = Number((limitMs / 1000).toFixed(1));
  return [
    `This pull request would take more than ${seconds} s of kepbot's time to check, the most one check may take, so kepbot stopped before judging it.`,
    "Its files are costly to read (very large, or YAML with many aliases or deep nesting), or it changes very many KEPs at once.",
    "",
    "Split it into smaller pull requests, or run `kepbot check --base <base branch>` locally, which has no such limit.",
  ].join("\n");
}

/** One judgement's budget: work measured on the monotonic clock, other deliveries let in between files. */
function budgetOf(deps: ReconcileDeps): WorkBudget | undefined {
  if (deps.workBudgetMs === undefined) return undefined;
  return workBudget(deps.workBudgetMs, () => performance.now(), () => new Promise<void>((resolve) => setImmediate(resolve)));
}

/**
 * Reads what the core needs and judges it. The content is GitHub's test merge of the head into the
 * base (what CI tests and what would land), the base is the commit it merged into: lists, config and
 * what was already there come from it. While GitHub has no current test merge, the head is judged
 * against the base branch's tip, and the check says so.
 */
async function judge(github: GitHubPort, target: PullRequestTarget, files: readonly PullRequestFile[], now: Date, budget: WorkBudget | undefined) {
  const repo: RepoRef = { owner: target.owner, repo: target.repo };
  const cache = new BlobCache(github);
  const { state, blobs, blobIds } = await github.readPullRequest(target, { ...guessedReads(files), headIds: { sha: target.headSha, paths: approvalPaths(files) } });
  cache.store(blobs);
  const contentSha = state.merge?.sha ?? state.headSha;
  // The test merge is its base plus this change, so its file list follows from the base's. Every pull request
  // on the same base tip shares that listing (the content cache keeps it), while each push makes a new merge.
  const baseFiles = state.merge ? await github.listTree(repo, state.merge.baseSha) : undefined;
  const contentFiles = baseFiles ? filesAfter(baseFiles, files) : await github.listTree(repo, contentSha);
  const head = new GitHubSnapshot(github, cache, repo, contentSha, contentFiles);
  const base = new GitHubSnapshot(github, cache, repo, state.merge?.baseSha ?? state.baseTip, baseFiles);

  const { config, configFindings } = readConfig(await base.readFile(configPath));
  const remote = /^([^/:]+)\/([^/:]+):/.exec(config.sigs);
  const analysis = await analyzeRepository({
    head,
    base,
    change: { files },
    config,
    pullRequest: { author: target.author, approvals: await approvalsSince(github, repo, state.activity.reviews, state.headSha, files, blobIds), ...(target.body ? { body: target.body } : {}) },
    now,
    ...(budget ? { budget } : {}),
    ...(remote ? { remoteSigs: new GitHubSnapshot(github, cache, { owner: remote[1] ?? "", repo: remote[2] ?? "" }, "HEAD") } : {}),
  });
  const notes = state.merge ? [] : [`GitHub has no test merge of this head into ${target.repo}'s base yet (it is still computing it, or they conflict), so kepbot judged the head as it is against the base branch's tip.`];
  return { analysis, state, configFindings, config, head, notes };
}

/**
 * The file list after a change: the one before it, with the change made. For a clean merge this is exact: a
 * path the change adds or removes that its base also added or removed is there, or gone, either way.
 */
export function filesAfter(before: readonly string[], changed: readonly ChangedFile[]): string[] {
  const files = new Set(before);
  for (const file of changed) {
    if (file.status === "renamed" && file.previousPath) files.delete(file.previousPath);
    if (file.status === "removed") files.delete(file.path);
    else files.add(file.path);
  }
  return [...files];
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
