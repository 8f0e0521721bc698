/**
 * A queued delivery that fails its last attempt (src/app/delivery-worker.ts reportExhausted), against the GitHub
 * stand-in: counted, and its pull request head, when it has no verdict from kepbot, gets a completed `failure`
 * check naming an error id (a run left in progress is completed; a head with a verdict keeps it).
 */
import { afterAll, beforeAll, expect, test } from "@jest/globals";
import { exhaustedTitle, reportExhausted } from "../../src/app/delivery-worker.js";
import { octokitSettings } from "../../src/app/octokit.js";
import { OctokitGitHub } from "../../src/github/octokit-github.js";
import { GitHubStandIn } from "../support/github-stand-in.js";
import { eventFor, inProcessKepbot, installationId, kepFleet, nextHeadSha, owner, repo } from "../support/production.js";

let gh: GitHubStandIn | undefined;
let close: (() => Promise<void>) | undefined;

beforeAll(async () => {
  await GitHubStandIn.preload();
}, 30_000);

afterAll(async () => {
  await close?.();
  await gh?.stop();
});

test("a delivery that failed for good: counted, logged with an error id, and the head without a verdict gets a failure check", async () => {
  const fleet = kepFleet(2, 800);
  gh = await GitHubStandIn.start(fleet.options);
  const { probot, runtime } = await inProcessKepbot(gh.baseUrl, { ...octokitSettings({}), retries: 0 });
  close = () => runtime.close();
  const logged: object[] = [];
  const log = { error: (details: object) => void logged.push(details) };
  const [first, second] = fleet.pulls as [(typeof fleet.pulls)[0], (typeof fleet.pulls)[0]];

  // No run on the head yet: one is created, completed as failure.
  const opened = eventFor("opened", first);
  await reportExhausted(probot, runtime, { id: "gave-up-1", name: opened.name, payload: opened.payload }, new Error("boom"), log);
  expect(gh.checkRuns).toHaveLength(1);
  expect(gh.checkRuns[0]).toMatchObject({ head_sha: first.headSha, external_id: expect.stringMatching(new RegExp(`^${first.number}:`)), status: "completed", conclusion: "failure", output: { title: exhaustedTitle } });
  const errorId = (logged[0] as { errorId?: string }).errorId;
  expect(errorId).toMatch(/^[0-9a-f]{8}$/);
  expect(gh.checkRuns[0]!.output?.summary).toContain(errorId);

  // A run an earlier attempt left in progress: completed, not doubled.
  const github = new OctokitGitHub(await probot.auth(installationId));
  const runId = await github.createCheckRun({ owner, repo }, { name: "kepbot", headSha: nextHeadSha, externalId: String(second.number), startedAt: new Date().toISOString() });
  const pushed = eventFor("synchronize", { ...second, headSha: nextHeadSha });
  await reportExhausted(probot, runtime, { id: "gave-up-2", name: pushed.name, payload: pushed.payload }, new Error("boom"), log);
  expect(gh.checkRuns.filter((run) => run.head_sha === nextHeadSha)).toEqual([expect.objectContaining({ id: runId, status: "completed", conclusion: "failure" })]);

  // A head that already has kepbot's completed verdict keeps it.
  await reportExhausted(probot, runtime, { id: "gave-up-3", name: opened.name, payload: opened.payload }, new Error("boom"), log);
  expect(gh.checkRuns).toHaveLength(2);

  // Not about a pull request head (an issue comment): counted and logged only.
  await reportExhausted(probot, runtime, { id: "gave-up-4", name: "issue_comment", payload: { repository: { name: repo, owner: { login: owner } }, installation: { id: installationId }, issue: { number: 1 } } }, new Error("boom"), log);
  expect(gh.checkRuns).toHaveLength(2);
  const metrics = await runtime.metrics.registry.metrics();
  expect(metrics).toMatch(/^kepbot_jobs_failed_total\{event="pull_request"\} 3$/m);
  expect(metrics).toMatch(/^kepbot_jobs_failed_total\{event="issue_comment"\} 1$/m);
  expect(logged).toHaveLength(4);
  expect(gh.invalidRequests).toEqual([]);
  expect(gh.unimplementedRequests).toEqual([]);
}, 30_000);
