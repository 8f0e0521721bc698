import { afterAll, beforeAll, expect, test } from "@jest/globals";
import { Writable } from "node:stream";
import { pino } from "pino";
import { Probot, ProbotOctokit } from "probot";
import { createKepbot } from "../../src/app/index.js";
import { createRuntime } from "../../src/app/runtime.js";
import { privateKey } from "../helpers/probot.js";
import { goodRepo, kepDir, prrPath } from "../helpers/repo.js";
import { GitHubStandIn } from "../support/github-stand-in.js";
import { pullRequestPayload, type PullRef } from "../support/webhook.js";

const baseSha = "5".repeat(40);
const headSha = "6".repeat(40);
const head = goodRepo();
const base = Object.fromEntries(Object.entries(head).filter(([path]) => !path.startsWith(kepDir) && path !== prrPath));
const pull: PullRef = { owner: "kubernetes", repo: "enhancements", installationId: 42, number: 3, headSha, baseSha, author: "alice", labels: [] };
const lines: { msg: string; action?: string; dryRun?: boolean; delivery?: string; pr?: number; repository?: string; installation?: number }[] = [];
let github: GitHubStandIn;

beforeAll(async () => {
  github = await GitHubStandIn.start({ owner: pull.owner, repo: pull.repo, installationId: 42, commits: { [baseSha]: base, [headSha]: head }, pulls: [{ number: 3, baseSha, headSha, author: "alice" }] });
});
afterAll(async () => github?.stop());

test("DRY_RUN=true reads from GitHub but logs every write instead of making it, each line naming the delivery, repository and PR", async () => {
  const stream = new Writable({ write: (chunk: Buffer, _encoding, done) => void (lines.push(JSON.parse(chunk.toString())), done()) });
  const probot = new Probot({ appId: 1, privateKey, baseUrl: github.baseUrl, log: pino({ level: "info" }, stream), Octokit: ProbotOctokit.defaults((options: object) => ({ ...options, retry: { enabled: false }, throttle: { enabled: false } })) });
  // Whatever the load, the verdict comes before the run would show in progress: one create, as the test expects.
  await probot.load(createKepbot(createRuntime({ DRY_RUN: "true", KEPBOT_PROGRESS_AFTER_MS: "60000" })));
  await probot.receive({ name: "pull_request", id: "dry-1", payload: pullRequestPayload("opened", pull) as never });

  expect(github.requests.filter((request) => request.method !== "GET" && !/graphql|access_tokens/.test(request.path))).toEqual([]);
  expect(github.requests.some((request) => /graphql/.test(request.path))).toBe(true);
  // A verdict slower than 1.5 s (a loaded machine) first shows the run in progress, then updates it.
  const intended = lines.filter((line) => line.dryRun).map((line) => line.msg).filter((msg) => msg !== "dry run: would update a check run");
  expect(intended).toEqual([
    "dry run: would create a check run",
    "dry run: would add labels",
    "dry run: would request reviews",
    "dry run: would comment",
  ]);
  for (const line of lines.filter((candidate) => candidate.dryRun)) {
    expect(line).toMatchObject({ delivery: "dry-1", repository: "kubernetes/enhancements", pr: 3, installation: 42 });
  }
  expect(JSON.stringify(lines)).not.toContain(privateKey.split("\n")[1]);
});
