/**
 * How kepbot's Octokit (src/app/octokit.ts) treats GitHub's rate limits, request by request, against the stand-in's
 * injected faults: each case asserts what GitHub asks for (retry-after honoured, no double retries, no 3 s pacing).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "@jest/globals";
import { createKepbotOctokit, octokitSettings, type OctokitSettings } from "../../src/app/octokit.js";
import { GitHubStandIn } from "../support/github-stand-in.js";
import { kepFleet, owner, repo } from "../support/production.js";

const silent = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

let gh: GitHubStandIn;

beforeAll(async () => {
  gh = await GitHubStandIn.start(kepFleet(3).options);
});

afterAll(async () => {
  await gh?.stop();
});

beforeEach(() => {
  gh.faults = undefined;
  gh.injectedFaults.length = 0;
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function octokit(settings: Partial<OctokitSettings> = {}): any {
  const Octokit = createKepbotOctokit({ ...octokitSettings({}), ...settings });
  return new Octokit({ auth: { token: gh.issueToken() }, baseUrl: gh.baseUrl, log: silent } as never);
}

const getPull = (client: ReturnType<typeof octokit>) => client.rest.pulls.get({ owner, repo, pull_number: 100 });

/** Milliseconds between consecutive injected faults (each attempt of a request that always fails). */
const gaps = () => gh.injectedFaults.slice(1).map((fault, i) => fault.at - (gh.injectedFaults[i]?.at ?? 0));

describe("kepbot's Octokit and GitHub's faults", () => {
  test("a 502 is retried with back-off and the request then succeeds", async () => {
    gh.faults = { rate: 0.5, seed: 3, kinds: ["5xx"] };
    const client = octokit({ retries: 6, retryBaseMs: 5 });
    for (let i = 0; i < 10; i++) expect((await getPull(client)).status).toBe(200);
    expect(gh.injectedFaults.length).toBeGreaterThan(0);
  });

  test("a stalled request is abandoned at the deadline and retried", async () => {
    gh.faults = { rate: 1, kinds: ["stall"], stallMs: 30_000 };
    const client = octokit({ retries: 2, retryBaseMs: 5, timeoutMs: 200 });
    const t0 = performance.now();
    await expect(getPull(client)).rejects.toThrow();
    expect(performance.now() - t0).toBeLessThan(5_000);
    expect(gh.injectedFaults.map((f) => f.kind)).toEqual(["stall", "stall", "stall"]);
  });

  test("a secondary rate limit is retried after retry-after, within the retries", async () => {
    gh.faults = { rate: 1, kinds: ["secondary"] };
    await expect(getPull(octokit({ retries: 2, retryBaseMs: 5 }))).rejects.toMatchObject({ status: 403 });
    expect(gh.injectedFaults).toHaveLength(3);
  });

  test("a retry-after beyond maxRetryAfterSeconds is not waited for", async () => {
    gh.faults = { rate: 1, kinds: ["secondary"] };
    await expect(getPull(octokit({ retries: 3, maxRetryAfterSeconds: 0 }))).rejects.toMatchObject({ status: 403 });
    expect(gh.injectedFaults).toHaveLength(1);
  });

  // GitHub: "wait for the number of seconds given by retry-after" (an earlier version waited retry-after × retryBaseMs ms).
  test("a secondary rate limit's retry is not sent before its retry-after of 1 s (default settings)", async () => {
    gh.faults = { rate: 1, kinds: ["secondary"] };
    await expect(getPull(octokit({ retries: 1 }))).rejects.toMatchObject({ status: 403 });
    expect(gh.injectedFaults).toHaveLength(2);
    expect(gaps()[0]).toBeGreaterThanOrEqual(950);
  });

  // Once by the pacer (src/app/pacing.ts), after GitHub's wait; never also by the retry plugin, whose back-off ignores
  // retry-after (an earlier version made 7 attempts over 28.6 s of one rate-limited request).
  test("a 429 is retried by the rate-limit handler only: `retries: 1` means 2 attempts", async () => {
    gh.faults = { rate: 1, kinds: ["429"] };
    await expect(getPull(octokit({ retries: 1, retryBaseMs: 5 }))).rejects.toMatchObject({ status: 429 });
    expect(gh.injectedFaults).toHaveLength(2);
  });

  // Octokit's throttling plugin sent every write that notifies one at a time 3 s apart per process; kepbot's pacer
  // spends a per-minute budget instead.
  test("comments are paced by kepbot's write budget, not one per 3 s: three at once take under 2 s", async () => {
    const client = octokit({ writesPerMinute: 80, writeConcurrency: 4 });
    const t0 = performance.now();
    await Promise.all([100, 101, 102].map((number) => client.rest.issues.createComment({ owner, repo, issue_number: number, body: `hello #${number}` })));
    expect(gh.comments).toHaveLength(3);
    expect(performance.now() - t0).toBeLessThan(2_000);
  }, 15_000);
});
