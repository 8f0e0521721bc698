import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { GitHubStandIn } from "../support/github-stand-in.js";
import { AppProcess } from "../support/app-process.js";
import { deliver, issueCommentPayload, pullRequestPayload, type PullRef } from "../support/webhook.js";
import { goodRepo, kepDir, prrPath } from "../helpers/repo.js";

const secret = "e2e-webhook-secret";
const baseSha = "1".repeat(40);
const headSha = "2".repeat(40);
const nextHeadSha = "3".repeat(40);
const head = goodRepo();
// A later push: the same KEP with one more line in its README.
const nextHead = { ...head, [`${kepDir}/README.md`]: `${String(head[`${kepDir}/README.md`])}\nOne more line.\n` };
const base = Object.fromEntries(Object.entries(head).filter(([path]) => !path.startsWith(kepDir) && path !== prrPath));
const pull: PullRef = { owner: "kubernetes", repo: "enhancements", installationId: 42, number: 7, headSha, baseSha, author: "alice", labels: [] };

let github: GitHubStandIn;
let app: AppProcess;

beforeAll(async () => {
  github = await GitHubStandIn.start({
    owner: pull.owner,
    repo: pull.repo,
    installationId: pull.installationId,
    commits: { [baseSha]: base, [headSha]: head, [nextHeadSha]: nextHead },
    pulls: [{ number: pull.number, baseSha, headSha, author: pull.author, labels: [] }],
    preloadGraphql: true,
  });
  app = await AppProcess.start({ WEBHOOK_SECRET: secret, GHE_HOST: github.host, GHE_PROTOCOL: "http" });
}, 30_000);

afterAll(async () => {
  await app?.stop();
  await github?.stop();
});

describe("the built app against a GitHub stand-in that checks every request against GitHub's OpenAPI and GraphQL schemas", () => {
  test("a delivery with a bad signature gets 400 and causes no request at all", async () => {
    const before = github.requests.length;
    const result = await deliver(`${app.url}/api/github/webhooks`, { name: "pull_request", payload: pullRequestPayload("opened", pull), secret: "not-the-secret" });
    expect(result.status).toBe(400);
    expect(github.requests.length).toBe(before);
  });

  test("pull_request.opened: one completed check run with annotations, labels, the review request and the summary comment", async () => {
    const result = await deliver(`${app.url}/api/github/webhooks`, { name: "pull_request", payload: pullRequestPayload("opened", pull), secret });
    expect(result.status).toBe(200);
    // Answered once queued: wait for this process's workers to finish it.
    await app.idle();

    expect(github.checkRuns).toHaveLength(1);
    expect(github.checkRuns[0]).toMatchObject({ name: "kepbot", head_sha: headSha, status: "completed", conclusion: "failure", external_id: expect.stringMatching(/^7:[0-9a-f]{8}$/) });
    expect(github.checkRuns[0]?.annotations).toEqual([
      expect.objectContaining({ path: prrPath, start_line: 5, annotation_level: "failure", title: "prr/approval" }),
    ]);
    expect(github.labels(7).sort()).toEqual(["kind/kep", "prr/awaiting-approval", "sig/node"]);
    expect(github.requestedReviewers(7)).toEqual(["wojtek-t"]);
    expect(github.comments).toEqual([expect.objectContaining({ issue_number: 7, body: expect.stringMatching(/^<!-- kepbot:summary -->/) })]);
    expect(github.invalidRequests).toEqual([]);
    expect(github.unimplementedRequests).toEqual([]);
  }, 30_000);

  test("after the PRR approver approves, the review event turns the check green and edits the same comment", async () => {
    github.reviews.push({ pull_number: 7, user: "wojtek-t", state: "APPROVED", commit_id: headSha });
    const payload = pullRequestPayload("opened", pull);
    const review = { ...payload, action: "submitted", review: { id: 1, state: "approved", user: { login: "wojtek-t", type: "User" }, commit_id: headSha, body: null } };
    const result = await deliver(`${app.url}/api/github/webhooks`, { name: "pull_request_review", payload: review, secret });
    expect(result.status).toBe(200);
    // Answered once queued: wait for this process's workers to finish it.
    await app.idle();
    expect(github.checkRuns.at(-1)).toMatchObject({ status: "completed", conclusion: "success" });
    expect(github.labels(7).sort()).toEqual(["kind/kep", "prr/approved", "sig/node"]);
    expect(github.comments).toHaveLength(1);
    expect(github.comments[0]?.body).toMatch(/nothing blocks this pull request/);
    // Read back and edited with an id past 2^31 (and check runs past 2^34), as on github.com.
    expect(github.comments[0]?.id).toBeGreaterThan(2 ** 31);
    expect(github.checkRuns.at(-1)?.id).toBeGreaterThan(2 ** 34);
    expect(github.invalidRequests).toEqual([]);
    expect(github.unimplementedRequests).toEqual([]);
  }, 30_000);

  test("/ready says the app can work, and /metrics counts events and GitHub requests", async () => {
    const ready = await fetch(`${app.url}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ready: true, store: "ok", dryRun: false });
    const metrics = await (await fetch(`${app.url}/metrics`)).text();
    expect(metrics).toMatch(/kepbot_events_total\{event="pull_request",action="opened",outcome="ok"\} 1/);
    expect(metrics).toMatch(/kepbot_github_requests_total\{route="POST \/repos\/\{owner\}\/\{repo\}\/check-runs",status="201"\} [1-9]/);
    expect(metrics).toMatch(/kepbot_github_requests_total\{route="GET \/repos\/\{owner\}\/\{repo\}\/pulls\/\{number\}\/files",status="200"\} [1-9]/);
    expect(metrics).toMatch(/kepbot_event_handling_seconds_count\{event="pull_request"\} 1/);
    expect(metrics).toMatch(/kepbot_github_rate_limit_remaining\{installation="42"\}/);
  });

  test("Prow's label changes nothing kepbot judges: one read, no check run; its own label removed, a moment later, is judged from what it read before; a push after an approval reads the new commits once", async () => {
    const routes = (from: number) => github.requests.slice(from).map((request) => `${request.method} ${request.path.replace(/\/[0-9a-f]{40}$/, "/{sha}").replace(/\/comments\/[0-9]+$/, "/comments/{id}")}`);
    const runs = github.checkRuns.length;
    const before = github.requests.length;
    const labeled = pullRequestPayload("labeled", { ...pull, labels: github.labels(7) }, { label: { name: "cncf-cla: yes" }, sender: { login: "k8s-ci-robot", type: "User" } });
    expect((await deliver(`${app.url}/api/github/webhooks`, { name: "pull_request", payload: labeled, secret })).status).toBe(200);
    await app.idle();
    // The default branch's config alone: it says the label is neither restricted nor one of kepbot's. The head's check run stands.
    expect(routes(before)).toEqual(["POST /graphql"]);
    expect(github.checkRuns).toHaveLength(runs);

    // A person takes kepbot's PRR label off: kepbot judges the same head again, from what it read before, and puts it back.
    const removed = await fetch(`${github.baseUrl}/repos/kubernetes/enhancements/issues/7/labels/${encodeURIComponent("prr/approved")}`, { method: "DELETE", headers: { authorization: `token ${github.issueToken()}` } });
    expect(removed.status).toBe(200);
    const unlabeledAt = github.requests.length;
    const unlabeled = pullRequestPayload("unlabeled", { ...pull, labels: github.labels(7) }, { label: { name: "prr/approved" }, sender: { login: "alice", type: "User" } });
    expect((await deliver(`${app.url}/api/github/webhooks`, { name: "pull_request", payload: unlabeled, secret })).status).toBe(200);
    await app.idle();
    // One query (the pull request's state and files), the check run and the label put back: the config was read for
    // Prow's label a moment ago, and the file list and the commits' trees cannot have changed.
    expect(routes(unlabeledAt)).toEqual(["POST /graphql", "POST /repos/kubernetes/enhancements/check-runs", "POST /repos/kubernetes/enhancements/issues/7/labels"]);
    expect(github.checkRuns.at(-1)).toMatchObject({ head_sha: headSha, status: "completed", conclusion: "success" });
    expect(github.labels(7).sort()).toEqual(["kind/kep", "prr/approved", "sig/node"]);

    // A push after the approval, which stays on the earlier head; the push adds a line to the KEP's README.
    github.setPullHead(7, nextHeadSha);
    const pushed = github.requests.length;
    // A push is the pull request's newest description (GitHub's example payloads carry older times than the `unlabeled` one).
    const synchronize = pullRequestPayload("synchronize", { ...pull, headSha: nextHeadSha, labels: github.labels(7) }, { pull_request: { updated_at: new Date().toISOString() } });
    expect((await deliver(`${app.url}/api/github/webhooks`, { name: "pull_request", payload: synchronize, secret })).status).toBe(200);
    await app.idle();
    // The approval is of an earlier commit and the README changed since: the check says it must be given again.
    expect(github.checkRuns.at(-1)).toMatchObject({ head_sha: nextHeadSha, status: "completed", conclusion: "failure" });
    expect(github.checkRuns.at(-1)?.output?.summary).toMatch(/approval was of an earlier commit, and keps\/sig-node\/4242-sidecar-restarts\/README\.md changed since/);
    // Three requests tell it: the new commits' files; one query, with the head's blob ids (the approved commit's are
    // kept from when it was the head); the check. The test merge's file list is its base's, read before, plus the change.
    // Then the PRR labels swap and the summary comment is edited.
    expect(routes(pushed)).toEqual([
      "GET /repos/kubernetes/enhancements/pulls/7/files",
      "POST /graphql",
      "POST /repos/kubernetes/enhancements/check-runs",
      "POST /repos/kubernetes/enhancements/issues/7/labels",
      "DELETE /repos/kubernetes/enhancements/issues/7/labels/prr%2Fapproved",
      "PATCH /repos/kubernetes/enhancements/issues/comments/{id}",
    ]);
    expect(github.invalidRequests).toEqual([]);
  }, 30_000);

  test("/lead-opted-in by an outsider is refused; by a lead of the owning SIG it sets the label", async () => {
    const comments = github.comments.length;
    const refused = await deliver(`${app.url}/api/github/webhooks`, {
      name: "issue_comment",
      payload: issueCommentPayload(pull, { id: 501, body: "/lead-opted-in", login: "mallory" }, "created", { issue: { labels: [] } }),
      secret,
    });
    expect(refused.status).toBe(200);
    await app.idle();
    expect(github.labels(7)).not.toContain("lead-opted-in");
    expect(github.comments.at(-1)?.body).toMatch(/❌ only leads of `sig-node` or members of `release-team-enhancements`/);

    const allowed = await deliver(`${app.url}/api/github/webhooks`, {
      name: "issue_comment",
      payload: issueCommentPayload(pull, { id: 502, body: "/lead-opted-in", login: "mrunalp" }, "created", { issue: { labels: [] } }),
      secret,
    });
    expect(allowed.status).toBe(200);
    await app.idle();
    expect(github.labels(7)).toContain("lead-opted-in");
    expect(github.comments.at(-1)?.body).toMatch(/✅ added `lead-opted-in`/);
    expect(github.comments.length).toBe(comments + 2);
    expect(github.invalidRequests).toEqual([]);
    expect(github.unimplementedRequests).toEqual([]);
  }, 30_000);
});
