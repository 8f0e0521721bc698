/**
 * The webhook helpers, end to end: a Probot app (inline) behind createNodeMiddleware on loopback, talking to the
 * GitHub stand-in, receives signed example payloads.
 */
import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { generateKeyPairSync } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createNodeMiddleware, Probot, type ApplicationFunction } from "probot";
import { GitHubStandIn } from "./github-stand-in.js";
import { deepMerge, deliver, issueCommentPayload, payloadFor, pullRequestPayload, webhookEvents, type PullRef } from "./webhook.js";

const SECRET = "e2e-secret";
const BASE = "c".repeat(40);
const HEAD = "d".repeat(40);
const pull: PullRef = { owner: "kubernetes", repo: "enhancements", installationId: 42, number: 5, headSha: HEAD, baseSha: BASE, author: "alice" };

let gh: GitHubStandIn;
let server: Server;
let url: string;
const seen: { name: string; payload: Record<string, unknown> }[] = [];

const app: ApplicationFunction = (probotApp) => {
  probotApp.on("pull_request.opened", async (context) => {
    seen.push({ name: context.name, payload: context.payload as unknown as Record<string, unknown> });
    const files = await context.octokit.paginate(context.octokit.rest.pulls.listFiles, context.pullRequest({ per_page: 100 }));
    await context.octokit.rest.checks.create(
      context.repo({
        name: "KEP checks",
        head_sha: context.payload.pull_request.head.sha,
        conclusion: "success" as const,
        output: { title: `${files.length} files`, summary: files.map((f) => f.filename).join(", ") },
      }),
    );
  });
  probotApp.on("issue_comment.created", async (context) => {
    seen.push({ name: context.name, payload: context.payload as unknown as Record<string, unknown> });
  });
};

beforeAll(async () => {
  gh = await GitHubStandIn.start({
    owner: pull.owner,
    repo: pull.repo,
    installationId: pull.installationId,
    commits: { [BASE]: { "README.md": "a\n" }, [HEAD]: { "README.md": "b\n", "keps/x.md": "x\n" } },
    pulls: [{ number: pull.number, baseSha: BASE, headSha: HEAD, author: pull.author }],
  });
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const probot = new Probot({
    appId: 1,
    privateKey: privateKey.export({ type: "pkcs1", format: "pem" }).toString(),
    secret: SECRET,
    baseUrl: gh.baseUrl,
    logLevel: "fatal",
  });
  const middleware = await createNodeMiddleware(app, { probot });
  server = createServer((req, res) => {
    void middleware(req, res, () => {
      res.writeHead(404);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/github/webhooks`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await gh.stop();
});

describe("payloadFor", () => {
  test("takes GitHub's example for the action and deep-merges overrides", () => {
    const p = payloadFor("pull_request", "synchronize", { pull_request: { number: 9, head: { sha: HEAD } }, installation: { id: 3 } });
    expect(p["action"]).toBe("synchronize");
    expect(p["pull_request"].number).toBe(9);
    expect(p["pull_request"].head.sha).toBe(HEAD);
    expect(typeof p["pull_request"].head.ref).toBe("string"); // untouched sibling kept
    expect(p["installation"].id).toBe(3);
  });

  test("each call returns a fresh copy", () => {
    const a = payloadFor("pull_request", "opened");
    a["pull_request"].number = -1;
    expect(payloadFor("pull_request", "opened")["pull_request"].number).not.toBe(-1);
  });

  test("unknown events and actions throw with a hint", () => {
    expect(() => payloadFor("no_such_event", "opened")).toThrow(/No webhook examples/);
    expect(() => payloadFor("pull_request", "exploded")).toThrow(/examples exist for: .*opened/);
    expect(webhookEvents().find((e) => e.name === "check_run")?.actions).toContain("rerequested");
  });

  test("deepMerge replaces arrays and keeps nulls", () => {
    expect(deepMerge({ a: [1, 2], b: { c: 1, d: 2 } }, { a: [3], b: { d: null } })).toEqual({ a: [3], b: { c: 1, d: null } });
  });

  test("pullRequestPayload and issueCommentPayload are consistent with the stand-in", () => {
    const p = pullRequestPayload("opened", pull);
    expect(p["repository"]).toMatchObject({ name: "enhancements", full_name: "kubernetes/enhancements", owner: { login: "kubernetes" } });
    expect(p["pull_request"]).toMatchObject({ number: 5, head: { sha: HEAD, repo: { full_name: "alice/enhancements" } }, base: { sha: BASE } });
    const c = issueCommentPayload(pull, { id: 77, body: "/lgtm", login: "bob" });
    expect(c["issue"]).toMatchObject({ number: 5, pull_request: expect.any(Object) });
    expect(c["comment"]).toMatchObject({ id: 77, body: "/lgtm", user: { login: "bob" } });
  });
});

describe("deliver", () => {
  test("a signed pull_request.opened reaches the app, which talks to the stand-in", async () => {
    const res = await deliver(url, { name: "pull_request", id: "delivery-1", payload: pullRequestPayload("opened", pull), secret: SECRET });
    expect(res.status).toBe(200);
    expect(seen.at(-1)?.name).toBe("pull_request");
    expect(gh.checkRuns).toEqual([expect.objectContaining({ name: "KEP checks", head_sha: HEAD, conclusion: "success", output: expect.objectContaining({ title: "2 files" }) })]);
    expect(gh.invalidRequests).toEqual([]);
    expect(gh.unimplementedRequests).toEqual([]);
  });

  test("issue comments are delivered too", async () => {
    const res = await deliver(url, { name: "issue_comment", payload: issueCommentPayload(pull, { id: 1, body: "/hold", login: "bob" }), secret: SECRET });
    expect(res.status).toBe(200);
    expect(seen.at(-1)?.name).toBe("issue_comment");
  });

  test("a wrong secret is rejected with 400, as probot does", async () => {
    const res = await deliver(url, { name: "pull_request", payload: pullRequestPayload("opened", pull), secret: "wrong" });
    expect(res.status).toBe(400);
    expect(res.body).toMatch(/signature does not match/);
  });
});
