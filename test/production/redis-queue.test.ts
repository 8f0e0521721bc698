/**
 * The BullMQ queue (src/app/queue.ts RedisQueue) on a real redis-server, in this process: the supersede rule
 * through Redis, retries with backoff and the report of a delivery that failed its last attempt, and a close
 * that lets the job in hand finish.
 */
import { afterAll, beforeAll, expect, test } from "@jest/globals";
import { RedisQueue, queueSettings, type Delivery, type QueueHooks } from "../../src/app/queue.js";
import { describeWithRedis, RedisServer } from "../support/redis-server.js";
import { pullRequestPayload } from "../support/webhook.js";

let redis: RedisServer | undefined;
const pull = { owner: "kubernetes", repo: "enhancements", installationId: 42, number: 7, baseSha: "1".repeat(40), headSha: "2".repeat(40), author: "alice" };
const pr = (id: string, action: string, headSha: string, updatedAt: string): Delivery => ({
  id,
  name: "pull_request",
  payload: pullRequestPayload(action, { ...pull, headSha }, { pull_request: { updated_at: updatedAt } }),
});
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function hooks(): QueueHooks & { outcomes: string[]; exhausted: { id: string; error: string }[] } {
  const outcomes: string[] = [];
  const exhausted: { id: string; error: string }[] = [];
  return { log: silent, onOutcome: (outcome, d) => outcomes.push(`${outcome}:${d.id}`), onExhausted: (d, e) => void exhausted.push({ id: d.id, error: String(e) }), outcomes, exhausted };
}

describeWithRedis("the BullMQ delivery queue on a real redis-server", () => {
  beforeAll(async () => {
    redis = await RedisServer.start();
  }, 30_000);
  afterAll(async () => {
    await redis?.stop();
  });

  test("a queued judgement of an older head is skipped once a later head is queued; a labeled event never is", async () => {
    const h = hooks();
    const queue = new RedisQueue(redis!.url, { ...queueSettings({}), concurrency: 1 }, h);
    const seen: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    try {
      queue.start(async (delivery) => {
        seen.push(delivery.id);
        if (delivery.id === "first") await gate;
      });
      await queue.enqueue(pr("first", "opened", "a".repeat(40), "2026-01-01T00:00:00Z"));
      while (seen.length === 0) await sleep(10);
      await queue.enqueue(pr("old", "synchronize", "b".repeat(40), "2026-01-01T00:00:10Z"));
      await queue.enqueue(pr("label", "labeled", "b".repeat(40), "2026-01-01T00:00:10Z"));
      await queue.enqueue(pr("new", "synchronize", "c".repeat(40), "2026-01-01T00:00:20Z"));
      // A late redelivery of an old event does not make the newest head's job a no-op.
      await queue.enqueue(pr("late", "synchronize", "b".repeat(40), "2026-01-01T00:00:10Z"));
      expect(await queue.waiting()).toBe(4);
      release();
      while (h.outcomes.length < 5) await sleep(10);
      expect(seen).toEqual(["first", "label", "new"]);
      expect(h.outcomes.sort()).toEqual(["done:first", "done:label", "done:new", "superseded:late", "superseded:old"]);
    } finally {
      await queue.close();
    }
  }, 30_000);

  test("a failing delivery is retried with exponential backoff and reported once its attempts are spent", async () => {
    const h = hooks();
    const queue = new RedisQueue(redis!.url, { ...queueSettings({}), attempts: 3, backoffMs: 100 }, h);
    const attempts: { n: number; retaken: boolean; at: number }[] = [];
    const t0 = Date.now();
    try {
      queue.start(async (delivery, attempt) => {
        attempts.push({ n: attempt.number, retaken: attempt.retaken, at: Date.now() - t0 });
        throw new Error("GitHub is down");
      });
      await queue.enqueue(pr("failing", "opened", "d".repeat(40), "2026-01-02T00:00:00Z"));
      for (const until = Date.now() + 15_000; h.exhausted.length === 0 && Date.now() < until; ) await sleep(20);
      expect(attempts.map((a) => [a.n, a.retaken])).toEqual([
        [1, false],
        [2, true],
        [3, true],
      ]);
      // 100 ms, then 200 ms.
      expect(attempts[2]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(280);
      expect(h.outcomes).toEqual(["retry:failing", "retry:failing", "failed:failing"]);
      expect(h.exhausted).toEqual([{ id: "failing", error: "Error: GitHub is down" }]);
    } finally {
      await queue.close();
    }
  }, 30_000);

  test("close lets the job in hand finish and takes no other", async () => {
    const h = hooks();
    const queue = new RedisQueue(redis!.url, { ...queueSettings({}), concurrency: 1 }, h);
    const finished: string[] = [];
    queue.start(async (delivery) => {
      await sleep(300);
      finished.push(delivery.id);
    });
    await queue.enqueue(pr("held", "opened", "e".repeat(40), "2026-01-03T00:00:00Z"));
    await queue.enqueue(pr("queued", "opened", "e".repeat(40), "2026-01-03T00:00:00Z"));
    // Once the worker holds the first job (one left waiting), close.
    while ((await queue.waiting()) > 1) await sleep(10);
    await queue.close();
    expect(finished).toEqual(["held"]);
    // The other stays queued in Redis for another worker.
    const other = new RedisQueue(redis!.url, queueSettings({}), hooks());
    try {
      expect(await other.waiting()).toBe(1);
    } finally {
      await other.close();
    }
  }, 30_000);
});
