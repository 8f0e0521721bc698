/**
 * A kepbot process killed mid-delivery (the OOM killer: SIGKILL, no handler runs) leaves the check run it
 * showed in progress. The next kepbot sharing the same Redis (a restarted pod, or another replica) finds
 * it in the runs recorded in progress and completes it: `failure`, "kepbot restarted while checking; re-run".
 */
import { afterAll, beforeAll, expect, test } from "@jest/globals";
import { Redis } from "ioredis";
import { RedisCoordinator } from "../../src/app/coordination.js";
import { sweptTitle } from "../../src/app/sweep.js";
import { AppProcess } from "../support/app-process.js";
import { GitHubStandIn } from "../support/github-stand-in.js";
import { eventFor, kepFleet, waitFor } from "../support/production.js";
import { RedisServer } from "../support/redis-server.js";
import { deliver, type PullRef } from "../support/webhook.js";

const secret = "crash-sweep-secret";
let redis: RedisServer | undefined;
let client: Redis | undefined;
let gh: GitHubStandIn | undefined;
const apps: AppProcess[] = [];
let pull: PullRef;
let other: PullRef;

beforeAll(async () => {
  redis = await RedisServer.start();
  client = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await client.connect();
  const fleet = kepFleet(2, 500);
  pull = fleet.pulls[0]!;
  other = fleet.pulls[1]!;
  // Every answer takes 300 ms: the verdict takes seconds, so kepbot shows the run in progress first.
  gh = await GitHubStandIn.start({ ...fleet.options, latencyMs: 300 });
}, 30_000);

afterAll(async () => {
  for (const app of apps) await app.stop();
  client?.disconnect();
  await redis?.stop();
  await gh?.stop();
});

const envFor = (extra: Record<string, string>) => ({ WEBHOOK_SECRET: secret, GHE_HOST: gh!.host, GHE_PROTOCOL: "http", REDIS_URL: redis!.url, KEPBOT_PROGRESS_AFTER_MS: "100", ...extra });

test("a run left in progress by a killed process is completed by the next process's sweep, and counted", async () => {
  // The first process keeps the default lease (10 minutes): it never sweeps its own run.
  const first = await AppProcess.start(envFor({}));
  apps.push(first);
  const { name, payload } = eventFor("opened", pull, gh);
  // Not awaited: Probot answers after the handler, and the process dies before that.
  const delivery = deliver(`${first.url}/api/github/webhooks`, { name, id: "crash-1", payload, secret }).catch(() => undefined);

  await waitFor(() => gh!.checkRuns.some((run) => run.status === "in_progress"), 15_000, "the check run to show in progress");
  const run = gh!.checkRuns.find((candidate) => candidate.status === "in_progress")!;
  // The run is recorded in Redis as soon as its id is known.
  const deadline = Date.now() + 5_000;
  while ((await client!.zcard("kepbot:runs:by-start")) < 1) {
    if (Date.now() > deadline) throw new Error("the run in progress was not recorded in Redis");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await first.kill("SIGKILL");
  await delivery;
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(gh!.checkRuns).toHaveLength(1);
  expect(gh!.checkRuns[0]).toMatchObject({ id: run.id, status: "in_progress" });

  // The next process, on the same Redis: a short lease, so that its startup (or next) sweep takes the run now.
  const second = await AppProcess.start(envFor({ KEPBOT_SWEEP_LEASE_MS: "1000", KEPBOT_SWEEP_INTERVAL_MS: "300" }));
  apps.push(second);
  await waitFor(() => gh!.checkRuns[0]?.status === "completed", 15_000, "the sweep to complete the abandoned run");
  expect(gh!.checkRuns).toHaveLength(1);
  expect(gh!.checkRuns[0]).toMatchObject({ id: run.id, status: "completed", conclusion: "failure", output: { title: sweptTitle } });
  expect(gh!.checkRuns[0]!.output?.summary).toMatch(/Re-run/);
  expect(await client!.zcard("kepbot:runs:by-start")).toBe(0);
  expect(await client!.hlen("kepbot:runs")).toBe(0);

  // Counted once GitHub's answer arrives (the stand-in changes the run before its 300 ms latency).
  let metrics = "";
  for (const until = Date.now() + 5_000; Date.now() < until && !/^kepbot_check_runs_swept_total 1$/m.test(metrics); ) {
    metrics = await (await fetch(`${second.url}/metrics`)).text();
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  expect(metrics).toMatch(/^kepbot_check_runs_swept_total 1$/m);
  expect(gh!.invalidRequests).toEqual([]);
  expect(gh!.unimplementedRequests).toEqual([]);

  // A delivery the second process finishes itself leaves nothing for the sweep, and its verdict stands. (Another
  // pull request: the killed process's lock on the first one holds its deliveries until the lock's lease ends.)
  const again = eventFor("opened", other, gh);
  const answered = await deliver(`${second.url}/api/github/webhooks`, { name: again.name, id: "crash-2", payload: again.payload, secret });
  // 202 when the handling outlasts the webhook timeout (about 9 s here, every answer taking 300 ms).
  expect([200, 202]).toContain(answered.status);
  await waitFor(() => gh!.checkRuns.length === 2 && gh!.checkRuns[1]!.status === "completed", 20_000, "the second delivery's run");
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  expect(gh!.checkRuns[1]!.output?.title).not.toBe(sweptTitle);
  expect(await client!.zcard("kepbot:runs:by-start")).toBe(0);
  // Stopped here: the second process sweeps every 300 ms, and would take the next test's runs from the same Redis.
  for (const app of apps) await app.stop();
}, 90_000);

test("in Redis, replicas sweeping at once each take a stale run once; recent runs stay", async () => {
  const replicas = [new Redis(redis!.url), new Redis(redis!.url)];
  try {
    const [a, b] = replicas.map((connection) => new RedisCoordinator(connection));
    const run = (runId: number, startedAt: number) => ({ owner: "kubernetes", repo: "enhancements", runId, installationId: 42, headSha: "h", startedAt });
    for (let id = 1; id <= 20; id++) await a!.started(run(id, 1_000 + id));
    await b!.started(run(99, 5_000));
    const [left, right] = await Promise.all([a!.takeStale(4_000), b!.takeStale(4_000)]);
    const taken = [...left!, ...right!].map((r) => r.runId).sort((x, y) => x - y);
    expect(taken).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(await a!.takeStale(4_000)).toEqual([]);
    await b!.finished({ owner: "kubernetes", repo: "enhancements", runId: 99 });
    expect(await a!.takeStale(Number.MAX_SAFE_INTEGER)).toEqual([]);
  } finally {
    for (const connection of replicas) connection.disconnect();
  }
});
