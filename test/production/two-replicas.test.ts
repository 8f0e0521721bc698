/**
 * Two kepbot servers (the built dist/app/main.js, as operators run it) sharing one redis-server, fed one interleaved
 * stream of deliveries: alternating replicas, redeliveries of one delivery id landing on both, and concurrent
 * events on one PR sent to different replicas. Redis is a child of this test (not installed: the test fails and
 * says so; .ci/run installs it).
 */
import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { Redis } from "ioredis";
import { AppProcess } from "../support/app-process.js";
import { GitHubStandIn } from "../support/github-stand-in.js";
import { eventFor, headSha, kepFleet, nextHeadSha, plainLabel, summaryComments, tally, waitFor, type EventKind } from "../support/production.js";
import { describeWithRedis, RedisServer } from "../support/redis-server.js";
import { deliver, type PullRef } from "../support/webhook.js";

const secret = "two-replicas-secret";

let redis: RedisServer | undefined;
let gh: GitHubStandIn | undefined;
const replicas: AppProcess[] = [];
let pulls: PullRef[] = [];

interface Sent {
  id: string;
  pr: number;
  kind: EventKind;
  head: string;
  to: number[];
  statuses: number[];
}
const sent: Sent[] = [];

/** Delivers one event (same delivery id) to each replica in `to`, all at once. */
async function send(id: string, kind: EventKind, pull: PullRef, to: number[]): Promise<void> {
  const { name, payload } = eventFor(kind, pull, gh);
  const record: Sent = { id, pr: pull.number, kind, head: pull.headSha, to, statuses: [] };
  sent.push(record);
  const results = await Promise.all(to.map((replica) => deliver(`${replicas[replica]!.url}/api/github/webhooks`, { name, id, payload, secret })));
  record.statuses = results.map((result) => result.status);
}

async function metricsOf(app: AppProcess): Promise<Record<string, number>> {
  const text = await (await fetch(`${app.url}/metrics`)).text();
  const outcomes: Record<string, number> = {};
  for (const match of text.matchAll(/^kepbot_events_total\{[^}]*outcome="([^"]+)"[^}]*\} (\d+)/gm)) {
    outcomes[match[1]!] = (outcomes[match[1]!] ?? 0) + Number(match[2]);
  }
  return outcomes;
}

/** Until the stand-in has seen no request for `ms` (a handler may outlive its 202 answer). */
async function quiet(ms = 1_000): Promise<void> {
  let seen = -1;
  while (seen !== gh!.requests.length) {
    seen = gh!.requests.length;
    await new Promise((resolve) => setTimeout(resolve, ms));
  }
}

describeWithRedis("two replicas sharing one redis-server", () => {
beforeAll(async () => {
  redis = await RedisServer.start();
  const fleet = kepFleet(5, 200);
  pulls = fleet.pulls;
  gh = await GitHubStandIn.start({ ...fleet.options, latencyMs: 10 });
  // #200–#202 and the reference #204 are at head B (a comment, no review request); #203 starts at A and moves to B.
  for (const pull of [pulls[0]!, pulls[1]!, pulls[2]!, pulls[4]!]) {
    gh.setPullHead(pull.number, nextHeadSha);
    pull.headSha = nextHeadSha;
  }
  const env = {
    WEBHOOK_SECRET: secret,
    GHE_HOST: gh.host,
    GHE_PROTOCOL: "http",
    REDIS_URL: redis.url,
    KEPBOT_WRITES_PER_MINUTE: "100000",
    KEPBOT_WRITE_CONCURRENCY: "8",
  };
  replicas.push(...(await Promise.all([AppProcess.start(env), AppProcess.start(env)])));
}, 30_000);

afterAll(async () => {
  await Promise.all(replicas.map((app) => app.stop()));
  await gh?.stop();
  await redis?.stop();
});

describe("one interleaved stream", () => {
  test("an interleaved stream with redeliveries on both replicas: each delivery handled once, one comment, labels converged", async () => {
    const github = gh!;
    const [p0, p1, p2, p3, reference] = pulls as [PullRef, PullRef, PullRef, PullRef, PullRef];

    // The reference: one delivery on an untouched PR at head B.
    await send("reference", "opened", reference, [0]);

    // Each PR opened, on alternating replicas; #203's open is GitHub redelivering onto the other replica at once.
    await Promise.all([send("open-200", "opened", p0, [0]), send("open-201", "opened", p1, [1]), send("open-202", "opened", p2, [0]), send("open-203", "opened", p3, [1, 0])]);

    // The interleaved stream: waves of concurrent deliveries, alternating replicas; every third delivery is
    // redelivered to both replicas under the same id, and each wave holds two events for one PR on different replicas.
    const kinds: EventKind[] = ["synchronize", "labeled", "review"];
    let n = 0;
    for (let wave = 0; wave < 6; wave++) {
      const batch: Promise<void>[] = [];
      for (const [i, pull] of [p0, p1, p2, p0].entries()) {
        const id = `stream-${wave}-${i}`;
        const kind = kinds[(wave + i) % kinds.length]!;
        batch.push(send(id, kind, pull, n % 3 === 2 ? [n % 2, (n + 1) % 2] : [n % 2]));
        n++;
      }
      await Promise.all(batch);
    }

    // #203 is pushed to B: synchronize for A lands on replica 0 while synchronize for B lands on replica 1.
    github.setPullHead(p3.number, nextHeadSha);
    await Promise.all([send("sync-a-203", "synchronize", p3, [0]), send("sync-b-203", "synchronize", { ...p3, headSha: nextHeadSha }, [1, 0])]);

    await quiet();
    await waitFor(() => github.checkRuns.every((run) => run.status === "completed"), 15_000, "every check run to complete");

    // Every delivery was answered (200, or 202 when handling outlasted 9 s) by every replica it reached.
    expect(sent.flatMap((s) => s.statuses).filter((status) => status !== 200 && status !== 202)).toEqual([]);

    // Each delivery id was handled once across the replicas: one check run per id (check runs carry the PR number).
    const ids = new Set(sent.map((s) => s.id));
    expect(ids.size).toBe(sent.length);
    for (const pull of pulls) {
      const expected = sent.filter((s) => s.pr === pull.number).length;
      expect({ pr: pull.number, checkRuns: github.checkRuns.filter((run) => Number.parseInt(run.external_id ?? "", 10) === Number(pull.number)).length }).toEqual({ pr: pull.number, checkRuns: expected });
    }
    const [m0, m1] = await Promise.all(replicas.map(metricsOf));
    const handled = (m0?.["ok"] ?? 0) + (m1?.["ok"] ?? 0);
    const duplicates = (m0?.["duplicate"] ?? 0) + (m1?.["duplicate"] ?? 0);
    const deliveries = sent.reduce((sum, s) => sum + s.to.length, 0);
    expect({ handled, duplicates, errors: (m0?.["error"] ?? 0) + (m1?.["error"] ?? 0) }).toEqual({ handled: ids.size, duplicates: deliveries - ids.size, errors: 0 });
    // Both replicas did real work.
    expect(m0?.["ok"]).toBeGreaterThan(5);
    expect(m1?.["ok"]).toBeGreaterThan(5);

    // Redis remembers each delivery id once.
    const client = new Redis(redis!.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
    try {
      await client.connect();
      expect((await client.keys("kepbot:delivery:*")).length).toBe(ids.size);
      expect(await client.keys("kepbot:lock:*")).toEqual([]);
    } finally {
      await client.quit();
    }

    // One summary comment per PR, labels converged on what a single delivery gives, nothing left in progress.
    const single = { labels: github.labels(reference.number).sort(), summaries: summaryComments(github, reference.number).map((c) => c.body) };
    expect(single.labels).toEqual([plainLabel, "kind/kep", "prr/needs-approver", "sig/node"]);
    expect(single.summaries).toHaveLength(1);
    for (const pull of [p0, p1, p2, p3]) {
      expect({ pr: pull.number, labels: github.labels(pull.number).sort(), summaries: summaryComments(github, pull.number).map((c) => c.body) }).toEqual({ pr: pull.number, ...single });
    }
    // #203: the synchronize for A after the push is superseded; its opening at A has A's verdict, or is
    // superseded too when the queue reached it only after the push (both are right); B's run has the verdict.
    const runs203 = github.checkRuns.filter((run) => Number.parseInt(run.external_id ?? "", 10) === Number(p3.number));
    const atA = runs203.filter((run) => run.head_sha === headSha).map((run) => run.conclusion);
    expect(atA).toHaveLength(2);
    expect(atA).toContain("neutral");
    expect(atA.every((conclusion) => conclusion === "failure" || conclusion === "neutral")).toBe(true);
    expect(runs203.filter((run) => run.head_sha === nextHeadSha).map((run) => run.conclusion)).toEqual(["failure"]);

    expect(github.checkRuns.filter((run) => run.status !== "completed")).toEqual([]);
    expect(github.invalidRequests).toEqual([]);
    expect(github.unimplementedRequests).toEqual([]);
    console.log(
      `two replicas: ${sent.length} delivery ids, ${deliveries} deliveries (${deliveries - ids.size} to both replicas), handled ${m0?.["ok"]} + ${m1?.["ok"]}, ` +
        `duplicates skipped ${m0?.["duplicate"] ?? 0} + ${m1?.["duplicate"] ?? 0}; ${github.checkRuns.length} check runs ${JSON.stringify(tally(github.checkRuns.map((r) => r.conclusion ?? r.status)))}; ` +
        `answers ${JSON.stringify(tally(sent.flatMap((s) => s.statuses.map(String))))}`,
    );
  }, 40_000);
});
});
