/**
 * The attack: a pull request adds 40 kep.yaml files that are each an alias bomb. Each is bounded (the parser
 * stops at 50 000 nodes) but costs about a quarter of a second of kepbot's one thread, so together they
 * would hold one delivery, and the event loop, for ~10 s, and `/kepbot recheck` repeats that at will.
 * kepbot (the built server) must stop after its work budget (KEPBOT_WORK_BUDGET_MS) and say so in the check
 * run, and a normal pull request delivered at the same time must still be judged meanwhile.
 */
import { afterAll, beforeAll, expect, test } from "@jest/globals";
import { AppProcess } from "../support/app-process.js";
import { GitHubStandIn } from "../support/github-stand-in.js";
import { baseSha, eventFor, headSha, kepFleet, waitFor } from "../support/production.js";
import { deliver, type PullRef } from "../support/webhook.js";

const secret = "budget-secret";
const budgetMs = 2_000;
const bombs = 40;
const bombSha = "4".repeat(40);

/** A YAML alias bomb: nine levels of nine references each (test/core/hostile.test.ts has the same one); `n` makes each file distinct. */
function aliasBomb(n: number): string {
  const lines = [`# bomb ${n}`, 'title: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let level = 1; level < 10; level++) {
    lines.push(`k${level}: &${String.fromCharCode(97 + level)} [${Array(9).fill(`*${String.fromCharCode(96 + level)}`).join(",")}]`);
  }
  return lines.join("\n");
}

let gh: GitHubStandIn | undefined;
let app: AppProcess | undefined;
let normal: PullRef;
let bomber: PullRef;

beforeAll(async () => {
  const fleet = kepFleet(2, 100);
  normal = fleet.pulls[0]!;
  const warmUp = fleet.pulls[1]!;
  bomber = { ...normal, number: 200, headSha: bombSha, author: "mallory" };
  const bombed = { ...fleet.options.commits[baseSha] };
  for (let i = 0; i < bombs; i++) bombed[`keps/sig-node/${5000 + i}-bomb-${i}/kep.yaml`] = aliasBomb(i);
  gh = await GitHubStandIn.start({
    ...fleet.options,
    commits: { ...fleet.options.commits, [bombSha]: bombed },
    pulls: [...fleet.options.pulls, { number: bomber.number, baseSha, headSha: bombSha, author: bomber.author, labels: [] }],
  });
  // Writes unpaced: the check runs' timing is then kepbot's work, not Octokit's pacing of writes.
  app = await AppProcess.start({ WEBHOOK_SECRET: secret, GHE_HOST: gh.host, GHE_PROTOCOL: "http", KEPBOT_WORK_BUDGET_MS: String(budgetMs), KEPBOT_WRITES_PER_MINUTE: "100000" });
  // One ordinary delivery first, so that first-call costs (the stand-in's GraphQL, JIT) are not measured below.
  expect((await deliver(`${app.url}/api/github/webhooks`, { ...eventFor("opened", warmUp, gh), secret, id: "warm-up" })).status).toBe(200);
}, 30_000);

afterAll(async () => {
  await app?.stop();
  await gh?.stop();
});

test(`a pull request of ${bombs} alias-bomb kep.yaml files is stopped at the work budget ("Too costly to check"), and a normal pull request beside it is judged meanwhile`, async () => {
  const hook = `${app!.url}/api/github/webhooks`;
  const runsOf = (number: number) => gh!.checkRuns.filter((run) => Number.parseInt(run.external_id ?? "", 10) === Number(number) && run.status === "completed");
  const t0 = performance.now();
  const bombDelivery = deliver(hook, { ...eventFor("opened", bomber, gh), secret, id: "bomb" });
  // The normal pull request arrives while the bombs are being parsed.
  await new Promise((resolve) => setTimeout(resolve, 300));
  const normalDelivery = deliver(hook, { ...eventFor("opened", normal, gh), secret, id: "normal" });

  let normalDoneMs = 0;
  let bombDoneMs = 0;
  // Meanwhile the process keeps answering: /ready (a Kubernetes probe) waits at most for one file's parse.
  let slowestReadyMs = 0;
  const probe = async () => {
    while (bombDoneMs === 0) {
      const sent = performance.now();
      await fetch(`${app!.url}/ready`).then((response) => response.text());
      slowestReadyMs = Math.max(slowestReadyMs, performance.now() - sent);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  await Promise.all([
    probe(),
    waitFor(() => runsOf(normal.number).length > 0, 15_000, "the normal pull request's check").then(() => (normalDoneMs = performance.now() - t0)),
    waitFor(() => runsOf(bomber.number).length > 0, 15_000, "the bomb pull request's check").then(() => (bombDoneMs = performance.now() - t0)),
  ]);
  process.stdout.write(`work budget ${budgetMs} ms: bomb pull request's check completed after ${bombDoneMs.toFixed(0)} ms, the normal one's after ${normalDoneMs.toFixed(0)} ms; slowest /ready meanwhile ${slowestReadyMs.toFixed(0)} ms\n`);
  expect((await bombDelivery).status).toBe(200);
  expect((await normalDelivery).status).toBe(200);

  expect(runsOf(bomber.number)).toEqual([
    expect.objectContaining({
      head_sha: bombSha,
      conclusion: "failure",
      output: expect.objectContaining({ title: "Too costly to check", summary: expect.stringMatching(/more than 2 s of kepbot's time.*split it.*kepbot check --base/is) }),
    }),
  ]);
  // The budget plus what reading the pull request and publishing the check take.
  expect(bombDoneMs).toBeLessThan(budgetMs + 2_500);
  // The normal pull request got its usual verdict (the bombs slow it, sharing one thread, but cannot hold it).
  expect(runsOf(normal.number)).toEqual([expect.objectContaining({ head_sha: headSha, conclusion: "failure" })]);
  expect(slowestReadyMs).toBeLessThan(1_000);
}, 30_000);
