import { describe, expect, test } from "@jest/globals";
import { CheckPublisher } from "../../src/app/check-publisher.js";
import { DegradingCoordinator, LocalCoordinator, StoreUnavailable, type Coordinator, type RunInProgress } from "../../src/app/coordination.js";
import { sweepOnce, sweepSettings, sweptTitle } from "../../src/app/sweep.js";
import { FakeGitHub } from "../fakes/fake-github.js";

const repo = { owner: "kubernetes", repo: "enhancements" };
const spec = { name: "kepbot", headSha: "head", externalId: "1", startedAt: "2026-11-21T12:00:00Z" };
const quiet = { info: () => undefined, warn: () => undefined };
const now = () => new Date("2026-11-21T12:30:00Z");
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function ledgerOn(coordinator: Coordinator) {
  return {
    started: (r: typeof repo, runId: number, headSha: string) => coordinator.started({ ...r, runId, installationId: 42, headSha, startedAt: Date.parse("2026-11-21T12:00:00Z") }),
    finished: (r: typeof repo, runId: number) => coordinator.finished({ ...r, runId }),
  };
}

describe("the runs kepbot shows in progress are recorded until they complete", () => {
  test("a quick verdict (one create, already completed) is never recorded", async () => {
    const github = new FakeGitHub();
    const coordinator = new LocalCoordinator();
    const publisher = new CheckPublisher(github, repo, spec, now, 60_000, ledgerOn(coordinator));
    await publisher.complete("success", [{ title: "ok", summary: "ok" }]);
    expect(await coordinator.takeStale(Number.MAX_SAFE_INTEGER)).toEqual([]);
    expect(github.checkRuns).toMatchObject([{ status: "completed" }]);
  });

  test("a slow verdict is recorded while in progress and forgotten once completed", async () => {
    const github = new FakeGitHub();
    const coordinator = new LocalCoordinator();
    const publisher = new CheckPublisher(github, repo, spec, now, 0, ledgerOn(coordinator));
    await sleep(20);
    expect(github.checkRuns).toMatchObject([{ status: "in_progress" }]);
    // What the coordinator holds while the run is in progress (taken, then given back).
    const seen = await coordinator.takeStale(Number.MAX_SAFE_INTEGER);
    expect(seen).toEqual([{ ...repo, runId: 1, installationId: 42, headSha: "head", startedAt: Date.parse("2026-11-21T12:00:00Z") }]);
    for (const run of seen) await coordinator.started(run);
    await publisher.complete("failure", [{ title: "bad", summary: "bad" }]);
    expect(await coordinator.takeStale(Number.MAX_SAFE_INTEGER)).toEqual([]);
    expect(github.checkRuns).toMatchObject([{ status: "completed", conclusion: "failure" }]);
  });

  test("a ledger that fails costs nothing but the record: the verdict is published", async () => {
    const github = new FakeGitHub();
    const failing = { started: async () => Promise.reject(new Error("down")), finished: async () => Promise.reject(new Error("down")) };
    const publisher = new CheckPublisher(github, repo, spec, now, 0, failing);
    await sleep(20);
    await publisher.complete("success", [{ title: "ok", summary: "ok" }]);
    expect(github.checkRuns).toMatchObject([{ status: "completed", conclusion: "success" }]);
  });
});

describe("the sweep", () => {
  const stale = (runId: number, startedAt: number): RunInProgress => ({ ...repo, runId, installationId: 42, headSha: "head", startedAt });

  test("completes the runs left in progress past the lease as failure, leaves completed and recent ones, and counts", async () => {
    const github = new FakeGitHub();
    const abandoned = await github.createCheckRun(repo, spec);
    const finishedMeanwhile = await github.createCheckRun(repo, spec, { status: "completed", conclusion: "success" });
    const recent = await github.createCheckRun(repo, spec);
    const coordinator = new LocalCoordinator();
    const t = now().getTime();
    await coordinator.started(stale(abandoned, t - 11 * 60_000));
    await coordinator.started(stale(finishedMeanwhile, t - 11 * 60_000));
    await coordinator.started(stale(recent, t - 60_000));
    const swept: number[] = [];
    const count = await sweepOnce({ coordinator, githubFor: async () => github, log: quiet, now, leaseMs: 10 * 60_000, onSwept: (run) => swept.push(run.runId) });
    expect(count).toBe(1);
    expect(swept).toEqual([abandoned]);
    expect(github.checkRuns.find((run) => run.id === abandoned)).toMatchObject({ status: "completed", conclusion: "failure", title: sweptTitle });
    expect(github.checkRuns.find((run) => run.id === abandoned)?.summary).toMatch(/Re-run/);
    expect(github.checkRuns.find((run) => run.id === finishedMeanwhile)).toMatchObject({ conclusion: "success", updates: 0 });
    expect(github.checkRuns.find((run) => run.id === recent)).toMatchObject({ status: "in_progress" });
    // The recent one is still recorded, for a later sweep.
    expect((await coordinator.takeStale(Number.MAX_SAFE_INTEGER)).map((run) => run.runId)).toEqual([recent]);
  });

  test("a run GitHub could not complete now is kept for the next sweep; one it refuses for good is dropped", async () => {
    const github = new FakeGitHub();
    const id = await github.createCheckRun(repo, spec);
    const coordinator = new LocalCoordinator();
    await coordinator.started(stale(id, 0));
    github.failures.updateCheckRun = Object.assign(new Error("Server Error"), { status: 502 });
    expect(await sweepOnce({ coordinator, githubFor: async () => github, log: quiet, now, leaseMs: 1 })).toBe(0);
    expect(await sweepOnce({ coordinator, githubFor: async () => github, log: quiet, now, leaseMs: 1 })).toBe(1);
    expect(github.checkRuns[0]).toMatchObject({ status: "completed", title: sweptTitle });

    const gone = new LocalCoordinator();
    await gone.started(stale(id + 1, 0));
    const refused = async () => Promise.reject(Object.assign(new Error("Not Found"), { status: 404 }));
    expect(await sweepOnce({ coordinator: gone, githubFor: refused, log: quiet, now, leaseMs: 1 })).toBe(0);
    expect(await gone.takeStale(Number.MAX_SAFE_INTEGER)).toEqual([]);
  });

  test("without Redis the runs are recorded and swept in this process", async () => {
    const down = { async started() { throw new StoreUnavailable("runs", new Error("down")); }, async finished() { throw new StoreUnavailable("runs", new Error("down")); }, async takeStale() { throw new StoreUnavailable("runs", new Error("down")); } };
    const shared = Object.assign(new LocalCoordinator(), down);
    const outages: string[] = [];
    const coordinator = new DegradingCoordinator(shared, (failure) => outages.push(failure.operation));
    await coordinator.started(stale(7, 0));
    expect((await coordinator.takeStale(1)).map((run) => run.runId)).toEqual([7]);
    await coordinator.finished({ ...repo, runId: 7 });
    expect(outages).toEqual(["runs", "runs", "runs"]);
  });

  test("settings: every 5 minutes, a 10-minute lease, both from the environment", () => {
    expect(sweepSettings({})).toEqual({ intervalMs: 300_000, leaseMs: 600_000 });
    expect(sweepSettings({ KEPBOT_SWEEP_INTERVAL_MS: "1000", KEPBOT_SWEEP_LEASE_MS: "2000" })).toEqual({ intervalMs: 1000, leaseMs: 2000 });
    expect(sweepSettings({ KEPBOT_SWEEP_INTERVAL_MS: "soon" })).toEqual({ intervalMs: 300_000, leaseMs: 600_000 });
  });
});
