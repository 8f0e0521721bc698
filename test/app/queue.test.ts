/**
 * The delivery queue's pieces that need no Redis: keys, the supersede rule, the slimmed payload, and the
 * in-memory queue (one delivery per key at a time, retries backed off, exhausted deliveries reported).
 */
import { describe, expect, test } from "@jest/globals";
import { MemoryQueue, QueueFull, headOf, keyOf, queueSettings, slimPayload, superseded, type Delivery, type QueueHooks } from "../../src/app/queue.js";
import { pullRequestPayload } from "../support/webhook.js";

const pull = { owner: "kubernetes", repo: "enhancements", installationId: 42, number: 7, baseSha: "1".repeat(40), headSha: "2".repeat(40), author: "alice" };

function pr(action: string, number: number, headSha: string, updatedAt: string): Delivery {
  return { id: `${action}-${number}-${headSha}-${updatedAt}`, name: "pull_request", payload: pullRequestPayload(action, { ...pull, number, headSha }, { pull_request: { updated_at: updatedAt } }) };
}

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

function hooks(extra: Partial<QueueHooks> = {}): QueueHooks & { outcomes: string[]; exhausted: string[] } {
  const outcomes: string[] = [];
  const exhausted: string[] = [];
  return { log: silent, onOutcome: (outcome, d) => outcomes.push(`${outcome}:${d.id}`), onExhausted: (d) => void exhausted.push(d.id), outcomes, exhausted, ...extra };
}

const settings = { ...queueSettings({}), backoffMs: 10 };
const tick = (ms = 5) => new Promise((resolve) => setTimeout(resolve, ms));

describe("what a delivery is about", () => {
  test("keys: the pull request or issue, the repository's tracking for a push, none for a check suite", () => {
    expect(keyOf(pr("opened", 7, "a", "2026-01-01T00:00:00Z"))).toBe("kubernetes/enhancements#7");
    const repository = { full_name: "kubernetes/enhancements" };
    expect(keyOf({ id: "1", name: "issue_comment", payload: { repository, issue: { number: 9 } } })).toBe("kubernetes/enhancements#9");
    expect(keyOf({ id: "1", name: "check_run", payload: { repository, check_run: { external_id: "12", pull_requests: [] } } })).toBe("kubernetes/enhancements#12");
    expect(keyOf({ id: "1", name: "push", payload: { repository } })).toBe("tracking:kubernetes/enhancements");
    expect(keyOf({ id: "1", name: "check_suite", payload: { repository } })).toBeUndefined();
  });

  test("supersede: only a strictly later description of the pull request with another head; never a labeled event", () => {
    const old = headOf(pr("synchronize", 7, "a", "2026-01-01T00:00:00Z"));
    const newer = headOf(pr("synchronize", 7, "b", "2026-01-01T00:00:05Z"));
    expect(superseded(old, newer)).toBe(true);
    // An old delivery arriving late does not supersede the newest head.
    expect(superseded(newer, old)).toBe(false);
    // Same second: not ordered, both run.
    expect(superseded(old, headOf(pr("synchronize", 7, "b", "2026-01-01T00:00:00Z")))).toBe(false);
    expect(superseded(old, headOf(pr("synchronize", 7, "a", "2026-01-01T00:00:09Z")))).toBe(false);
    expect(headOf(pr("labeled", 7, "a", "2026-01-01T00:00:00Z"))).toBeUndefined();
  });

  test("the queued payload drops the nested repositories' details and keeps what handlers read", () => {
    const full = pullRequestPayload("opened", pull, { pull_request: { body: "the description" } });
    const slim = slimPayload(full);
    expect(JSON.stringify(slim).length).toBeLessThan(JSON.stringify(full).length * 0.6);
    expect(slim).toMatchObject({ action: "opened", repository: full.repository, installation: full.installation, sender: full.sender });
    expect(slim.pull_request).toMatchObject({ number: 7, body: "the description", head: { sha: pull.headSha, repo: { full_name: expect.any(String) } }, base: { sha: pull.baseSha } });
  });
});

describe("the in-memory queue", () => {
  test("one delivery of a key at a time, others beside it, in arrival order", async () => {
    const h = hooks();
    const queue = new MemoryQueue({ ...settings, concurrency: 4 }, h);
    const running = new Map<string, number>();
    let most = 0;
    let together = 0;
    const order: string[] = [];
    queue.start(async (delivery) => {
      const key = keyOf(delivery)!;
      running.set(key, (running.get(key) ?? 0) + 1);
      most = Math.max(most, running.get(key)!);
      together = Math.max(together, [...running.values()].reduce((a, b) => a + b, 0));
      order.push(delivery.id);
      await tick(10);
      running.set(key, running.get(key)! - 1);
    });
    const deliveries = [7, 8, 7, 9, 7, 8].map((n) => pr("synchronize", n, "a", "2026-01-01T00:00:00Z")).map((d, i) => ({ ...d, id: `d${i}` }));
    for (const d of deliveries) await queue.enqueue(d);
    await queue.close();
    expect(most).toBe(1);
    expect(together).toBeGreaterThan(1);
    expect(order.filter((id) => ["d0", "d2", "d4"].includes(id))).toEqual(["d0", "d2", "d4"]);
    expect(h.outcomes.filter((o) => o.startsWith("done"))).toHaveLength(6);
  });

  test("a queued judgement of an older head is skipped once a later head is enqueued", async () => {
    const h = hooks();
    const queue = new MemoryQueue({ ...settings, concurrency: 1 }, h);
    const seen: string[] = [];
    // The first delivery holds the worker while the others queue behind it.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    queue.start(async (delivery) => {
      seen.push(delivery.id);
      if (delivery.id === "first") await gate;
    });
    await queue.enqueue({ ...pr("opened", 7, "a", "2026-01-01T00:00:00Z"), id: "first" });
    await queue.enqueue({ ...pr("synchronize", 7, "b", "2026-01-01T00:00:10Z"), id: "old" });
    await queue.enqueue({ ...pr("labeled", 7, "b", "2026-01-01T00:00:10Z"), id: "label" });
    await queue.enqueue({ ...pr("synchronize", 7, "c", "2026-01-01T00:00:20Z"), id: "new" });
    release();
    await queue.close();
    expect(seen).toEqual(["first", "label", "new"]);
    expect(h.outcomes).toContain("superseded:old");
  });

  test("a failing delivery is tried again after a pause, and reported once its attempts are spent", async () => {
    const h = hooks();
    const queue = new MemoryQueue({ ...settings, attempts: 3, backoffMs: 20 }, h);
    const attempts: { n: number; retaken: boolean; at: number }[] = [];
    const t0 = Date.now();
    queue.start(async (delivery, attempt) => {
      attempts.push({ n: attempt.number, retaken: attempt.retaken, at: Date.now() - t0 });
      throw new Error("GitHub is down");
    });
    await queue.enqueue(pr("opened", 7, "a", "2026-01-01T00:00:00Z"));
    while (h.exhausted.length === 0) await tick();
    expect(attempts.map((a) => [a.n, a.retaken])).toEqual([[1, false], [2, true], [3, true]]);
    // Exponential: 20 ms, then 40 ms.
    expect(attempts[2]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(55);
    expect(h.outcomes.map((o) => o.split(":")[0])).toEqual(["retry", "retry", "failed"]);
    await queue.close();
  });

  test("a queue holding its most bytes of payloads refuses; a delivery taken makes room; the first always fits", async () => {
    const queue = new MemoryQueue({ ...settings, maxLocalBytes: 50_000 }, hooks());
    const sized = (number: number, bytes: number): Delivery => ({ ...pr("opened", number, "a", "2026-01-01T00:00:00Z"), bytes });
    await queue.enqueue(sized(7, 30_000));
    await queue.enqueue(sized(8, 20_000));
    await expect(queue.enqueue(sized(9, 1))).rejects.toMatchObject({ size: 2, bytes: 50_000 });
    expect(await queue.waiting()).toBe(2);
    // Workers take both (different pull requests) and hold them: the room is back, for deliveries that wait
    // behind #7's.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    queue.start(() => held);
    const later = (headSha: string, bytes: number): Delivery => ({ ...pr("synchronize", 7, headSha, "2026-01-02T00:00:00Z"), bytes });
    await queue.enqueue(later("b", 49_000));
    expect(await queue.waiting()).toBe(1);
    await expect(queue.enqueue(later("c", 2_000))).rejects.toBeInstanceOf(QueueFull);
    release();
    await queue.close();

    const empty = new MemoryQueue({ ...settings, maxLocalBytes: 1_000 }, hooks());
    await empty.enqueue(sized(11, 25_000_000));
    expect(await empty.waiting()).toBe(1);
  });

  test("a full queue refuses", async () => {
    const queue = new MemoryQueue({ ...settings, maxLocal: 2 }, hooks());
    await queue.enqueue(pr("opened", 7, "a", "2026-01-01T00:00:00Z"));
    await queue.enqueue(pr("opened", 8, "a", "2026-01-01T00:00:00Z"));
    await expect(queue.enqueue(pr("opened", 9, "a", "2026-01-01T00:00:00Z"))).rejects.toBeInstanceOf(QueueFull);
  });
});
