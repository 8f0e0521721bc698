import type { JudgedKep } from "../core/evaluate.js";
import { desiredLabels, diffLabels, type LabelNames } from "../core/labels.js";
import type { Report } from "../core/report.js";
import { inRanges } from "../github/diff-ranges.js";
import type { PullRequestActivity, PullRequestFile } from "../github/port.js";
import { resolvedSummary, suggestionComment, suggestionMarker, summaryComment, summaryMarker } from "../render/pull-request-comments.js";
import type { PullRequestTarget, ReconcileDeps } from "./deps.js";

export interface Evaluation {
  readonly report: Report;
  readonly keps: readonly JudgedKep[];
  readonly activity: PullRequestActivity;
  readonly files: readonly PullRequestFile[];
  readonly labels: LabelNames;
}

/**
 * Everything kepbot does besides the check run. Each step is best effort: a failure is logged and
 * the others still run, since the check run already carries the verdict.
 */
export async function applySideEffects(deps: ReconcileDeps, target: PullRequestTarget, evaluation: Evaluation): Promise<void> {
  const steps: [string, () => Promise<void>][] = [
    ["labels", () => syncLabels(deps, target, evaluation)],
    ["review requests", () => requestPrrReviews(deps, target, evaluation)],
    ["suggestions", () => postSuggestions(deps, target, evaluation)],
    ["summary comment", () => upsertSummary(deps, target, evaluation)],
  ];
  for (const [name, step] of steps) {
    await step().catch((error: unknown) => deps.log.warn({ err: error, pr: target.number }, `kepbot could not update the ${name}`));
  }
}

async function syncLabels(deps: ReconcileDeps, target: PullRequestTarget, { keps, labels: names, activity }: Evaluation): Promise<void> {
  const current = activity.labels ?? target.labels;
  const { add, remove } = diffLabels(current, desiredLabels(keps, names), names);
  if (add.length > 0) await deps.github.addLabels(target, add);
  for (const label of remove) await deps.github.removeLabel(target, label);
}

/** Asks each PRR approver this PR names for a review, once: not when already requested or reviewed. */
async function requestPrrReviews(deps: ReconcileDeps, target: PullRequestTarget, { keps, activity }: Evaluation): Promise<void> {
  const asked = new Set([...target.requestedReviewers, ...activity.reviews.map((review) => review.author)].map((login) => login.toLowerCase()));
  const wanted = keps.flatMap((kep) => (kep.prr.state === "awaiting-approval" ? [kep.prr.approver] : []));
  const logins = [...new Set(wanted)].filter((login) => !asked.has(login.toLowerCase()) && login.toLowerCase() !== target.author.toLowerCase());
  if (logins.length > 0) await deps.github.requestReviewers(target, logins);
}

/** A suggested change for each mechanical fix on a line the diff shows, posted once per fix. */
async function postSuggestions(deps: ReconcileDeps, target: PullRequestTarget, { report, activity, files }: Evaluation): Promise<void> {
  const posted = new Set(activity.reviewThreadComments.filter((comment) => comment.byBot).map((comment) => comment.body.split("\n", 1)[0]));
  const ranges = new Map(files.filter((file) => file.status !== "removed").map((file) => [file.path, file.diffRanges]));
  for (const finding of report.findings) {
    // Old defects are the base's to fix: suggestions are for what this pull request introduces.
    if (finding.suggestion === undefined || finding.line === undefined || finding.preexisting) continue;
    const fileRanges = ranges.get(finding.path);
    if (!fileRanges || !inRanges(finding.line, fileRanges) || posted.has(suggestionMarker(finding))) continue;
    await deps.github.createReviewComment(target, { commitId: target.headSha, path: finding.path, line: finding.line, body: suggestionComment(finding) });
    posted.add(suggestionMarker(finding));
  }
}

/** One summary comment, found by its marker and edited in place; none while there is nothing to say. */
async function upsertSummary(deps: ReconcileDeps, target: PullRequestTarget, { report, keps, activity }: Evaluation): Promise<void> {
  const existing = activity.comments.find((comment) => comment.byBot && comment.body.startsWith(summaryMarker));
  const pendingApprovals = keps.flatMap((kep) => (kep.prr.state === "awaiting-approval" ? [{ approver: `@${kep.prr.approver}`, path: kep.prr.prrPath }] : []));
  const body = summaryComment({ report, pendingApprovals }) ?? (existing ? resolvedSummary : undefined);
  if (body === undefined || existing?.body === body) return;
  if (existing) await deps.github.updateComment(target, existing.id, body);
  else await deps.github.createComment(target, body);
}
