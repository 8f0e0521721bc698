/**
 * Helpers for the production tests (test/production): a fleet of typical KEP pull requests on the GitHub stand-in,
 * the webhook events kepbot handles for them, kepbot in-process with its production Octokit, bounded concurrency,
 * and the invariants every run must keep (completed checks, one summary comment, converged labels).
 */
import { Probot } from "probot";
import { createKepbot } from "../../src/app/index.js";
import { createKepbotOctokit, type OctokitSettings } from "../../src/app/octokit.js";
import { createRuntime, type Runtime } from "../../src/app/runtime.js";
import { goodRepo, kepDir, prrPath } from "../helpers/repo.js";
import { privateKey } from "../helpers/probot.js";
import type { GitHubStandIn, StandInOptions } from "./github-stand-in.js";
import { deepMerge, payloadFor, pullRequestOverrides, pullRequestPayload, type PullRef, type WebhookPayload } from "./webhook.js";

export const owner = "kubernetes";
export const repo = "enhancements";
export const installationId = 42;
export const summaryMarker = "<!-- kepbot:summary -->";
/** A label nobody restricts and kepbot does not manage: `labeled` events name it. */
export const plainLabel = "area/testing";
/** What kepbot sets on the typical KEP pull request before the PRR approval (besides labels it does not manage). */
export const typicalLabels = ["kind/kep", "prr/awaiting-approval", "sig/node"];
/** A label of kepbot's own (it derives `sig/*` from the KEPs): a person setting it is answered with a fresh judgement. */
export const keptLabel = "sig/node";

export const baseSha = "1".repeat(40);
export const headSha = "2".repeat(40);
/** A second head of the typical pull request (its PRR file names no beta approver): for pushes and superseded heads. */
export const nextHeadSha = "3".repeat(40);

export interface Fleet {
  /** for GitHubStandIn.start (add latencyMs, faults …) */
  options: StandInOptions;
  pulls: PullRef[];
}

/** `count` typical KEP pull requests (#100, #101, …), each adding KEP 4242 to the same base, labelled `plainLabel`. */
export function kepFleet(count: number, firstNumber = 100): Fleet {
  const head = goodRepo();
  const base = Object.fromEntries(Object.entries(head).filter(([path]) => !path.startsWith(`${kepDir}/`) && path !== prrPath));
  // The next head names no PRR approver for beta: kepbot's verdict, labels and comment differ from the first head's.
  const nextHead = { ...head, [prrPath]: 'kep-number: 4242\nalpha:\n  approver: "@johnbelamaric"\n' };
  const pulls: PullRef[] = Array.from({ length: count }, (_, i) => ({
    owner,
    repo,
    installationId,
    number: firstNumber + i,
    baseSha,
    headSha,
    author: "alice",
    labels: [plainLabel],
  }));
  return {
    options: {
      owner,
      repo,
      installationId,
      commits: { [baseSha]: base, [headSha]: head, [nextHeadSha]: nextHead },
      pulls: pulls.map((p) => ({ number: p.number, baseSha: p.baseSha, headSha: p.headSha, author: p.author, labels: [plainLabel] })),
      preloadGraphql: true,
    },
    pulls,
  };
}

export type EventKind = "opened" | "synchronize" | "labeled" | "review";

export interface Event {
  name: string;
  payload: WebhookPayload;
}

/**
 * The webhook kepbot gets for `kind` on `pull` at `pull.headSha` (a human sender; `labeled` names `keptLabel`).
 * Pass the stand-in to describe the pull request's labels and requested reviewers as GitHub would at that moment.
 */
export function eventFor(kind: EventKind, pull: PullRef, gh?: GitHubStandIn): Event {
  const now: PullRef = gh ? { ...pull, labels: gh.labels(pull.number) } : pull;
  const extra = {
    sender: { login: pull.author, type: "User" },
    ...(gh ? { pull_request: { requested_reviewers: gh.requestedReviewers(pull.number).map((login) => ({ login, type: "User" })) } } : {}),
  };
  switch (kind) {
    case "opened":
    case "synchronize":
      return { name: "pull_request", payload: pullRequestPayload(kind, now, extra) };
    case "labeled":
      return { name: "pull_request", payload: pullRequestPayload("labeled", now, { ...extra, label: { name: keptLabel } }) };
    case "review":
      return {
        name: "pull_request_review",
        payload: payloadFor(
          "pull_request_review",
          "submitted",
          deepMerge(pullRequestOverrides(now), {
            ...extra,
            review: { id: 1000 + pull.number, state: "commented", body: "Looks reasonable.", commit_id: now.headSha, user: { login: "bob", type: "User" } },
            sender: { login: "bob", type: "User" },
          }),
        ),
      };
  }
}

/** kepbot in this process with its production Octokit (retries, rate-limit handling, write budget, deadline). */
export async function inProcessKepbot(
  baseUrl: string,
  settings: OctokitSettings,
  { env = {} }: { env?: NodeJS.ProcessEnv } = {},
): Promise<{ probot: Probot; runtime: Runtime }> {
  const runtime = createRuntime(env);
  const Octokit = createKepbotOctokit(settings);
  const probot = new Probot({ appId: 424242, privateKey, secret: "production-secret", baseUrl, logLevel: "fatal", Octokit });
  await probot.load(createKepbot(runtime));
  return { probot, runtime };
}

/** Runs `work` over `items` with at most `concurrency` at once; the results keep the items' order. */
export async function pool<T, R>(items: readonly T[], concurrency: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}

/** kepbot's summary comments on one pull request. */
export function summaryComments(gh: GitHubStandIn, number: number) {
  return gh.comments.filter((c) => c.issue_number === number && c.body.startsWith(summaryMarker));
}

/** Check runs left `queued` or `in_progress`: kepbot must never leave one. */
export function stuckCheckRuns(gh: GitHubStandIn) {
  return gh.checkRuns.filter((run) => run.status !== "completed");
}

/** Counts of a list of strings, e.g. fault kinds or conclusions. */
export function tally(values: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const value of values) out[value] = (out[value] ?? 0) + 1;
  return out;
}

/** Resolves once `condition` holds (polling), or rejects after `timeoutMs`. */
export async function waitFor(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
