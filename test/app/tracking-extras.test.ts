import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, test } from "@jest/globals";
import { boardRoute } from "../../src/app/board-route.js";
import { cachedBoardLoader, installationBoardLoader, startTrackingSweep, sweepInstallations } from "../../src/app/tracking-sweep.js";
import { main } from "../../src/cli/main.js";
import { ProbotOctokit } from "probot";
import { OctokitGitHub } from "../../src/github/octokit-github.js";
import { prrPath } from "../helpers/repo.js";
import {
  afterFreeze,
  calendarConfig,
  commentPayload,
  issuePayload,
  missingPrrApprover,
  prrWithBeta,
  pushPayload,
  receive,
  repo,
  requestsSince,
  trackingComments,
  trackingWorld,
  type World,
} from "../helpers/tracking-app.js";

let world: World | undefined;
let server: Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
  await world?.github.stop();
  world = undefined;
});

function clean(github: World["github"]): void {
  expect(github.invalidRequests).toEqual([]);
  expect(github.unimplementedRequests).toEqual([]);
  // GitHub answers 404 for someone who is not in a team: the only failures expected.
  expect(github.failedRequests.filter((request) => request.operationId !== "teams/get-membership-for-user-in-org")).toEqual([]);
}

const optedIn = { number: 4242, title: "Sidecar restarts", labels: ["sig/node", "stage/beta", "lead-opted-in"], milestone: "v1.37" };

const projectConfig = `tracking:
  project:
    owner: kubernetes
    number: 211
    fields: { status: Status, stage: Stage, sig: SIG, prr: PRR Status }
    options:
      status: { ready: Tracked, at-risk: At Risk for Enhancements Freeze, missed: Removed from Release }
      prr: { approved: Done, needs-approver: Needs Approver, no-file: No PRR File }
`;
const project = {
  owner: "kubernetes",
  number: 211,
  title: "1.37 Enhancements Tracking",
  fields: {
    Status: ["Tracked", "At Risk for Enhancements Freeze", "Removed from Release"],
    Stage: ["Alpha", "Beta", "Stable", "Deprecation"],
    SIG: ["SIG Apps", "SIG Node"],
    "PRR Status": ["Done", "Needs Approver", "No PRR File"],
  },
};

describe("the Projects (v2) board kept in step", () => {
  test("an opted-in issue is added to the project with its fields set; only changed fields are rewritten", async () => {
    world = await trackingWorld({ files: missingPrrApprover(calendarConfig(projectConfig)), issues: [optedIn], projects: [project] });
    const { github } = world;

    let mark = github.requests.length;
    await receive(world, "issues", issuePayload(world, 4242, "labeled", { label: { name: "lead-opted-in" } }));
    expect(github.projectItemOf("kubernetes", 211, 4242)).toEqual({ Status: "At Risk for Enhancements Freeze", Stage: "Beta", SIG: "SIG Node", "PRR Status": "Needs Approver" });
    const first = requestsSince(github, mark);
    expect(first.filter((name) => name.startsWith("graphql mutation"))).toEqual(["graphql mutation addProjectV2ItemById", "graphql mutation updateProjectV2ItemFieldValue"]);

    // Nothing changed: the project's fields are read (once), nothing is written.
    mark = github.requests.length;
    await receive(world, "issues", issuePayload(world, 4242, "labeled", { label: { name: "kind/feature" } }));
    expect(requestsSince(github, mark).filter((name) => name.startsWith("graphql mutation"))).toEqual([]);

    // The PRR approver lands: Status and PRR Status change, Stage and SIG do not, in one request.
    const after = github.push({ ...missingPrrApprover(calendarConfig(projectConfig)), [prrPath]: prrWithBeta });
    mark = github.requests.length;
    await receive(world, "push", pushPayload({ modified: [prrPath] }, after));
    const writes = github.requests.slice(mark).filter((request) => request.operationId === "graphql" && /^mutation/.test(String((request.body as { query: string }).query).trim()));
    expect(writes).toHaveLength(1);
    const variables = (writes[0]?.body as { variables: Record<string, string> }).variables;
    expect(Object.keys(variables).filter((name) => /^f\d+$/.test(name))).toHaveLength(2);
    expect(github.projectItemOf("kubernetes", 211, 4242)).toEqual({ Status: "Tracked", Stage: "Beta", SIG: "SIG Node", "PRR Status": "Done" });
    expect(requestsSince(github, mark).filter((name) => name === "graphql project")).toHaveLength(1);

    // After the freeze with nothing missing, the sweep writes nothing at all.
    mark = github.requests.length;
    await sweepInstallations(world.probot, world.runtime, afterFreeze);
    expect(requestsSince(github, mark).filter((name) => name.startsWith("graphql mutation") || name.startsWith("issues/"))).toEqual([]);
    clean(github);
  }, 60_000);
});

describe("closing a release", () => {
  const issues = [
    { number: 4242, title: "Sidecar restarts", labels: ["sig/node", "stage/beta", "lead-opted-in", "tracked/yes"], milestone: "v1.37" },
    { number: 4243, title: "Another", labels: ["sig/node", "lead-opted-in"], milestone: "v1.37" },
    { number: 4244, title: "Not opted in", labels: ["sig/node"], milestone: "v1.37" },
    { number: 4245, title: "Next release", labels: ["sig/node", "lead-opted-in"], milestone: "v1.38" },
  ];

  test("/kepbot release close by an outsider is refused with one reply; by the Enhancements team it removes the labels with one comment each", async () => {
    world = await trackingWorld({ files: missingPrrApprover(), issues, teams: { "kubernetes/release-team-enhancements": ["enhancements-lead"] } });
    const { github } = world;

    await receive(world, "issue_comment", commentPayload(4242, "/kepbot release close v1.37", "mallory"));
    expect(github.comments).toHaveLength(1);
    expect(github.comments[0]?.body).toMatch(/only members of `release-team-enhancements` or `release-team-leads` may close a release/);
    expect(github.issue(4242)?.labels).toContain("lead-opted-in");

    await receive(world, "issue_comment", commentPayload(4242, "/kepbot release close v1.37", "enhancements-lead"));
    expect(github.issue(4242)?.labels).toEqual(["sig/node", "stage/beta"]);
    expect(github.issue(4243)?.labels).toEqual(["sig/node"]);
    expect(github.issue(4244)?.labels).toEqual(["sig/node"]);
    expect(github.issue(4245)?.labels).toEqual(["sig/node", "lead-opted-in"]);
    const notices = github.comments.filter((comment) => comment.body.startsWith("The v1.37 release is closed"));
    expect(notices.map((comment) => comment.issue_number)).toEqual([4242, 4243]);
    expect(notices[0]?.body).toMatch(/removed `lead-opted-in`, `tracked\/yes`/);
    expect(github.comments.at(-1)?.body).toMatch(/closed v1\.37: removed the release labels from 2 issues \(#4242, #4243\)/);

    // Again: nothing left to remove, nothing written but the reply.
    const before = github.comments.length;
    await receive(world, "issue_comment", commentPayload(4242, "/kepbot release close v1.37", "enhancements-lead"));
    expect(github.comments.length).toBe(before + 1);
    expect(github.comments.at(-1)?.body).toMatch(/no issue of the v1\.37 milestone has/);
    clean(github);
  }, 60_000);

  test("kepbot release close vX.Y --repo owner/name with GITHUB_TOKEN does the same from the command line", async () => {
    world = await trackingWorld({ files: missingPrrApprover(), issues });
    const { github } = world;
    const out: string[] = [];
    const err: string[] = [];
    const io = { cwd: process.cwd(), stdout: (text: string) => void out.push(text), stderr: (text: string) => void err.push(text), colour: false };
    const code = await main(["release", "close", "v1.37", "--repo", "kubernetes/enhancements"], { ...io, env: { GITHUB_TOKEN: github.issueToken(), GITHUB_API_URL: github.baseUrl } });
    expect(err.join("")).toBe("");
    expect(code).toBe(0);
    expect(out.join("")).toBe("#4242: removed lead-opted-in, tracked/yes\n#4243: removed lead-opted-in\nkubernetes/enhancements: closed v1.37 on 2 issues, one comment each\n");
    expect(github.issue(4243)?.labels).toEqual(["sig/node"]);
    expect(github.comments.map((comment) => comment.issue_number)).toEqual([4242, 4243]);
    clean(github);

    expect(await main(["release", "close", "v1.37", "--repo", "kubernetes/enhancements"], { ...io, env: {} })).toBe(2);
    expect(err.join("")).toMatch(/needs GITHUB_TOKEN/);
    expect(await main(["release", "close", "v1.37", "--repo", "kubernetes/enhancements"], { ...io, env: { GITHUB_TOKEN: "ghs_not-a-token", GITHUB_API_URL: github.baseUrl } })).toBe(2);
    expect(err.join("")).toMatch(/GitHub answered 401/);
  }, 60_000);
});

describe("kepbot board --github owner/name", () => {
  test("reads the milestone's opted-in issues from GitHub and prints what an export of the same issues gives", async () => {
    const files = missingPrrApprover();
    const others = [{ number: 4244, title: "Not opted in", labels: ["sig/node"], milestone: "v1.37" }];
    world = await trackingWorld({ files, issues: [optedIn, ...others] });
    const { github } = world;
    const dir = mkdtempSync(path.join(tmpdir(), "kepbot-board-"));
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), text);
    }
    const exported = path.join(dir, "issues.json");
    writeFileSync(exported, JSON.stringify([optedIn, ...others].map((issue) => ({ ...issue, state: "OPEN", labels: issue.labels.map((name) => ({ name })), milestone: { title: issue.milestone } }))));
    const run = async (args: string[], env: NodeJS.ProcessEnv) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await main(["board", dir, "--release", "v1.37", "--format", "json", "--now", "2026-06-01T00:00:00Z", ...args], { cwd: dir, stdout: (text) => void out.push(text), stderr: (text) => void err.push(text), colour: false, env });
      return { code, out: out.join(""), err: err.join("") };
    };
    const fromGitHub = await run(["--github", "kubernetes/enhancements"], { GITHUB_TOKEN: github.issueToken(), GITHUB_API_URL: github.baseUrl });
    expect(fromGitHub.err).toBe("");
    expect(fromGitHub.code).toBe(0);
    expect(JSON.parse(fromGitHub.out).entries.map((entry: { issue: { number: number } }) => entry.issue.number)).toEqual([4242]);
    expect(fromGitHub.out).toBe((await run(["--issues", exported], {})).out);
    clean(github);

    expect((await run(["--github", "kubernetes/enhancements"], {})).err).toMatch(/needs GITHUB_TOKEN/);
    expect((await run([], {})).err).toMatch(/--issues FILE or from --github owner\/name/);
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);
});

describe("the board at /releases/vX.Y through the installation, cached", () => {
  test("HTML and JSON from the issues and the default branch; a second view within the cache's life reads nothing", async () => {
    world = await trackingWorld({ files: missingPrrApprover(), issues: [optedIn, { number: 4244, labels: ["sig/node"], milestone: "v1.37" }] });
    const { github, probot, runtime } = world;
    const route = boardRoute(cachedBoardLoader(installationBoardLoader(probot, runtime, repo), 60_000));
    server = createServer((request, response) => {
      void route(request, response).then((handled) => {
        if (!handled) response.writeHead(404).end();
      });
    });
    await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    const html = await fetch(`${base}/releases/v1.37`);
    expect(html.status).toBe(200);
    expect(await html.text()).toMatch(/4242/);
    const mark = github.requests.length;
    const json = (await (await fetch(`${base}/releases/v1.37?format=json`)).json()) as { entries: { issue: { number: number }; verdict: { kind: string } }[] };
    expect(json.entries.map((entry) => [entry.issue.number, entry.verdict.kind])).toEqual([[4242, "at-risk"]]);
    expect(github.requests.length).toBe(mark);
    expect((await fetch(`${base}/releases/v1.12`)).status).toBe(404);
    // The board only reads: no comment, no label.
    expect(github.comments).toEqual([]);
    clean(github);
  }, 60_000);
});

describe("the sweep timer", () => {
  test("runs the sweep by itself (unref'd), once per period, and stops", async () => {
    world = await trackingWorld({ files: missingPrrApprover(), issues: [optedIn] });
    const { github, probot, runtime } = world;
    const stop = startTrackingSweep(probot, runtime, 200);
    try {
      for (let waited = 0; trackingComments(github, 4242).length === 0 && waited < 10_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      stop();
    }
    expect(trackingComments(github, 4242)).toHaveLength(1);
    clean(github);
  }, 30_000);
});

describe("reading a milestone's issues", () => {
  test("more than a hundred issues: the next page by the milestone's number; kepbot's comment found among a human's", async () => {
    const issues = Array.from({ length: 130 }, (_, index) => ({ number: 6000 + index, labels: ["lead-opted-in"], milestone: "v1.37" }));
    world = await trackingWorld({ files: missingPrrApprover(), issues: [...issues, { number: 7000, labels: ["lead-opted-in"], milestone: "v1.37.1" }, { number: 7001, labels: ["sig/node"], milestone: "v1.37" }] });
    const { github } = world;
    github.comments.push({ id: 2_600_000_900, issue_number: 6129, body: "<!-- kepbot:tracking -->\nquoted by a person", user: { login: "alice", type: "User" } });
    github.comments.push({ id: 2_600_000_901, issue_number: 6129, body: "<!-- kepbot:tracking -->\nkepbot's", user: { login: "kepbot[bot]", type: "Bot" } });
    const port = new OctokitGitHub(new ProbotOctokit({ auth: { token: github.issueToken() }, baseUrl: github.baseUrl, throttle: { enabled: false }, retry: { enabled: false } }));
    const mark = github.requests.length;
    const listing = await port.listMilestoneIssues(repo, "v1.37", { marker: "<!-- kepbot:tracking -->", labels: ["lead-opted-in"] });
    expect(listing.issues.map((issue) => issue.number)).toEqual(issues.map((issue) => issue.number));
    expect(listing.defaultBranch).toEqual({ name: "master", sha: "a".repeat(40) });
    expect(listing.issues.at(-1)?.markedComment).toEqual({ id: 2_600_000_901, body: "<!-- kepbot:tracking -->\nkepbot's" });
    expect(requestsSince(github, mark)).toEqual(["graphql milestone issues", "graphql milestone issues (next page)", "graphql comment bodies"]);
    expect((await port.listMilestoneIssues(repo, "v1.99", {})).issues).toEqual([]);
    expect((await port.getIssue({ ...repo, number: 6000 }, {})).issue).toMatchObject({ number: 6000, milestone: "v1.37", labels: ["lead-opted-in"], state: "open" });
    expect((await port.getIssue({ ...repo, number: 99 }, {})).issue).toBeUndefined();
    expect(await port.getProject("kubernetes", 5)).toBeUndefined();
    expect(github.invalidRequests).toEqual([]);
    expect(github.unimplementedRequests).toEqual([]);
  }, 60_000);
});
