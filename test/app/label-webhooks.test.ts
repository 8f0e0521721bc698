import { afterAll, afterEach, beforeAll, describe, expect, test } from "@jest/globals";
import nock from "nock";
import { Probot, ProbotOctokit } from "probot";
import kepbot from "../../src/app/index.js";
import { privateKey, testProbot } from "../helpers/probot.js";
import { goodRepo } from "../helpers/repo.js";
import { GitHubStandIn } from "../support/github-stand-in.js";
import { payloadFor, pullRequestPayload, repoOverrides, type PullRef } from "../support/webhook.js";
import { pushPayload } from "../helpers/tracking-app.js";

const files = goodRepo();
const repo = { owner: "kubernetes", repo: "enhancements", installationId: 42 };

// nock patches Node's http module, which every test file in this jest worker shares: put it back, or later files'
// requests (test/app/http-fetch.test.ts's kept-alive sockets) would still go through its interceptor.
afterAll(() => nock.restore());

describe("issues.labeled on an enhancement issue (nock: the exact requests)", () => {
  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });

  /** GraphQL answered from the default branch's files. */
  function graphql(_uri: string, body: nock.Body) {
    const { variables } = body as { variables: Record<string, string> };
    const answer: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(variables)) {
      if (!/^e\d+$/.test(name)) continue;
      const text = files[value.replace(/^master:/, "")];
      answer[`f${name.slice(1)}`] = text === undefined ? null : { oid: "0".repeat(40), byteSize: text.length, isBinary: false, isTruncated: false, text };
    }
    return [200, { data: { r0: answer } }];
  }

  function labeled(sender: string, type: "User" | "Bot" = "User") {
    return payloadFor("issues", "labeled", {
      ...repoOverrides(repo),
      // No milestone: the issue is not tracked for a release, so only the label guard reads (tracking.test.ts covers the rest).
      issue: { number: 4242, labels: [{ name: "lead-opted-in" }], milestone: null },
      label: { name: "lead-opted-in" },
      sender: { login: sender, type },
    });
  }

  /** What every restricted-label event reads: the token, the config, the default branch's tree, then KEP and lists. */
  function authorityReads(): nock.Scope {
    return nock("https://api.github.com")
      .post("/app/installations/42/access_tokens")
      .reply(201, { token: "ghs_test", expires_at: "2099-01-01T00:00:00Z" })
      .post("/graphql")
      .reply(graphql)
      .get("/repos/kubernetes/enhancements/git/trees/master")
      .query({ recursive: "1" })
      .reply(200, { sha: "m", truncated: false, tree: Object.keys(files).map((path) => ({ path, mode: "100644", type: "blob", sha: "0".repeat(40) })) })
      .post("/graphql")
      .reply(graphql);
  }

  test("set by an outsider: the label is removed and one comment says who may set it", async () => {
    nock.disableNetConnect();
    const probot = await testProbot();
    const bodies: unknown[] = [];
    const mock = authorityReads()
      .get("/orgs/kubernetes/teams/release-team-enhancements/memberships/mallory")
      .reply(404, { message: "Not Found" })
      .get("/orgs/kubernetes/teams/release-team-leads/memberships/mallory")
      .reply(404, { message: "Not Found" })
      .delete("/repos/kubernetes/enhancements/issues/4242/labels/lead-opted-in")
      .reply(200, [])
      .post("/repos/kubernetes/enhancements/issues/4242/comments", (body) => (bodies.push(body), true))
      .reply(201, { id: 1 });
    await probot.receive({ name: "issues", id: "l1", payload: labeled("mallory") as never });
    expect(mock.pendingMocks()).toEqual([]);
    expect(bodies).toEqual([{ body: expect.stringMatching(/^`mallory` set `lead-opted-in`, which only leads of `sig-node`/) }]);
  });

  test.each([["another app", "some-app[bot]"], ["GitHub Actions", "github-actions[bot]"]])("the attack: set by %s (a Bot account): removed like anyone's", async (_who, bot) => {
    nock.disableNetConnect();
    const probot = await testProbot();
    const bodies: unknown[] = [];
    const mock = authorityReads()
      .get(`/orgs/kubernetes/teams/release-team-enhancements/memberships/${encodeURIComponent(bot)}`)
      .reply(404, { message: "Not Found" })
      .get(`/orgs/kubernetes/teams/release-team-leads/memberships/${encodeURIComponent(bot)}`)
      .reply(404, { message: "Not Found" })
      .delete("/repos/kubernetes/enhancements/issues/4242/labels/lead-opted-in")
      .reply(200, [])
      .post("/repos/kubernetes/enhancements/issues/4242/comments", (body) => (bodies.push(body), true))
      .reply(201, { id: 1 });
    await probot.receive({ name: "issues", id: `bot-${bot}`, payload: labeled(bot, "Bot") as never });
    expect(mock.pendingMocks()).toEqual([]);
    expect(bodies).toHaveLength(1);
  });

  test("set by kepbot itself (its own write coming back): ignored, no request", async () => {
    nock.disableNetConnect();
    const probot = await testProbot();
    await probot.receive({ name: "issues", id: "self", payload: labeled("kepbot[bot]", "Bot") as never });
    expect(nock.pendingMocks()).toEqual([]);
  });

  test("set by a lead of the owning SIG: kept, nothing written", async () => {
    nock.disableNetConnect();
    const probot = await testProbot();
    const mock = authorityReads();
    await probot.receive({ name: "issues", id: "l2", payload: labeled("mrunalp") as never });
    expect(mock.pendingMocks()).toEqual([]);
  });
});

describe("pull_request.labeled (the GitHub stand-in: every request checked against GitHub's schemas)", () => {
  const baseSha = "3".repeat(40);
  const headSha = "4".repeat(40);
  const pull: PullRef = { ...repo, number: 9, baseSha, headSha, author: "alice", labels: ["lead-opted-in"] };
  let github: GitHubStandIn;
  let probot: Probot;

  beforeAll(async () => {
    github = await GitHubStandIn.start({ ...repo, commits: { [baseSha]: files, [headSha]: { ...files, "keps/sig-node/4242-sidecar-restarts/README.md": `${files["keps/sig-node/4242-sidecar-restarts/README.md"]}\nMore.\n` } }, pulls: [{ number: 9, baseSha, headSha, author: "alice", labels: ["lead-opted-in"] }] });
    probot = new Probot({ appId: 123, privateKey, baseUrl: github.baseUrl, logLevel: "fatal", Octokit: ProbotOctokit.defaults((options: object) => ({ ...options, retry: { enabled: false }, throttle: { enabled: false } })) });
    await probot.load(kepbot);
  });
  afterAll(async () => github?.stop());

  test("by an outsider: removed, one comment, and no check run for that event", async () => {
    await probot.receive({ name: "pull_request", id: "p1", payload: pullRequestPayload("labeled", pull, { label: { name: "lead-opted-in" }, sender: { login: "mallory", type: "User" } }) as never });
    expect(github.labels(9)).toEqual([]);
    expect(github.comments).toEqual([expect.objectContaining({ issue_number: 9, body: expect.stringContaining("kepbot removed it again") })]);
    expect(github.checkRuns).toEqual([]);
    expect(github.invalidRequests).toEqual([]);
    expect(github.unimplementedRequests).toEqual([]);
  });

  test("by a lead: kept, and the pull request is judged as usual", async () => {
    github.teams = {};
    await probot.receive({ name: "pull_request", id: "p2", payload: pullRequestPayload("labeled", pull, { label: { name: "lead-opted-in" }, sender: { login: "mrunalp", type: "User" } }) as never });
    expect(github.comments).toHaveLength(1);
    expect(github.checkRuns).toEqual([expect.objectContaining({ status: "completed", conclusion: "success" })]);
    expect(github.invalidRequests).toEqual([]);
    expect(github.unimplementedRequests).toEqual([]);
  });

  test("Prow's labels a moment apart read the configuration once; a push to the default branch has it read again, and a label it now restricts is guarded", async () => {
    const graphqlReads = (from: number) => github.requests.slice(from).filter((request) => request.path === "/graphql").length;
    const prow = { login: "k8s-ci-robot", type: "User" };
    // Last in this block: it changes the default branch's configuration. The earlier tests' label events read it already: a push (of nothing that matters) starts afresh.
    await probot.receive({ name: "push", id: "p3", payload: pushPayload({ modified: ["README.md"] }, github.push(files)) as never });
    const before = github.requests.length;
    await probot.receive({ name: "pull_request", id: "p4", payload: pullRequestPayload("labeled", pull, { label: { name: "cncf-cla: yes" }, sender: prow }) as never });
    await probot.receive({ name: "pull_request", id: "p5", payload: pullRequestPayload("labeled", pull, { label: { name: "size/XL" }, sender: prow }) as never });
    expect(graphqlReads(before)).toBe(1);

    // A change merged into the default branch restricts size/XL to Prow.
    const merged = github.push({ ...files, ".github/kepbot.yml": "restricted-labels:\n  - label: size/XL\n    allowed_users: [k8s-ci-robot]\n" });
    await probot.receive({ name: "push", id: "p6", payload: pushPayload({ added: [".github/kepbot.yml"] }, merged) as never });
    await probot.receive({ name: "pull_request", id: "p7", payload: pullRequestPayload("labeled", pull, { label: { name: "size/XL" }, sender: { login: "mallory", type: "User" } }) as never });
    expect(github.comments.at(-1)).toEqual(expect.objectContaining({ issue_number: 9, body: expect.stringMatching(/^`mallory` set `size\/XL`, which only .*kepbot removed it again/) }));
    expect(github.invalidRequests).toEqual([]);
    expect(github.unimplementedRequests).toEqual([]);
  });
});
