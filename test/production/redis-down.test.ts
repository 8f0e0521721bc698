/**
 * The attack (or the bad day): REDIS_URL is set and Redis does not answer. kepbot (the built server, as
 * operators run it) must still handle every delivery, answer GitHub 200, complete the check run, count the
 * outage in /metrics, and say in /ready that Redis is down.
 */
import { afterAll, beforeAll, expect, test } from "@jest/globals";
import { AppProcess, freePort } from "../support/app-process.js";
import { GitHubStandIn } from "../support/github-stand-in.js";
import { eventFor, kepFleet, waitFor } from "../support/production.js";
import { deliver, type PullRef } from "../support/webhook.js";

const secret = "redis-down-secret";
let gh: GitHubStandIn | undefined;
let app: AppProcess | undefined;
let pull: PullRef;

beforeAll(async () => {
  const fleet = kepFleet(1, 300);
  pull = fleet.pulls[0]!;
  gh = await GitHubStandIn.start(fleet.options);
  // A port nobody listens on: every Redis command fails at once.
  const deadRedis = `redis://127.0.0.1:${await freePort()}`;
  app = await AppProcess.start({ WEBHOOK_SECRET: secret, GHE_HOST: gh.host, GHE_PROTOCOL: "http", REDIS_URL: deadRedis });
}, 30_000);

afterAll(async () => {
  await app?.stop();
  await gh?.stop();
});

test("with Redis unreachable every delivery is still handled: 200, a completed check run, the outage counted, /ready says so", async () => {
  const { name, payload } = eventFor("opened", pull, gh);
  const first = await deliver(`${app!.url}/api/github/webhooks`, { name, id: "down-1", payload, secret });
  expect(first.status).toBe(200);
  await waitFor(() => gh!.checkRuns.some((run) => run.status === "completed"), 15_000, "the check run to complete");
  expect(gh!.checkRuns.map((run) => run.status)).toEqual(["completed"]);

  // A redelivery of the same id on the same replica is still recognised (this process remembers it).
  const again = await deliver(`${app!.url}/api/github/webhooks`, { name, id: "down-1", payload, secret });
  expect(again.status).toBe(200);

  await app!.idle();
  const metrics = await (await fetch(`${app!.url}/metrics`)).text();
  expect(metrics).toMatch(/kepbot_store_unavailable_total\{operation="claim"\} [1-9]/);
  // The delivery was queued in this process's memory instead of Redis, and worked on from there.
  expect(metrics).toMatch(/kepbot_store_unavailable_total\{operation="queue"\} 1/);
  expect(metrics).toMatch(/^kepbot_jobs_total\{event="pull_request",outcome="done"\} 1$/m);
  expect(metrics).toMatch(/kepbot_events_total\{[^}]*outcome="duplicate"[^}]*\} 1/);
  const ready = await fetch(`${app!.url}/ready`);
  expect(ready.status).toBe(503);
  expect(await ready.json()).toMatchObject({ ready: false, store: "unreachable" });
}, 30_000);
