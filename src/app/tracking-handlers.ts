import type { Probot } from "probot";
import type { RepoRef } from "../github/port.js";
import type { Logger } from "./deps.js";
import { configBranchOf, depsFor, handleDelivery, type Runtime } from "./runtime.js";
import type { TrackingRepo } from "../github/settings.js";
import { pushImpact, syncIssue, syncRepository, type TrackingDeps } from "./tracking.js";

/**
 * Keeps release tracking current from webhooks: an enhancement issue's labels or milestone changed by
 * hand (`issues.unlabeled`, `milestoned`, `demilestoned`; `labeled` goes through the restricted-label
 * guard first, in index.ts), and a push to the default branch that touched a KEP, a PRR file, the
 * approver lists or the config. All of one repository's tracking writes take one lock, so an event and
 * the daily sweep never write the same comment at once.
 */

/** The lock that serializes tracking writes in one repository. */
export const trackingLock = (repo: RepoRef): string => `tracking:${repo.owner}/${repo.repo}`;

const issueLock = (repo: RepoRef, number: number): string => `${repo.owner}/${repo.repo}#${number}`;

interface IssuePayload {
  readonly action: string;
  readonly issue: { readonly number: number; readonly milestone?: { readonly title: string } | null; readonly pull_request?: unknown };
  readonly repository: { readonly default_branch: string };
  readonly sender?: { readonly login?: string } | null;
}

/**
 * Whether an issue event can change tracking: the issue has a milestone now (it may be, or have been,
 * tracked), or lost one. An issue that never had a milestone is not tracked and costs no request.
 */
export function issueEventMatters(payload: IssuePayload): boolean {
  return !payload.issue.pull_request && (Boolean(payload.issue.milestone) || payload.action === "demilestoned");
}

/** Re-judges one issue under the repository's tracking lock and logs what it wrote. */
export async function retrackIssue(runtime: Runtime, deps: TrackingDeps, subject: TrackingRepo & { readonly number: number }): Promise<void> {
  const outcome = await runtime.coordinator.withLock(trackingLock(subject), () => syncIssue(deps, subject));
  deps.log.info({ tracking: outcome.kind, ...(outcome.kind === "tracked" ? { verdict: outcome.entry.verdict.kind, comment: outcome.comment, projectWrites: outcome.projectWrites } : {}), ...(outcome.kind === "untracked" ? { comment: outcome.comment } : {}) }, "release tracking re-judged the issue");
}

function sentBy(runtime: Runtime, payload: { sender?: { login?: string } | null }): boolean {
  return payload.sender?.login?.toLowerCase() === `${runtime.appSlug.toLowerCase()}[bot]`;
}

interface PushPayload {
  readonly ref: string;
  readonly forced?: boolean;
  readonly deleted?: boolean;
  readonly repository: { readonly default_branch: string };
  readonly commits?: readonly { readonly added?: readonly string[]; readonly removed?: readonly string[]; readonly modified?: readonly string[] }[];
}

/** GitHub lists at most 20 commits in a push payload; a longer push may have touched anything. */
const pushCommitLimit = 20;

/** The changed paths of a push, or undefined when the payload cannot say (a forced or very long push). */
export function pushPaths(payload: PushPayload): readonly string[] | undefined {
  const commits = payload.commits ?? [];
  if (payload.forced || commits.length >= pushCommitLimit) return undefined;
  return commits.flatMap((commit) => [...(commit.added ?? []), ...(commit.removed ?? []), ...(commit.modified ?? [])]);
}

export function registerTracking(app: Probot, runtime: Runtime): void {
  app.on(["issues.unlabeled", "issues.milestoned", "issues.demilestoned"], async (context) => {
    const payload = context.payload as unknown as IssuePayload;
    // kepbot's own label writes (a reverted restricted label, a closed release) come back as events.
    if (sentBy(runtime, payload) || !issueEventMatters(payload)) return;
    const repo = context.repo();
    const number = payload.issue.number;
    await handleDelivery(context, runtime, issueLock(repo, number), () => retrackIssue(runtime, depsFor(context, runtime, number), { ...repo, number, defaultBranch: payload.repository.default_branch }));
  });

  app.on("push", async (context) => {
    const payload = context.payload as unknown as PushPayload;
    const defaultBranch = payload.repository.default_branch;
    if (payload.ref !== `refs/heads/${defaultBranch}` || payload.deleted) return;
    const repo = context.repo();
    // The configuration label events read may have changed with it.
    runtime.configs.forget(configBranchOf(context, { ...repo, defaultBranch }));
    const paths = pushPaths(payload);
    const impact = paths ? pushImpact(paths) : { all: true, numbers: new Set<number>() };
    if (!impact.all && impact.numbers.size === 0) return;
    await handleDelivery(context, runtime, trackingLock(repo), async () => {
      const deps = depsFor(context, runtime, undefined);
      const reports = await syncRepository(deps, { ...repo, defaultBranch }, impact.all ? undefined : impact.numbers);
      logReports(deps.log, reports, "a push to the default branch");
    });
  });
}

export function logReports(log: Logger, reports: readonly { release: string; judged: number; created: number; updated: number; unchanged: number; projectWrites: number }[], why: string): void {
  for (const report of reports) log.info({ ...report }, `release tracking re-judged ${report.release} after ${why}`);
}
