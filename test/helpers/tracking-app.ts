import { Probot, ProbotOctokit } from "probot";
import { createKepbot } from "../../src/app/index.js";
import { createRuntime, type Runtime } from "../../src/app/runtime.js";
import { GitHubStandIn, type RecordedRequest } from "../support/github-stand-in.js";
import { payloadFor, repoOverrides, type WebhookPayload } from "../support/webhook.js";
import { privateKey } from "./probot.js";
import { kepDir, kepYaml, prrPath } from "./repo.js";
import { readyRepo } from "./tracking.js";

export const repo = { owner: "kubernetes", repo: "enhancements", installationId: 42 };
const day = 86_400_000;

/** A release calendar around the real clock: PRR freeze passed yesterday, enhancements freeze in ten days. */
export function calendarConfig(extra = ""): string {
  const at = (days: number) => new Date(Math.floor(Date.now() / day) * day + days * day).toISOString();
  return `current-release: v1.37\nreleases:\n  v1.37:\n    prr-freeze: "${at(-1)}"\n    enhancements-freeze: "${at(10)}"\n    code-freeze: "${at(60)}"\n${extra}`;
}

/** When the sweep judges "after the freeze": twenty days from now. */
export const afterFreeze = (): Date => new Date(Date.now() + 20 * day);

/** KEP 4242 ready for v1.37 at beta but for the PRR approver of beta (the PRR file names only alpha's). */
export function missingPrrApprover(config = calendarConfig()): Record<string, string> {
  return { ...readyRepo(), [prrPath]: 'kep-number: 4242\nalpha:\n  approver: "@johnbelamaric"\n', ".github/kepbot.yml": config };
}

export const prrWithBeta = 'kep-number: 4242\nalpha:\n  approver: "@johnbelamaric"\nbeta:\n  approver: "@wojtek-t"\n';

/** `count` more KEPs like 4242 (sig-node, beta, ready but for the beta PRR approver), numbered from `from`. */
export function manyKeps(from: number, count: number): Record<string, string> {
  const files: Record<string, string> = {};
  const base = readyRepo();
  for (let number = from; number < from + count; number++) {
    const dir = `keps/sig-node/${number}-feature-${number}`;
    files[`${dir}/kep.yaml`] = kepYaml({ title: `Feature ${number}`, "kep-number": String(number), "latest-milestone": '"v1.37"', milestone: '\n  alpha: "v1.36"\n  beta: "v1.37"' });
    files[`${dir}/README.md`] = (base[`${kepDir}/README.md`] ?? "").replace("KEP-4242: Sidecar restarts", `KEP-${number}: Feature ${number}`);
    files[`keps/prod-readiness/sig-node/${number}.yaml`] = `kep-number: ${number}\nalpha:\n  approver: "@johnbelamaric"\n`;
  }
  return files;
}

export const baseSha = "a".repeat(40);

export interface World {
  readonly github: GitHubStandIn;
  readonly probot: Probot;
  readonly runtime: Runtime;
}

export async function trackingWorld(options: { files: Record<string, string>; issues: NonNullable<Parameters<typeof GitHubStandIn.start>[0]["issues"]>; projects?: Parameters<typeof GitHubStandIn.start>[0]["projects"]; teams?: Record<string, string[]> }): Promise<World> {
  // Loaded here, inside the test's scope: an import left in flight can outlive a busy worker's test environment.
  await GitHubStandIn.preload();
  const github = await GitHubStandIn.start({
    ...repo,
    commits: { [baseSha]: options.files },
    pulls: [],
    defaultBranch: "master",
    branches: { master: baseSha },
    issues: options.issues,
    ...(options.projects ? { projects: options.projects } : {}),
    ...(options.teams ? { teams: options.teams } : {}),
  });
  const runtime = createRuntime({});
  const probot = new Probot({ appId: 123, privateKey, baseUrl: github.baseUrl, logLevel: "fatal", Octokit: ProbotOctokit.defaults((o: object) => ({ ...o, retry: { enabled: false }, throttle: { enabled: false } })) });
  await probot.load(createKepbot(runtime));
  return { github, probot, runtime };
}

let deliveries = 0;

/** Delivers an event to the app, as GitHub would after the change was made (the stand-in already holds it). */
export async function receive(world: World, name: "issues" | "push" | "issue_comment", payload: WebhookPayload): Promise<void> {
  await world.probot.receive({ name, id: `tracking-${++deliveries}`, payload: payload as never });
}

/** An `issues` event on an enhancement issue, its labels and milestone as the stand-in has them now. */
export function issuePayload(world: World, number: number, action: string, extra: WebhookPayload = {}): WebhookPayload {
  const issue = world.github.issue(number);
  return payloadFor("issues", action, {
    ...repoOverrides(repo),
    issue: { number, title: issue?.title, state: issue?.state, pull_request: null, labels: (issue?.labels ?? []).map((name) => ({ name })), milestone: issue?.milestone ? { title: issue.milestone, number: 1 } : null },
    sender: { login: "mrunalp", type: "User" },
    ...extra,
  });
}

export function pushPayload(paths: { modified?: string[]; added?: string[]; removed?: string[] }, after: string): WebhookPayload {
  return payloadFor("push", undefined, {
    ...repoOverrides(repo),
    ref: "refs/heads/master",
    after,
    forced: false,
    deleted: false,
    commits: [{ id: after, message: "Merge pull request", added: paths.added ?? [], removed: paths.removed ?? [], modified: paths.modified ?? [] }],
    sender: { login: "k8s-ci-robot", type: "User" },
  });
}

export function commentPayload(number: number, body: string, login: string): WebhookPayload {
  return payloadFor("issue_comment", "created", {
    ...repoOverrides(repo),
    issue: { number, state: "open", pull_request: null, labels: [], user: { login: "enhancement-author", type: "User" } },
    comment: { id: 900 + ++deliveries, body, user: { login, type: "User" }, created_at: new Date().toISOString() },
    sender: { login, type: "User" },
  });
}

/** The requests since `mark`, as `METHOD operationId` (GraphQL by what it asks for), for counting. */
export function requestsSince(github: GitHubStandIn, mark: number): readonly string[] {
  return github.requests.slice(mark).map(describe);
}

function describe(request: RecordedRequest): string {
  if (request.operationId !== "graphql") return request.operationId ?? `${request.method} ${request.path}`;
  const query = String((request.body as { query?: string } | undefined)?.query ?? "");
  if (/^mutation/.test(query.trim())) return `graphql mutation ${/(addProjectV2ItemById|updateProjectV2ItemFieldValue)/.exec(query)?.[1] ?? ""}`.trim();
  if (/milestones\(/.test(query)) return "graphql milestone issues";
  if (/milestone\(number/.test(query)) return "graphql milestone issues (next page)";
  if (/issue\(number/.test(query)) return "graphql issue";
  if (/nodes\(ids/.test(query)) return "graphql comment bodies";
  if (/projectV2\(number/.test(query)) return "graphql project";
  return "graphql files";
}

/** kepbot's tracking comments on an issue. */
export function trackingComments(github: GitHubStandIn, number: number) {
  return github.comments.filter((comment) => comment.issue_number === number && comment.body.startsWith("<!-- kepbot:tracking -->"));
}
