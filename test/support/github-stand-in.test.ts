import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { GitHubStandIn } from "./github-stand-in.js";

const OWNER = "kubernetes";
const REPO = "enhancements";
const BASE = "1".repeat(40);
const HEAD = "2".repeat(40);
const BIG_BASE = "3".repeat(40);
const BIG_HEAD = "4".repeat(40);
const KEP = "keps/sig-node/1234-sidecar-restarts";

const readmeBase = Array.from({ length: 40 }, (_, i) => `line ${i + 1}`).join("\n") + "\n";
const readmeHead = readmeBase.replace("line 20\n", "line 20 changed\n");

function jwt(payload: Record<string, unknown> = { iat: Math.floor(Date.now() / 1000) - 30, exp: Math.floor(Date.now() / 1000) + 540, iss: 1 }): string {
  const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
  return `${part({ alg: "RS256", typ: "JWT" })}.${part(payload)}.${Buffer.from("signature").toString("base64url")}`;
}

let gh: GitHubStandIn;
let token: string;

interface Answer {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  headers: Headers;
}

async function call(method: string, path: string, options: { body?: unknown; auth?: string | null; url?: string } = {}): Promise<Answer> {
  const headers: Record<string, string> = { accept: "application/vnd.github+json" };
  const auth = options.auth === undefined ? `token ${token}` : options.auth;
  if (auth) headers["authorization"] = auth;
  if (options.body !== undefined) headers["content-type"] = "application/json; charset=utf-8";
  const res = await fetch(options.url ?? `${gh.baseUrl}${path}`, {
    method,
    headers,
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // raw
  }
  return { status: res.status, body, headers: res.headers };
}

async function graphql(query: string, variables: Record<string, unknown> = {}): Promise<Answer> {
  const res = await fetch(`http://${gh.host}/api/graphql`, {
    method: "POST",
    headers: { authorization: `token ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, body: await res.json(), headers: res.headers };
}

const annotation = (i: number) => ({
  path: `${KEP}/README.md`,
  start_line: i + 1,
  end_line: i + 1,
  annotation_level: "warning",
  message: `problem ${i}`,
});

beforeAll(async () => {
  const bigHead: Record<string, string> = {};
  for (let i = 0; i < 250; i++) bigHead[`keps/sig-apps/${String(i).padStart(4, "0")}-kep/kep.yaml`] = `title: kep ${i}\n`;
  gh = await GitHubStandIn.start({
    owner: OWNER,
    repo: REPO,
    installationId: 99,
    commits: {
      [BASE]: {
        [`${KEP}/README.md`]: readmeBase,
        [`${KEP}/kep.yaml`]: "title: Sidecar restarts\n",
        "old/moved.md": "identical content\n",
        "gone.md": "bye\n",
        "keps/prod-readiness/sig-node/1234.yaml": "kep-number: 1234\n",
      },
      [HEAD]: {
        [`${KEP}/README.md`]: readmeHead,
        [`${KEP}/kep.yaml`]: "title: Sidecar restarts\nstage: beta\n",
        "new/moved.md": "identical content\n",
        "added.md": "hello\n",
        "keps/prod-readiness/sig-node/1234.yaml": "kep-number: 1234\n",
      },
      [BIG_BASE]: { "README.md": "root\n" },
      [BIG_HEAD]: { "README.md": "root\n", ...bigHead },
    },
    pulls: [
      { number: 7, baseSha: BASE, headSha: HEAD, author: "alice", labels: ["kind/kep"], title: "KEP-1234: beta" },
      { number: 8, baseSha: BIG_BASE, headSha: BIG_HEAD, author: "bob" },
    ],
    extraRepos: [{ owner: "kubernetes", repo: "community", defaultBranchFiles: { "sigs.yaml": "sigs: []\n" } }],
  });
  const res = await call("POST", "/app/installations/99/access_tokens", { auth: `Bearer ${jwt()}` });
  expect(res.status).toBe(201);
  token = res.body.token;
});

afterAll(async () => {
  await gh.stop();
});

describe("GitHubStandIn", () => {
  test("starts quickly on loopback and exposes GHE and baseUrl addresses", () => {
    expect(gh.host).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(gh.baseUrl).toBe(`http://${gh.host}/api/v3`);
    expect(gh.startupMs).toBeLessThan(3000);
  });

  describe("authentication", () => {
    test("installation tokens need a JWT and look like GitHub's", async () => {
      const res = await call("POST", "/app/installations/99/access_tokens", { auth: `Bearer ${jwt()}` });
      expect(res.status).toBe(201);
      expect(res.body.token).toMatch(/^ghs_[A-Za-z0-9]{36}$/);
      const expires = Date.parse(res.body.expires_at);
      expect(expires - Date.now()).toBeGreaterThan(59 * 60_000);
      expect(expires - Date.now()).toBeLessThanOrEqual(60 * 60_000);
      expect(res.body.permissions).toMatchObject({ checks: "write" });
    });

    test("a token for an unknown installation is 404, a non-JWT is 401", async () => {
      expect((await call("POST", "/app/installations/1/access_tokens", { auth: `Bearer ${jwt()}` })).status).toBe(404);
      expect((await call("POST", "/app/installations/99/access_tokens", { auth: "Bearer nope" })).status).toBe(401);
    });

    test("GET /app answers with the slug when called with the JWT", async () => {
      const res = await call("GET", "/app", { auth: `Bearer ${jwt()}` });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ slug: "kepbot", name: "kepbot" });
      expect(typeof res.body.id).toBe("number");
    });

    test("calls without a token get 401", async () => {
      const res = await call("GET", `/repos/${OWNER}/${REPO}/pulls/7`, { auth: null });
      expect(res.status).toBe(401);
      expect(res.body.message).toBe("Requires authentication");
      expect((await call("GET", `/repos/${OWNER}/${REPO}/pulls/7`, { auth: "token ghs_madeup" })).status).toBe(401);
      const gql = await fetch(`http://${gh.host}/api/graphql`, { method: "POST", body: JSON.stringify({ query: "{ rateLimit { remaining } }" }) });
      expect(gql.status).toBe(401);
    });
  });

  describe("routing and the OpenAPI contract", () => {
    test("an unknown route is 404 and recorded as invalid", async () => {
      const before = gh.invalidRequests.length;
      const res = await call("GET", `/repos/${OWNER}/${REPO}/not-a-github-route`);
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ message: "Not Found" });
      expect(gh.invalidRequests.length).toBe(before + 1);
      expect(gh.invalidRequests.at(-1)).toMatchObject({ method: "GET", path: `/repos/${OWNER}/${REPO}/not-a-github-route`, status: 404 });
    });

    test("a documented path with the wrong method is 404 and invalid", async () => {
      const res = await call("DELETE", `/repos/${OWNER}/${REPO}/pulls/7/files`);
      expect(res.status).toBe(404);
      expect(gh.invalidRequests.at(-1)?.path).toBe(`/repos/${OWNER}/${REPO}/pulls/7/files`);
    });

    test("serves both with and without the /api/v3 prefix and records the path without it", async () => {
      const prefixed = await call("GET", `/repos/${OWNER}/${REPO}/pulls/7`);
      const bare = await call("GET", "", { url: `http://${gh.host}/repos/${OWNER}/${REPO}/pulls/7` });
      expect(prefixed.status).toBe(200);
      expect(bare.status).toBe(200);
      const recorded = gh.requests.slice(-2);
      expect(recorded.map((r) => r.path)).toEqual([`/repos/${OWNER}/${REPO}/pulls/7`, `/repos/${OWNER}/${REPO}/pulls/7`]);
      expect(recorded[0]?.operationId).toBe("pulls/get");
      const gql = await fetch(`http://${gh.host}/graphql`, {
        method: "POST",
        headers: { authorization: `token ${token}` },
        body: JSON.stringify({ query: "{ rateLimit { remaining } }" }),
      });
      expect(((await gql.json()) as { data: { rateLimit: { remaining: number } } }).data.rateLimit.remaining).toBeGreaterThan(0);
    });

    test("query parameters are checked against the spec (enum and integer)", async () => {
      const bad = await call("GET", `/repos/${OWNER}/${REPO}/commits/${HEAD}/check-runs?filter=newest`);
      expect(bad.status).toBe(422);
      expect(bad.body.message).toBe("Invalid request.");
      const bad2 = await call("GET", `/repos/${OWNER}/${REPO}/pulls/7/files?per_page=lots`);
      expect(bad2.status).toBe(422);
      expect(gh.invalidRequests.at(-1)?.operationId).toBe("pulls/list-files");
    });

    test("a non-integer path parameter is 404 and invalid", async () => {
      const res = await call("GET", `/repos/${OWNER}/${REPO}/pulls/seven`);
      expect(res.status).toBe(404);
      expect(gh.invalidRequests.at(-1)?.problems?.join()).toMatch(/pull_number/);
    });

    test("a documented but unimplemented operation is 404 and listed separately", async () => {
      const res = await call("GET", `/repos/${OWNER}/${REPO}/releases`);
      expect(res.status).toBe(404);
      expect(res.body.message).toMatch(/does not implement repos\/list-releases/);
      expect(gh.unimplementedRequests.at(-1)?.operationId).toBe("repos/list-releases");
    });

    test("unknown repositories are 404 but not contract violations", async () => {
      const before = gh.invalidRequests.length;
      expect((await call("GET", `/repos/${OWNER}/nope/pulls/7`)).status).toBe(404);
      expect((await call("GET", `/repos/${OWNER}/${REPO}/pulls/999`)).status).toBe(404);
      expect(gh.invalidRequests.length).toBe(before);
    });

    test("bodies that are not JSON are 400", async () => {
      const res = await fetch(`${gh.baseUrl}/repos/${OWNER}/${REPO}/check-runs`, {
        method: "POST",
        headers: { authorization: `token ${token}`, "content-type": "application/json" },
        body: "{not json",
      });
      expect(res.status).toBe(400);
    });
  });

  describe("check runs", () => {
    const create = (body: Record<string, unknown>) => call("POST", `/repos/${OWNER}/${REPO}/check-runs`, { body });

    test("51 annotations in one request are rejected with 422", async () => {
      const before = gh.invalidRequests.length;
      const res = await create({
        name: "kepbot",
        head_sha: HEAD,
        status: "in_progress",
        output: { title: "t", summary: "s", annotations: Array.from({ length: 51 }, (_, i) => annotation(i)) },
      });
      expect(res.status).toBe(422);
      expect(res.body.message).toBe("Invalid request.");
      expect(JSON.stringify(res.body.errors)).toContain("No more than 50 items are allowed; 51 were supplied.");
      expect(gh.invalidRequests.length).toBe(before + 1);
      expect(gh.invalidRequests.at(-1)?.operationId).toBe("checks/create");
    });

    test("an invalid conclusion is rejected with 422", async () => {
      const res = await create({ name: "kepbot", head_sha: HEAD, conclusion: "passed" });
      expect(res.status).toBe(422);
      expect(JSON.stringify(res.body.errors)).toMatch(/conclusion/);
      expect(gh.invalidRequests.at(-1)?.status).toBe(422);
    });

    test("a summary of 65,536 characters is rejected with 422 (65,535 is fine)", async () => {
      const tooLong = await create({ name: "kepbot", head_sha: HEAD, output: { title: "t", summary: "x".repeat(65536) } });
      expect(tooLong.status).toBe(422);
      const fits = await create({ name: "kepbot", head_sha: HEAD, output: { title: "t", summary: "x".repeat(65535) } });
      expect(fits.status).toBe(201);
    });

    test("an annotation title over 255 characters, a missing required field and status completed without conclusion are rejected", async () => {
      const longTitle = await create({
        name: "kepbot",
        head_sha: HEAD,
        output: { title: "t", summary: "s", annotations: [{ ...annotation(0), title: "x".repeat(256) }] },
      });
      expect(longTitle.status).toBe(422);
      const missing = await create({ name: "kepbot", head_sha: HEAD, output: { title: "t", summary: "s", annotations: [{ path: "a", start_line: 1 }] } });
      expect(missing.status).toBe(422);
      expect(missing.body.errors.map((e: { message: string }) => e.message)).toContain(`"end_line" wasn't supplied.`);
      const noConclusion = await create({ name: "kepbot", head_sha: HEAD, status: "completed" });
      expect(noConclusion.status).toBe(422);
      const badLevel = await create({
        name: "kepbot",
        head_sha: HEAD,
        output: { title: "t", summary: "s", annotations: [{ ...annotation(0), annotation_level: "error" }] },
      });
      expect(badLevel.status).toBe(422);
    });

    test("a head_sha that is not a commit is 422", async () => {
      const res = await create({ name: "kepbot", head_sha: "f".repeat(40) });
      expect(res.status).toBe(422);
      expect(res.body.message).toBe(`No commit found for SHA: ${"f".repeat(40)}`);
    });

    test("create + patch round-trip appends annotations across updates", async () => {
      const created = await create({
        name: "KEP checks",
        head_sha: HEAD,
        external_id: "pr-7",
        status: "in_progress",
        output: { title: "Checking", summary: "running", annotations: Array.from({ length: 50 }, (_, i) => annotation(i)) },
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ name: "KEP checks", head_sha: HEAD, status: "in_progress", conclusion: null, external_id: "pr-7" });
      expect(created.body.output.annotations_count).toBe(50);
      const id = created.body.id as number;

      const patched = await call("PATCH", `/repos/${OWNER}/${REPO}/check-runs/${id}`, {
        body: {
          conclusion: "failure",
          output: { title: "2 problems", summary: "see annotations", annotations: Array.from({ length: 30 }, (_, i) => annotation(50 + i)) },
        },
      });
      expect(patched.status).toBe(200);
      expect(patched.body).toMatchObject({ id, status: "completed", conclusion: "failure" });
      expect(patched.body.output).toMatchObject({ title: "2 problems", summary: "see annotations", annotations_count: 80 });
      expect(patched.body.completed_at).toMatch(/Z$/);

      const state = gh.checkRuns.find((r) => r.id === id);
      expect(state?.annotations).toHaveLength(80);
      expect(state).toMatchObject({ status: "completed", conclusion: "failure", external_id: "pr-7", output: { title: "2 problems" } });

      const listed = await call("GET", `/repos/${OWNER}/${REPO}/commits/${HEAD}/check-runs?check_name=KEP%20checks`);
      expect(listed.status).toBe(200);
      expect(listed.body.total_count).toBe(1);
      expect(listed.body.check_runs[0].id).toBe(id);

      const annotations = await call("GET", `/repos/${OWNER}/${REPO}/check-runs/${id}/annotations?per_page=100`);
      expect(annotations.body).toHaveLength(80);

      // PATCH status completed without a conclusion breaks the schema's anyOf.
      const bad = await call("PATCH", `/repos/${OWNER}/${REPO}/check-runs/${id}`, { body: { status: "completed" } });
      expect(bad.status).toBe(422);
      expect((await call("PATCH", `/repos/${OWNER}/${REPO}/check-runs/12345`, { body: { status: "in_progress" } })).status).toBe(404);
    });
  });

  describe("pull requests, trees and blobs", () => {
    test("GET pull has the fields Probot apps read", async () => {
      const res = await call("GET", `/repos/${OWNER}/${REPO}/pulls/7`);
      expect(res.body).toMatchObject({
        number: 7,
        state: "open",
        draft: false,
        title: "KEP-1234: beta",
        user: { login: "alice" },
        head: { sha: HEAD, repo: { full_name: `alice/${REPO}` } },
        base: { sha: BASE, ref: "master", repo: { full_name: `${OWNER}/${REPO}` } },
        labels: [{ name: "kind/kep" }],
        changed_files: 5,
        requested_reviewers: [],
      });
    });

    test("changed files are diffed between base and head, with renames", async () => {
      const res = await call("GET", `/repos/${OWNER}/${REPO}/pulls/7/files`);
      expect(res.status).toBe(200);
      const byName = Object.fromEntries((res.body as { filename: string; patch?: string }[]).map((f) => [f.filename, f]));
      expect(Object.keys(byName).sort()).toEqual(["added.md", "gone.md", `${KEP}/README.md`, `${KEP}/kep.yaml`, "new/moved.md"].sort());
      expect(byName["new/moved.md"]).toMatchObject({ status: "renamed", previous_filename: "old/moved.md", changes: 0 });
      expect(byName["added.md"]).toMatchObject({ status: "added", additions: 1, deletions: 0 });
      expect(byName["gone.md"]).toMatchObject({ status: "removed", additions: 0, deletions: 1 });
      expect(byName[`${KEP}/README.md`]).toMatchObject({ status: "modified", additions: 1, deletions: 1, changes: 2 });
      expect(byName[`${KEP}/README.md`]?.patch).toContain("@@ -17,7 +17,7 @@");
      expect(byName[`${KEP}/kep.yaml`]).toMatchObject({ status: "modified", additions: 1, deletions: 0 });
      expect(res.headers.get("link")).toBeNull();
    });

    test("250 changed files come in 3 pages with absolute Link headers", async () => {
      const first = await call("GET", `/repos/${OWNER}/${REPO}/pulls/8/files?per_page=100`);
      expect(first.body).toHaveLength(100);
      const link1 = first.headers.get("link") ?? "";
      expect(link1).toContain(`<${gh.baseUrl}/repos/${OWNER}/${REPO}/pulls/8/files?per_page=100&page=2>; rel="next"`);
      expect(link1).toContain(`<${gh.baseUrl}/repos/${OWNER}/${REPO}/pulls/8/files?per_page=100&page=3>; rel="last"`);
      const next = /<([^>]+)>; rel="next"/.exec(link1)?.[1] ?? "";
      const second = await call("GET", "", { url: next });
      expect(second.body).toHaveLength(100);
      const next2 = /<([^>]+)>; rel="next"/.exec(second.headers.get("link") ?? "")?.[1] ?? "";
      const third = await call("GET", "", { url: next2 });
      expect(third.body).toHaveLength(50);
      expect(third.headers.get("link")).not.toContain('rel="next"');
      expect(third.headers.get("link")).toContain('rel="prev"');
      const names = [...first.body, ...second.body, ...third.body].map((f: { filename: string }) => f.filename);
      expect(new Set(names).size).toBe(250);
      // default page size is 30; per_page above 100 is clamped to 100
      expect((await call("GET", `/repos/${OWNER}/${REPO}/pulls/8/files`)).body).toHaveLength(30);
      expect((await call("GET", `/repos/${OWNER}/${REPO}/pulls/8/files?per_page=500`)).body).toHaveLength(100);
    });

    test("recursive trees list directories and blobs; blobs are base64", async () => {
      const tree = await call("GET", `/repos/${OWNER}/${REPO}/git/trees/${HEAD}?recursive=1`);
      expect(tree.status).toBe(200);
      expect(tree.body.truncated).toBe(false);
      const paths = (tree.body.tree as { path: string; type: string }[]).map((e) => `${e.type}:${e.path}`);
      expect(paths).toContain("tree:keps");
      expect(paths).toContain(`tree:${KEP}`);
      expect(paths).toContain(`blob:${KEP}/README.md`);
      const entry = (tree.body.tree as { path: string; sha: string; mode: string; size: number }[]).find((e) => e.path === `${KEP}/kep.yaml`);
      expect(entry?.mode).toBe("100644");
      const blob = await call("GET", `/repos/${OWNER}/${REPO}/git/blobs/${entry?.sha}`);
      expect(blob.body.encoding).toBe("base64");
      expect(Buffer.from(blob.body.content, "base64").toString()).toBe("title: Sidecar restarts\nstage: beta\n");
      expect(blob.body.size).toBe(entry?.size);
      // git's blob id for "hello\n"
      const top = await call("GET", `/repos/${OWNER}/${REPO}/git/trees/${HEAD}`);
      expect((top.body.tree as { path: string; sha: string }[]).find((e) => e.path === "added.md")?.sha).toBe("ce013625030ba8dba906f756967f9e9ca394464a");
      expect((await call("GET", `/repos/${OWNER}/${REPO}/git/blobs/${"0".repeat(40)}`)).status).toBe(404);
    });

    test("contents API serves files (JSON and raw) from refs and extra repos", async () => {
      const json = await call("GET", `/repos/kubernetes/community/contents/sigs.yaml`);
      expect(json.status).toBe(200);
      expect(Buffer.from(json.body.content, "base64").toString()).toBe("sigs: []\n");
      const raw = await fetch(`${gh.baseUrl}/repos/${OWNER}/${REPO}/contents/${encodeURIComponent("added.md")}?ref=${HEAD}`, {
        headers: { authorization: `token ${token}`, accept: "application/vnd.github.v3.raw" },
      });
      expect(await raw.text()).toBe("hello\n");
      expect((await call("GET", `/repos/${OWNER}/${REPO}/contents/.github%2Fkepbot.yml`)).status).toBe(404);
    });
  });

  describe("labels, comments, reviewers", () => {
    test("labels can be added and removed; removing a missing label is 404", async () => {
      const added = await call("POST", `/repos/${OWNER}/${REPO}/issues/7/labels`, { body: { labels: ["needs-prr", "sig/node"] } });
      expect(added.status).toBe(200);
      expect((added.body as { name: string }[]).map((l) => l.name)).toEqual(["kind/kep", "needs-prr", "sig/node"]);
      expect(gh.labels(7)).toEqual(["kind/kep", "needs-prr", "sig/node"]);
      const removed = await call("DELETE", `/repos/${OWNER}/${REPO}/issues/7/labels/${encodeURIComponent("sig/node")}`);
      expect(removed.status).toBe(200);
      expect(gh.labels(7)).toEqual(["kind/kep", "needs-prr"]);
      const missing = await call("DELETE", `/repos/${OWNER}/${REPO}/issues/7/labels/nope`);
      expect(missing.status).toBe(404);
      expect(missing.body.message).toBe("Label does not exist");
      const empty = await call("POST", `/repos/${OWNER}/${REPO}/issues/7/labels`, { body: { labels: [] } });
      expect(empty.status).toBe(422);
      const listed = await call("GET", `/repos/${OWNER}/${REPO}/issues/7/labels`);
      expect((listed.body as { name: string }[]).map((l) => l.name)).toEqual(["kind/kep", "needs-prr"]);
      // Documented by GitHub although the schema says minItems 1: an empty set removes every label.
      const cleared = await call("PUT", `/repos/${OWNER}/${REPO}/issues/7/labels`, { body: { labels: [] } });
      expect(cleared.status).toBe(200);
      expect(gh.labels(7)).toEqual([]);
      await call("PUT", `/repos/${OWNER}/${REPO}/issues/7/labels`, { body: { labels: ["kind/kep", "needs-prr"] } });
      expect(gh.labels(7)).toEqual(["kind/kep", "needs-prr"]);
    });

    test("bot comments are created, edited and deleted", async () => {
      const created = await call("POST", `/repos/${OWNER}/${REPO}/issues/7/comments`, { body: { body: "hello from the bot" } });
      expect(created.status).toBe(201);
      expect(created.body.user).toMatchObject({ login: "kepbot[bot]", type: "Bot" });
      const id = created.body.id as number;
      expect(gh.comments.find((c) => c.id === id)).toMatchObject({ issue_number: 7, body: "hello from the bot", user: { login: "kepbot[bot]", type: "Bot" } });
      const edited = await call("PATCH", `/repos/${OWNER}/${REPO}/issues/comments/${id}`, { body: { body: "edited" } });
      expect(edited.body.body).toBe("edited");
      expect((await call("POST", `/repos/${OWNER}/${REPO}/issues/7/comments`, { body: {} })).status).toBe(422);
      const listed = await call("GET", `/repos/${OWNER}/${REPO}/issues/7/comments`);
      expect((listed.body as { id: number }[]).map((c) => c.id)).toContain(id);
      expect((await call("DELETE", `/repos/${OWNER}/${REPO}/issues/comments/${id}`)).status).toBe(204);
      expect(gh.comments.find((c) => c.id === id)).toBeUndefined();
      expect((await call("DELETE", `/repos/${OWNER}/${REPO}/issues/comments/${id}`)).status).toBe(404);
    });

    test("review comments must sit inside the diff", async () => {
      const base = { commit_id: HEAD, path: `${KEP}/README.md`, body: "fix this" };
      const inside = await call("POST", `/repos/${OWNER}/${REPO}/pulls/7/comments`, { body: { ...base, line: 20, side: "RIGHT" } });
      expect(inside.status).toBe(201);
      expect(gh.reviewComments.at(-1)).toMatchObject({ pull_number: 7, line: 20, path: `${KEP}/README.md`, commit_id: HEAD });
      const context = await call("POST", `/repos/${OWNER}/${REPO}/pulls/7/comments`, { body: { ...base, line: 17 } });
      expect(context.status).toBe(201);
      const outside = await call("POST", `/repos/${OWNER}/${REPO}/pulls/7/comments`, { body: { ...base, line: 2 } });
      expect(outside.status).toBe(422);
      const unchangedFile = await call("POST", `/repos/${OWNER}/${REPO}/pulls/7/comments`, {
        body: { ...base, path: "keps/prod-readiness/sig-node/1234.yaml", line: 1 },
      });
      expect(unchangedFile.status).toBe(422);
      const noCommit = await call("POST", `/repos/${OWNER}/${REPO}/pulls/7/comments`, { body: { path: base.path, body: "x", line: 20 } });
      expect(noCommit.status).toBe(422); // commit_id is required by the schema
      const listed = await call("GET", `/repos/${OWNER}/${REPO}/pulls/7/comments`);
      expect(listed.body).toHaveLength(2);
    });

    test("requesting a review from the author is 422, from others works", async () => {
      const self = await call("POST", `/repos/${OWNER}/${REPO}/pulls/7/requested_reviewers`, { body: { reviewers: ["alice"] } });
      expect(self.status).toBe(422);
      expect(self.body.message).toBe("Review cannot be requested from pull request author.");
      const ok = await call("POST", `/repos/${OWNER}/${REPO}/pulls/7/requested_reviewers`, { body: { reviewers: ["wojtek-t"] } });
      expect(ok.status).toBe(201);
      expect(ok.body.requested_reviewers.map((u: { login: string }) => u.login)).toEqual(["wojtek-t"]);
      expect(gh.requestedReviewers(7)).toEqual(["wojtek-t"]);
    });

    test("reviews pushed by tests are listed", async () => {
      gh.reviews.push({ pull_number: 7, user: "wojtek-t", state: "APPROVED", commit_id: HEAD });
      const res = await call("GET", `/repos/${OWNER}/${REPO}/pulls/7/reviews`);
      expect(res.body).toEqual([expect.objectContaining({ state: "APPROVED", commit_id: HEAD, user: expect.objectContaining({ login: "wojtek-t" }) })]);
    });
  });

  describe("GraphQL", () => {
    test("a query with an unknown field answers errors and is recorded as invalid", async () => {
      const before = gh.invalidRequests.length;
      const res = await graphql(`query { repository(owner: "kubernetes", name: "enhancements") { notAField } }`);
      expect(res.status).toBe(200);
      expect(res.body.data).toBeUndefined();
      expect(res.body.errors[0].message).toMatch(/notAField/);
      expect(gh.invalidRequests.length).toBe(before + 1);
      expect(gh.invalidRequests.at(-1)).toMatchObject({ path: "/graphql", operationId: "graphql" });
      const syntax = await graphql(`query { repository(`);
      expect(syntax.body.errors[0].message).toMatch(/Syntax Error/);
      expect(gh.invalidRequests.length).toBe(before + 2);
    });

    test("reads two blobs (one missing), reviews and comments of a pull request", async () => {
      gh.comments.push({ id: 17, issue_number: 7, body: "/lgtm", user: { login: "wojtek-t", type: "User" } });
      await call("POST", `/repos/${OWNER}/${REPO}/issues/7/comments`, { body: { body: "<!-- kepbot -->report" } });
      const res = await graphql(
        `query($owner: String!, $name: String!, $number: Int!, $readme: String!, $missing: String!) {
          repository(owner: $owner, name: $name) {
            readme: object(expression: $readme) { __typename ... on Blob { oid byteSize isBinary isTruncated text } }
            missing: object(expression: $missing) { ... on Blob { text } }
            dir: object(expression: "${HEAD}:${KEP}") { ... on Tree { entries { name type path } } }
            pullRequest(number: $number) {
              number headRefOid baseRefOid
              labels(first: 10) { nodes { name } }
              reviews(last: 10) { nodes { author { login } state submittedAt commit { oid } } }
              comments(first: 10) { pageInfo { hasNextPage endCursor } nodes { fullDatabaseId body author { __typename login } } }
              reviewThreads(first: 10) { nodes { path line comments(first: 5) { nodes { fullDatabaseId body author { __typename login } } } } }
            }
          }
        }`,
        { owner: OWNER, name: REPO, number: 7, readme: `${HEAD}:${KEP}/README.md`, missing: `${HEAD}:${KEP}/nope.md` },
      );
      expect(res.body.errors).toBeUndefined();
      const repo = res.body.data.repository;
      expect(repo.readme).toMatchObject({ __typename: "Blob", isBinary: false, isTruncated: false, text: readmeHead, byteSize: Buffer.byteLength(readmeHead) });
      expect(repo.missing).toBeNull();
      expect(repo.dir.entries).toEqual([
        { name: "README.md", type: "blob", path: `${KEP}/README.md` },
        { name: "kep.yaml", type: "blob", path: `${KEP}/kep.yaml` },
      ]);
      const pr = repo.pullRequest;
      expect(pr).toMatchObject({ number: 7, headRefOid: HEAD, baseRefOid: BASE });
      expect(pr.labels.nodes.map((l: { name: string }) => l.name)).toEqual(gh.labels(7));
      expect(pr.reviews.nodes).toEqual([{ author: { login: "wojtek-t" }, state: "APPROVED", submittedAt: expect.any(String), commit: { oid: HEAD } }]);
      const comments = pr.comments.nodes as { fullDatabaseId: string; body: string; author: { __typename: string; login: string } }[];
      expect(comments.find((c) => c.fullDatabaseId === "17")?.author).toEqual({ __typename: "User", login: "wojtek-t" });
      expect(comments.find((c) => c.body.startsWith("<!-- kepbot -->"))?.author).toEqual({ __typename: "Bot", login: "kepbot" });
      expect(pr.comments.pageInfo.hasNextPage).toBe(false);
      expect(pr.reviewThreads.nodes[0]).toMatchObject({ path: `${KEP}/README.md`, line: 20 });
      expect(pr.reviewThreads.nodes[0].comments.nodes[0].author).toEqual({ __typename: "Bot", login: "kepbot" });
    });

    test("ids as github.com has them: a comment's databaseId (a 32-bit Int) fails as on GitHub, fullDatabaseId carries it", async () => {
      const query = (field: string) => `{ repository(owner: "kubernetes", name: "enhancements") { pullRequest(number: 7) { comments(first: 10) { nodes { ${field} body } } } } }`;
      const narrow = await graphql(query("databaseId"));
      expect(narrow.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ message: expect.stringMatching(/^Int cannot represent non 32-bit signed integer value: 26\d{8}$/) })]));
      const wide = await graphql(query("fullDatabaseId"));
      expect(wide.body.errors).toBeUndefined();
      const ids = (wide.body.data.repository.pullRequest.comments.nodes as { fullDatabaseId: string }[]).map((c) => Number(c.fullDatabaseId));
      expect(Math.max(...ids)).toBeGreaterThan(2 ** 31);
    });

    test("comment pagination, HEAD expressions and extra repositories", async () => {
      const page1 = await graphql(`{ repository(owner: "kubernetes", name: "enhancements") { pullRequest(number: 7) { comments(first: 1) { pageInfo { hasNextPage endCursor } nodes { databaseId } } } } }`);
      const info = page1.body.data.repository.pullRequest.comments.pageInfo;
      expect(info.hasNextPage).toBe(true);
      const page2 = await graphql(
        `query($after: String) { repository(owner: "kubernetes", name: "enhancements") { pullRequest(number: 7) { comments(first: 1, after: $after) { nodes { databaseId } } } } }`,
        { after: info.endCursor },
      );
      expect(page2.body.data.repository.pullRequest.comments.nodes[0].databaseId).not.toBe(page1.body.data.repository.pullRequest.comments.nodes[0].databaseId);
      const sigs = await graphql(`{ repository(owner: "kubernetes", name: "community") { object(expression: "HEAD:sigs.yaml") { ... on Blob { text } } } }`);
      expect(sigs.body.data.repository.object.text).toBe("sigs: []\n");
      const master = await graphql(`{ repository(owner: "kubernetes", name: "enhancements") { object(expression: "master:gone.md") { ... on Blob { text } } } }`);
      expect(master.body.data.repository.object.text).toBe("bye\n");
    });

    test("GitHub's pagination rules and NOT_FOUND errors", async () => {
      const before = gh.invalidRequests.length;
      const noFirst = await graphql(`{ repository(owner: "kubernetes", name: "enhancements") { pullRequest(number: 7) { reviews { nodes { state } } } } }`);
      expect(noFirst.body.errors[0].message).toMatch(/You must provide a `first` or `last` value/);
      const tooMany = await graphql(`{ repository(owner: "kubernetes", name: "enhancements") { pullRequest(number: 7) { reviews(first: 101) { nodes { state } } } } }`);
      expect(tooMany.body.errors[0].message).toMatch(/exceeds the `first` limit of 100 records/);
      expect(gh.invalidRequests.length).toBe(before + 2);
      const missingPr = await graphql(`{ repository(owner: "kubernetes", name: "enhancements") { pullRequest(number: 999) { number } } }`);
      expect(missingPr.body.errors[0]).toMatchObject({ type: "NOT_FOUND", path: ["repository", "pullRequest"] });
      expect(missingPr.body.data.repository.pullRequest).toBeNull();
      const badVar = await graphql(`query($n: Int!) { repository(owner: "kubernetes", name: "enhancements") { pullRequest(number: $n) { number } } }`, { n: "seven" });
      expect(badVar.body.errors[0].message).toMatch(/Int/);
      expect(gh.invalidRequests.length).toBe(before + 3);
    });
  });

  test("latencyMs delays every response", async () => {
    const slow = await GitHubStandIn.start({ owner: "o", repo: "r", installationId: 1, commits: { [BASE]: { a: "b" } }, pulls: [], latencyMs: 120 });
    try {
      const t0 = Date.now();
      const res = await fetch(`${slow.baseUrl}/nope`);
      expect(res.status).toBe(404);
      expect(Date.now() - t0).toBeGreaterThanOrEqual(110);
    } finally {
      await slow.stop();
    }
  });
});
