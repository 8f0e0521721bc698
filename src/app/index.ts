import { checkRunExternalId, pullNumberOf } from "./check-publisher.js";
import type { ApplicationFunctionOptions, Probot } from "probot";
import { keepsLabel } from "../core/labels.js";
import { OctokitGitHub } from "../github/octokit-github.js";
import type { GitHubPort, RepoRef } from "../github/port.js";
import { handleComment } from "./commands.js";
import { handleLabeled } from "./restricted-labels.js";
import { checkName, reconcilePullRequest, type PullRequestTarget, type ReconcileDeps } from "./reconcile.js";
import { createRuntime, depsFor, handleDelivery, recentConfig, routes, type Runtime } from "./runtime.js";
import { issueEventMatters, registerTracking, retrackIssue } from "./tracking-handlers.js";
import { mountTracking } from "./tracking-sweep.js";

type PullRequestPayload = {
  number: number;
  head: { sha: string };
  base: { sha: string };
  user: { login: string } | null;
  labels?: readonly { name: string }[];
  requested_reviewers?: readonly (object | null)[] | null;
  changed_files?: number;
  body?: string | null;
};

function targetOf(repo: RepoRef, pr: PullRequestPayload): PullRequestTarget {
  return {
    ...repo,
    number: pr.number,
    headSha: pr.head.sha,
    baseSha: pr.base.sha,
    author: pr.user?.login ?? "ghost",
    labels: (pr.labels ?? []).map((label) => label.name),
    // Team review requests carry a slug, not a login; only people matter here.
    requestedReviewers: (pr.requested_reviewers ?? []).flatMap((reviewer) => (reviewer && "login" in reviewer && typeof reviewer.login === "string" ? [reviewer.login] : [])),
    ...(pr.changed_files !== undefined ? { changedFiles: pr.changed_files } : {}),
    ...(pr.body ? { body: pr.body } : {}),
  };
}

/** Re-judges the current head of a pull request found by number (reruns, where payloads lack the PR). */
async function recheck(deps: ReconcileDeps, repo: RepoRef, number: number, requestedSha: string): Promise<void> {
  const pr = await deps.github.getPullRequest({ ...repo, number });
  if (pr.headSha !== requestedSha) {
    await supersede(deps.github, repo, requestedSha, number, pr.headSha);
    return;
  }
  await reconcilePullRequest(deps, { ...repo, ...pr, number });
}

/** A rerun asked for a head the PR has moved past: answer `neutral` there, the new head has its own check. */
async function supersede(github: GitHubPort, repo: RepoRef, sha: string, number: number, newHead: string): Promise<void> {
  const now = new Date().toISOString();
  await github.createCheckRun(
    repo,
    { name: checkName, headSha: sha, externalId: checkRunExternalId(number), startedAt: now },
    { status: "completed", conclusion: "neutral", completedAt: now, output: { title: "Superseded by a newer commit", summary: `Pull request #${number} has moved on to ${newHead}; kepbot judges that commit instead.` } },
  );
}

/** The Probot app with the process's runtime (metrics, coordination, dry-run) taken from the environment. */
export default function kepbot(app: Probot, options?: ApplicationFunctionOptions): void {
  createKepbot(createRuntime(process.env, app.log))(app, options);
}

const prKey = (repo: RepoRef, number: number): string => `${repo.owner}/${repo.repo}#${number}`;

/** Whether kepbot itself caused the event (its own writes come back as webhooks). */
function sentByKepbot(context: { payload: { sender?: { login?: string } | null } }, runtime: Runtime): boolean {
  return context.payload.sender?.login?.toLowerCase() === `${runtime.appSlug.toLowerCase()}[bot]`;
}

/**
 * The app: thin handlers that unpack a payload and hand it to the core's callers. Every delivery is
 * handled once, under its pull request's lock, with its outcome counted.
 */
export function createKepbot(runtime: Runtime) {
  return (app: Probot, options?: ApplicationFunctionOptions): void => {
    try {
      options?.addHandler?.(routes(runtime));
      if (options?.addHandler) mountTracking(app, runtime, options.addHandler);
    } catch {
      // Loaded without an HTTP server (probot.receive in tests, serverless): there are no routes to add.
    }
    // Check runs a stopped process left in progress are completed, at startup and then periodically.
    runtime.startSweeping(async (installationId) => new OctokitGitHub(await app.auth(installationId)), app.log);

    app.on(
      ["pull_request.opened", "pull_request.reopened", "pull_request.synchronize", "pull_request.edited", "pull_request.ready_for_review", "pull_request.labeled", "pull_request.unlabeled"],
      async (context) => {
        // kepbot's own label writes come back as events; they cannot change the verdict. Another
        // bot's are judged like anyone's: a restricted label is guarded whoever sets it.
        if (sentByKepbot(context, runtime)) return;
        const payload = context.payload;
        const repo = context.repo();
        await handleDelivery(context, runtime, prKey(repo, payload.pull_request.number), async () => {
          const deps = depsFor(context, runtime, payload.pull_request.number);
          if ((payload.action === "labeled" || payload.action === "unlabeled") && payload.label) {
            const subject = { ...repo, number: payload.pull_request.number, isPullRequest: true, defaultBranch: payload.repository.default_branch };
            const config = await recentConfig(context, runtime, deps.github, subject);
            const verdict = payload.action === "labeled" ? await handleLabeled(deps, { subject, label: payload.label.name, sender: payload.sender.login, at: new Date() }, config) : "unrestricted";
            if (verdict === "reverted") return;
            // Prow sets and clears many labels (lgtm, approved, size/*, needs-rebase…): none changes what kepbot judges or
            // keeps, so the head's check run stands and nothing is read again. Its own labels and guarded ones are answered.
            if (verdict === "unrestricted" && !keepsLabel(payload.label.name, config.labels)) return;
          }
          await reconcilePullRequest(deps, targetOf(repo, payload.pull_request));
        });
      },
    );

    app.on(["pull_request_review.submitted", "pull_request_review.dismissed"], async (context) => {
      if (context.isBot) return;
      const repo = context.repo();
      const pr = context.payload.pull_request;
      await handleDelivery(context, runtime, prKey(repo, pr.number), () => reconcilePullRequest(depsFor(context, runtime, pr.number), targetOf(repo, pr)).then(() => undefined));
    });

    app.on("issues.labeled", async (context) => {
      const payload = context.payload;
      if (sentByKepbot(context, runtime) || !payload.label) return;
      const label = payload.label.name;
      const repo = context.repo();
      const subject = { ...repo, number: payload.issue.number, isPullRequest: false, defaultBranch: payload.repository.default_branch };
      await handleDelivery(context, runtime, prKey(repo, payload.issue.number), async () => {
        const deps = depsFor(context, runtime, payload.issue.number);
        const verdict = await handleLabeled(deps, { subject, label, sender: payload.sender.login, at: new Date() }, await recentConfig(context, runtime, deps.github, subject));
        // A label kept (not reverted) may opt the KEP in or change what it is judged by.
        if (verdict !== "reverted" && issueEventMatters(payload)) await retrackIssue(runtime, deps, subject);
      });
    });
    registerTracking(app, runtime);

    // Only new comments count: editing a comment to add a command does nothing (as with Prow).
    app.on("issue_comment.created", async (context) => {
      const payload = context.payload;
      if (context.isBot) return;
      const issue = payload.issue;
      const repo = context.repo();
      await handleDelivery(context, runtime, prKey(repo, issue.number), async () => {
        await handleComment(depsFor(context, runtime, issue.number), {
          subject: { ...repo, number: issue.number, isPullRequest: Boolean(issue.pull_request), defaultBranch: payload.repository.default_branch },
          body: payload.comment.body,
          author: payload.comment.user?.login ?? "ghost",
          labels: (issue.labels ?? []).flatMap((label) => (label && typeof label === "object" && "name" in label && typeof label.name === "string" ? [label.name] : [])),
          createdAt: new Date(payload.comment.created_at),
        });
      });
    });

    app.on("check_run.rerequested", async (context) => {
      const run = context.payload.check_run;
      // Fork PRs leave `pull_requests` empty: the PR number travels in external_id.
      const number = pullNumberOf(run.external_id) ?? run.pull_requests[0]?.number;
      if (run.name !== checkName || !number) return;
      const repo = context.repo();
      await handleDelivery(context, runtime, prKey(repo, number), () => recheck(depsFor(context, runtime, number), repo, number, run.head_sha));
    });

    app.on("check_suite.rerequested", async (context) => {
      const suite = context.payload.check_suite;
      const repo = context.repo();
      await handleDelivery(context, runtime, undefined, async () => {
        const deps = depsFor(context, runtime, undefined);
        const fromPayload = suite.pull_requests.map((pr) => pr.number);
        const numbers = fromPayload.length > 0 ? fromPayload : (await deps.github.checkRunExternalIds(repo, suite.id, checkName)).flatMap((id) => pullNumberOf(id) ?? []);
        for (const number of new Set(numbers)) await runtime.coordinator.withLock(prKey(repo, number), () => recheck(deps, repo, number, suite.head_sha));
      });
    });
  };
}
