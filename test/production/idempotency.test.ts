import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import type { Probot } from "probot";
import type { Runtime } from "../../src/app/runtime.js";
import { GitHubStandIn } from "../support/github-stand-in.js";
import { eventFor, headSha, inProcessKepbot, kepFleet, nextHeadSha, summaryComments, waitFor, type EventKind } from "../support/production.js";
import type { PullRef } from "../support/webhook.js";

// Every response of the stand-in takes 20 ms: concurrent deliveries really interleave.
const latencyMs = 20;
const settings = { retries: 3, retryBaseMs: 5, timeoutMs: 5_000, writesPerMinute: 1e6, writeConcurrency: 8, maxConcurrentRequests: 50, maxRetryAfterSeconds: 5 };

let gh: GitHubStandIn;
let probot: Probot;
let runtime: Runtime;
let pulls: PullRef[];
/** What one delivery on an untouched PR yields, at each head. */
const single: Record<string, Outcome> = {};

interface Outcome {
  labels: string[];
  summaries: string[];
  reviewers: string[];
}

function outcomeOf(number: number): Outcome {
  return {
    labels: gh.labels(number).sort(),
    summaries: summaryComments(gh, number).map((c) => c.body),
    reviewers: gh.requestedReviewers(number).sort(),
  };
}

const runsFor = (number: number, sha?: string) => gh.checkRuns.filter((run) => Number.parseInt(run.external_id ?? "", 10) === Number(number) && (sha === undefined || run.head_sha === sha));

function receive(kind: EventKind, pull: PullRef, id: string, overrides: Partial<PullRef> = {}): Promise<void> {
  const event = eventFor(kind, { ...pull, ...overrides }, gh);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return probot.receive({ ...event, id } as any);
}

beforeAll(async () => {
  await GitHubStandIn.preload();
  const fleet = kepFleet(12, 100);
  pulls = fleet.pulls;
  gh = await GitHubStandIn.start({ ...fleet.options, latencyMs });
  ({ probot, runtime } = await inProcessKepbot(gh.baseUrl, settings));

  // The reference: one delivery on a fresh PR at head A (#110) and at head B (#111).
  const [atA, atB] = [pulls[10]!, pulls[11]!];
  gh.setPullHead(atB.number, nextHeadSha);
  await receive("opened", atA, "reference-a");
  await receive("opened", atB, "reference-b", { headSha: nextHeadSha });
  single[headSha] = outcomeOf(atA.number);
  single[nextHeadSha] = outcomeOf(atB.number);
}, 30_000);

afterAll(async () => {
  await runtime?.close();
  await gh?.stop();
});

describe("duplicate and concurrent deliveries converge (stand-in latency 20 ms)", () => {
  test("the two heads give different results (so that the tests below can tell them apart)", () => {
    expect(single[headSha]?.summaries).toHaveLength(1);
    expect(single[nextHeadSha]?.summaries).toHaveLength(1);
    expect(single[headSha]?.labels).toContain("prr/awaiting-approval");
    expect(single[nextHeadSha]?.labels).toContain("prr/needs-approver");
    expect(single[headSha]?.summaries).not.toEqual(single[nextHeadSha]?.summaries);
  });

  test("the same delivery twice, one after the other: handled once", async () => {
    const pull = pulls[0]!;
    // A redelivery is the same body under the same id (built once: the labels in it are those of the first send).
    const event = eventFor("opened", pull, gh);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const send = () => probot.receive({ ...event, id: "same-id-sequential" } as any);
    await send();
    await send();
    expect(runsFor(pull.number)).toHaveLength(1);
    expect(runsFor(pull.number)[0]).toMatchObject({ status: "completed", head_sha: headSha });
    expect(outcomeOf(pull.number)).toEqual(single[headSha]);
  });

  test("the same delivery twice at once: handled once", async () => {
    const pull = pulls[1]!;
    await Promise.all([receive("synchronize", pull, "same-id-concurrent"), receive("synchronize", pull, "same-id-concurrent")]);
    expect(runsFor(pull.number)).toHaveLength(1);
    expect(outcomeOf(pull.number)).toEqual(single[headSha]);
  });

  test("synchronize and labeled for one PR at once: one summary comment, the labels of a single delivery", async () => {
    const pull = pulls[2]!;
    await Promise.all([receive("synchronize", pull, "sync-2"), receive("labeled", pull, "labeled-2"), receive("review", pull, "review-2")]);
    expect(runsFor(pull.number)).toHaveLength(3);
    expect(runsFor(pull.number).map((run) => [run.status, run.conclusion])).toEqual(Array(3).fill(["completed", "failure"]));
    expect(outcomeOf(pull.number)).toEqual(single[headSha]);
  });

  test("five different events for one PR at once, twice over: still one comment, converged labels", async () => {
    const pull = pulls[3]!;
    const kinds: EventKind[] = ["opened", "synchronize", "labeled", "review", "synchronize"];
    await Promise.all([...kinds, ...kinds].map((kind, i) => receive(kind, pull, `burst-3-${i}`)));
    expect(runsFor(pull.number)).toHaveLength(10);
    expect(runsFor(pull.number).filter((run) => run.status !== "completed")).toEqual([]);
    expect(outcomeOf(pull.number)).toEqual(single[headSha]);
  });

  test.each([
    ["A's delivery first", false],
    ["B's delivery first", true],
  ])("synchronize for head A and head B at once (the PR is at B; %s): A is superseded, B's results stand", async (_, bFirst) => {
    const pull = pulls[bFirst ? 5 : 4]!;
    // The PR was judged at A (labels, review request, comment), then B was pushed.
    await receive("opened", pull, `first-${pull.number}`);
    expect(outcomeOf(pull.number)).toEqual(single[headSha]);
    gh.setPullHead(pull.number, nextHeadSha);
    const atA = () => receive("synchronize", pull, `sync-a-${pull.number}`);
    const atB = () => receive("synchronize", pull, `sync-b-${pull.number}`, { headSha: nextHeadSha });
    await Promise.all(bFirst ? [atB(), atA()] : [atA(), atB()]);

    const [first, ...rerunsOfA] = runsFor(pull.number, headSha);
    expect(first).toMatchObject({ status: "completed", conclusion: "failure" });
    expect(rerunsOfA).toHaveLength(1);
    expect(rerunsOfA[0]).toMatchObject({ status: "completed", conclusion: "neutral", output: { title: "Superseded by a newer commit" } });
    expect(runsFor(pull.number, nextHeadSha)).toEqual([expect.objectContaining({ status: "completed", conclusion: "failure" })]);
    // Labels and the one comment are B's; the review request made at A stays (kepbot never withdraws one).
    expect(outcomeOf(pull.number)).toEqual({ ...single[nextHeadSha], reviewers: ["wojtek-t"] });
  });

  test("a push lands while the previous head is being judged: the newest head's results win", async () => {
    const pull = pulls[6]!;
    const judgingA = receive("synchronize", pull, "mid-a");
    // Push B once A's check run exists (A is reading the PR by then, or about to).
    await waitFor(() => runsFor(pull.number, headSha).length === 1, 10_000, "the check run for A");
    gh.setPullHead(pull.number, nextHeadSha);
    await Promise.all([judgingA, receive("synchronize", pull, "mid-b", { headSha: nextHeadSha })]);

    expect(runsFor(pull.number).filter((run) => run.status !== "completed")).toEqual([]);
    expect(runsFor(pull.number, nextHeadSha)).toEqual([expect.objectContaining({ conclusion: "failure" })]);
    const a = runsFor(pull.number, headSha)[0];
    // A either finished before the push was seen (its own verdict) or saw it (neutral, no side effects).
    expect(["failure", "neutral"]).toContain(a?.conclusion);
    expect(outcomeOf(pull.number).labels).toEqual(single[nextHeadSha]?.labels);
    expect(outcomeOf(pull.number).summaries).toEqual(single[nextHeadSha]?.summaries);
  });

  test("a redelivery after the PR moved on does not bring the old head's results back", async () => {
    const pull = pulls[7]!;
    await receive("opened", pull, "old-7");
    gh.setPullHead(pull.number, nextHeadSha);
    await receive("synchronize", pull, "new-7", { headSha: nextHeadSha });
    // GitHub redelivers the old event under a new delivery id (a manual "Redeliver" keeps the id; see above).
    await receive("opened", pull, "old-7-again");
    expect(runsFor(pull.number, headSha).map((run) => run.conclusion)).toEqual(["failure", "neutral"]);
    expect(outcomeOf(pull.number)).toEqual({ ...single[nextHeadSha], reviewers: ["wojtek-t"] });
  });

  test("no request broke GitHub's contract", () => {
    expect(gh.checkRuns.filter((run) => run.status !== "completed")).toEqual([]);
    expect(gh.invalidRequests).toEqual([]);
    expect(gh.unimplementedRequests).toEqual([]);
  });
});
