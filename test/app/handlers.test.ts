import { afterAll, afterEach, beforeEach, describe, expect, test } from "@jest/globals";
import nock from "nock";
import type { Probot } from "probot";
import { examplePayload, testProbot } from "../helpers/probot.js";
import { goodRepo, kepDir, prrPath } from "../helpers/repo.js";

const api = "https://api.github.com";
const repoPath = "/repos/kubernetes/enhancements";
const headSha = "a".repeat(40);
const baseSha = "b".repeat(40);
const head = goodRepo();
const base = Object.fromEntries(Object.entries(head).filter(([path]) => !path.startsWith(kepDir) && path !== prrPath));
const changed = [`${kepDir}/README.md`, `${kepDir}/kep.yaml`, prrPath];

const pullRequestOverrides = {
  installation: { id: 2 },
  repository: { name: "enhancements", full_name: "kubernetes/enhancements", owner: { login: "kubernetes" } },
  number: 7,
  pull_request: { number: 7, head: { sha: headSha }, base: { sha: baseSha }, user: { login: "alice" }, labels: [{ name: "kind/kep" }], changed_files: 3, requested_reviewers: [] },
  sender: { login: "alice", type: "User" },
};

const mergeSha = "e".repeat(40);
/** GitHub's test merge of the head into the base: the base plus the new KEP, which is the head here. */
const merged = head;

function blob(text: string | undefined) {
  return text === undefined ? null : { oid: "0".repeat(40), byteSize: text.length, isBinary: false, isTruncated: false, text };
}

/**
 * Answers kepbot's GraphQL queries from the fixture commits, recording what it asked for: the pull
 * request query (files of the test merge and of the base tip, by path) and, for any file it did not
 * guess, the blob query (by `sha:path` expression).
 */
function graphqlReply(asked: string[]) {
  return (_uri: string, body: nock.Body) => {
    const { variables } = body as { variables: Record<string, unknown> };
    const side = (prefix: string, name: string, files: Record<string, string>) => {
      const selected: Record<string, unknown> = {};
      for (const [variable, path] of Object.entries(variables)) {
        if (!new RegExp(`^${prefix}\\d+$`).test(variable)) continue;
        asked.push(`${name}:${String(path)}`);
        const text = files[String(path)];
        selected[`f${variable.slice(1)}`] = text === undefined ? null : { object: blob(text) };
      }
      return selected;
    };
    if ("number" in variables) {
      const pullRequest = {
        headRefOid: headSha,
        baseRef: { target: { oid: baseSha, ...side("b", "base", base) } },
        potentialMergeCommit: { oid: mergeSha, parents: { nodes: [{ oid: baseSha }, { oid: headSha }] }, ...side("m", "merge", merged) },
        labels: { nodes: [{ name: "kind/kep" }] },
        reviews: { nodes: [] },
        comments: { pageInfo: { hasNextPage: false, endCursor: null }, nodes: [] },
        reviewThreads: { nodes: [] },
      };
      return [200, { data: { repository: { pullRequest } } }];
    }
    const files: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(variables)) {
      if (!/^e\d+$/.test(name)) continue;
      const [sha, path] = String(value).split(/:(.*)/s) as [string, string];
      asked.push(`${sha === mergeSha ? "merge" : "base"}:${path}`);
      files[`f${name.slice(1)}`] = blob((sha === mergeSha ? merged : base)[path]);
    }
    return [200, { data: { r0: files } }];
  };
}

let probot: Probot;
beforeEach(async () => {
  nock.disableNetConnect();
  probot = await testProbot();
});
afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

// nock patches Node's http module, which every test file in this jest worker shares: put it back, or later files'
// requests (test/app/http-fetch.test.ts's kept-alive sockets) would still go through its interceptor.
afterAll(() => nock.restore());

describe("pull_request.opened on a new KEP", () => {
  test("one check run, the exact requests, labels, the review request and the summary comment", async () => {
    const bodies: Record<string, unknown> = {};
    const asked: string[] = [];
    const mock = nock(api)
      .post("/app/installations/2/access_tokens")
      .reply(201, { token: "ghs_test", expires_at: "2099-01-01T00:00:00Z" })
      .get(`${repoPath}/pulls/7/files`)
      .query({ per_page: "100" })
      .reply(200, changed.map((filename) => ({ filename, status: "added", patch: `@@ -0,0 +1,${(head[filename] ?? "").split("\n").length} @@` })))
      .post("/graphql")
      .reply(graphqlReply(asked))
      .get(`${repoPath}/git/trees/${baseSha}`)
      .query({ recursive: "1" })
      .reply(200, { sha: baseSha, truncated: false, tree: Object.keys(base).map((path) => ({ path, mode: "100644", type: "blob", sha: "0".repeat(40) })) })
      .post(`${repoPath}/check-runs`, (body) => ((bodies.check = body), true))
      .reply(201, { id: 99 })
      .post(`${repoPath}/issues/7/labels`, (body) => ((bodies.labels = body), true))
      .reply(200, [])
      .post(`${repoPath}/pulls/7/requested_reviewers`, (body) => ((bodies.reviewers = body), true))
      .reply(201, {})
      .post(`${repoPath}/issues/7/comments`, (body) => ((bodies.comment = body), true))
      .reply(201, { id: 5 });

    await probot.receive({ name: "pull_request", id: "delivery-1", payload: examplePayload("pull_request", "opened", pullRequestOverrides) as never });

    expect(mock.pendingMocks()).toEqual([]);
    // A verdict that comes quickly is published in one write, completed.
    expect(bodies.check).toMatchObject({
      name: "kepbot",
      head_sha: headSha,
      external_id: expect.stringMatching(/^7:[0-9a-f]{8}$/),
      status: "completed",
      conclusion: "failure",
      output: { title: "1 error", annotations: [{ path: prrPath, start_line: 5, end_line: 5, annotation_level: "failure", title: "prr/approval" }] },
    });
    expect(asked.sort()).toEqual([
      "base:.github/kepbot.yml",
      "base:OWNERS_ALIASES",
      "base:hack/.notableofcontents",
      "base:keps/NNNN-kep-template/README.md",
      "base:sigs.yaml",
      "merge:keps/NNNN-kep-template/README.md",
      `merge:${kepDir}/OWNERS`,
      `merge:${kepDir}/README.md`,
      `merge:${kepDir}/kep.yaml`,
      `merge:${prrPath}`,
    ].sort());
    expect(bodies.labels).toEqual({ labels: ["prr/awaiting-approval", "sig/node"] });
    expect(bodies.reviewers).toEqual({ reviewers: ["wojtek-t"] });
    expect((bodies.comment as { body: string }).body).toMatch(/^<!-- kepbot:summary -->/);
  });

  test("kepbot's own label events are ignored", async () => {
    nock(api).post(/.*/).reply(500);
    await probot.receive({ name: "pull_request", id: "delivery-2", payload: examplePayload("pull_request", "labeled", { ...pullRequestOverrides, sender: { login: "kepbot[bot]", type: "Bot" } }) as never });
    expect(nock.pendingMocks()).toHaveLength(1);
  });
});

describe("check_run.rerequested on a fork PR (pull_requests is empty)", () => {
  test("the PR number comes from external_id, and a superseded head gets a neutral check", async () => {
    const bodies: unknown[] = [];
    const oldSha = "c".repeat(40);
    const mock = nock(api)
      .post("/app/installations/2/access_tokens")
      .reply(201, { token: "ghs_test", expires_at: "2099-01-01T00:00:00Z" })
      .get(`${repoPath}/pulls/7`)
      .reply(200, { number: 7, state: "open", head: { sha: headSha }, base: { sha: baseSha }, user: { login: "alice" }, labels: [], requested_reviewers: [], changed_files: 3 })
      .post(`${repoPath}/check-runs`, (body) => (bodies.push(body), true))
      .reply(201, { id: 100 });
    const payload = examplePayload("check_run", "rerequested", {
      installation: { id: 2 },
      repository: { name: "enhancements", full_name: "kubernetes/enhancements", owner: { login: "kubernetes" } },
      check_run: { name: "kepbot", external_id: "7", head_sha: oldSha, pull_requests: [] },
    });
    await probot.receive({ name: "check_run", id: "delivery-3", payload: payload as never });
    expect(mock.pendingMocks()).toEqual([]);
    // One write: the superseded head's check is created completed.
    expect(bodies).toEqual([
      expect.objectContaining({ head_sha: oldSha, external_id: expect.stringMatching(/^7:/), status: "completed", conclusion: "neutral", output: expect.objectContaining({ title: "Superseded by a newer commit" }) }),
    ]);
  });

  test("another app's check run is not kepbot's to rerun", async () => {
    const payload = examplePayload("check_run", "rerequested", { installation: { id: 2 }, check_run: { name: "other-ci", external_id: "7" } });
    await probot.receive({ name: "check_run", id: "delivery-4", payload: payload as never });
    expect(nock.pendingMocks()).toEqual([]);
  });
});
