/**
 * kepbot's pacing of requests to GitHub (src/app/pacing.ts), which replaced Octokit's throttling plugin: what counts
 * as a content write, how long GitHub's rate limits say to wait, and the pacer's behaviour with a short window and a
 * recorded sleep. test/production/octokit-rate-limits.test.ts pins the same against the GitHub stand-in's faults.
 */
import { describe, expect, test } from "@jest/globals";
import { createPacer, isWrite, rateLimitWait, type PacingSettings } from "../../src/app/pacing.js";

const settings: PacingSettings = { retries: 3, retryBaseMs: 1, writesPerMinute: 1_000, writeConcurrency: 4, maxConcurrentRequests: 50, maxRetryAfterSeconds: 60 };
const silent = { warn: () => undefined };

describe("what counts as a content write", () => {
  test.each([
    ["a REST read", false, { method: "GET", url: "/repos/{owner}/{repo}/pulls/{pull_number}" }],
    ["a check run", true, { method: "POST", url: "/repos/{owner}/{repo}/check-runs" }],
    ["a label removed", true, { method: "DELETE", url: "/repos/{owner}/{repo}/issues/{issue_number}/labels/{name}" }],
    ["a GraphQL query", false, { method: "POST", url: "/graphql", query: "query($owner: String!) { repository(owner: $owner) { id } }" }],
    ["a GraphQL mutation", true, { method: "POST", url: "/graphql", query: "\n  mutation($id: ID!) { addProjectV2ItemById(input: {}) { item { id } } }" }],
    ["an installation token", false, { method: "POST", url: "/app/installations/{installation_id}/access_tokens" }],
    ["GitHub Enterprise's GraphQL", false, { method: "POST", url: "https://ghe.example/api/graphql", query: "query { viewer { login } }" }],
  ])("%s: a write? %s", (_name, expected, options) => {
    expect(isWrite(options)).toBe(expected);
  });
});

describe("how long GitHub says to wait", () => {
  const now = 1_700_000_000_000;
  const refused = (status: number, message: string, headers: Record<string, string>) => ({ status, message, response: { headers } });
  test.each([
    ["429 with retry-after", refused(429, "API rate limit exceeded", { "retry-after": "3" }), 3],
    ["403, quota spent: until the reset", refused(403, "API rate limit exceeded", { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(now / 1000 + 42) }), 42],
    ["secondary limit with retry-after", refused(403, "You have exceeded a secondary rate limit", { "retry-after": "1" }), 1],
    ["secondary limit without retry-after: a minute", refused(403, "You have exceeded a secondary rate limit", {}), 60],
    ["a plain 403 (no permission)", refused(403, "Resource not accessible by integration", { "x-ratelimit-remaining": "4999" }), undefined],
    ["a 502", refused(502, "Bad Gateway", {}), undefined],
  ])("%s", (_name, error, seconds) => {
    expect(rateLimitWait(error, now)).toBe(seconds);
  });
});

describe("the pacer", () => {
  const secondary = () => Object.assign(new Error("You have exceeded a secondary rate limit"), { status: 403, response: { headers: { "retry-after": "7" } } });

  test("a rate-limited request is sent again after GitHub's wait, at most `retries` times", async () => {
    const slept: number[] = [];
    const pacer = createPacer({ ...settings, retries: 2 }, async (ms) => void slept.push(ms));
    let attempts = 0;
    await expect(pacer.run({ method: "GET", url: "/x" }, async () => (++attempts < 3 ? Promise.reject(secondary()) : "ok"), silent)).resolves.toBe("ok");
    expect(slept).toEqual([7_000, 7_000]);
    attempts = 0;
    await expect(pacer.run({ method: "GET", url: "/x" }, async () => Promise.reject(secondary()), silent)).rejects.toMatchObject({ status: 403 });
  });

  test("a wait longer than maxRetryAfterSeconds is not waited for, and said so", async () => {
    const warnings: string[] = [];
    const pacer = createPacer({ ...settings, maxRetryAfterSeconds: 5 }, async () => undefined);
    await expect(pacer.run({ method: "POST", url: "/repos/{owner}/{repo}/issues/{issue_number}/comments" }, async () => Promise.reject(secondary()), { warn: (message) => void warnings.push(message) })).rejects.toMatchObject({ status: 403 });
    expect(warnings).toEqual(["secondary rate limit on POST /repos/{owner}/{repo}/issues/{issue_number}/comments: giving up"]);
  });

  /** Runs a request that fails with `error` the first `failures` times; returns how often it was sent, the waits, the outcome. */
  async function retried(error: object, failures: number, options: { request?: { retries?: number } } = {}) {
    let attempts = 0;
    const slept: number[] = [];
    const pacer = createPacer({ ...settings, retries: 3, retryBaseMs: 10 }, async (ms) => void slept.push(ms));
    const outcome = await pacer
      .run({ method: "GET", url: "/x", ...options }, async () => (++attempts <= failures ? Promise.reject(Object.assign(new Error("failed"), error)) : "answer"), silent)
      .then(
        (value) => value,
        (failure: { status?: number }) => `error ${failure.status ?? "without status"}`,
      );
    return { attempts, slept, outcome };
  }

  test.each([
    ["a 502 once: sent again after the base wait", { status: 502 }, 1, {}, { attempts: 2, slept: [10], outcome: "answer" }],
    ["a timeout (status 500 from Octokit) twice: waits grow as n²", { status: 500 }, 2, {}, { attempts: 3, slept: [10, 40], outcome: "answer" }],
    ["a broken connection (no status)", {}, 1, {}, { attempts: 2, slept: [10], outcome: "answer" }],
    ["5xx every time: `retries` more, then the error", { status: 503 }, 9, {}, { attempts: 4, slept: [10, 40, 90], outcome: "error 503" }],
    ["a create that must not be made twice (request.retries 0): sent once", { status: 504 }, 1, { request: { retries: 0 } }, { attempts: 1, slept: [], outcome: "error 504" }],
    ["a 404 is an answer: never sent again", { status: 404 }, 1, {}, { attempts: 1, slept: [], outcome: "error 404" }],
    ["a 422 is an answer: never sent again", { status: 422 }, 1, {}, { attempts: 1, slept: [], outcome: "error 422" }],
    ["a plain 403 (no rate limit) is an answer", { status: 403, response: { headers: {} } }, 1, {}, { attempts: 1, slept: [], outcome: "error 403" }],
  ])("%s", async (_name, error, failures, options, expected) => {
    expect(await retried(error, failures, options)).toEqual(expected);
  });

  test("writes beyond the budget wait for the window; reads do not", async () => {
    const windowMs = 400;
    const pacer = createPacer({ ...settings, writesPerMinute: 2 }, undefined, windowMs);
    const t0 = performance.now();
    const sentAt: Record<string, number> = {};
    const send = (name: string, options: { method: string; url: string }) => pacer.run(options, async () => void (sentAt[name] = performance.now() - t0), silent);
    const write = { method: "POST", url: "/repos/{owner}/{repo}/check-runs" };
    await Promise.all([send("w1", write), send("w2", write), send("w3", write), send("read", { method: "GET", url: "/repos/{owner}/{repo}" })]);
    expect(sentAt.w1).toBeLessThan(windowMs / 2);
    expect(sentAt.w2).toBeLessThan(windowMs / 2);
    expect(sentAt.read).toBeLessThan(windowMs / 2);
    expect(sentAt.w3).toBeGreaterThanOrEqual(windowMs - 20);
  });

  test("at most maxConcurrentRequests in flight, writeConcurrency of them writes", async () => {
    const pacer = createPacer({ ...settings, maxConcurrentRequests: 3, writeConcurrency: 1 }, async () => undefined);
    let inFlight = 0;
    let writesInFlight = 0;
    const seen = { all: 0, writes: 0 };
    const send = (write: boolean) =>
      pacer.run(write ? { method: "POST", url: "/w" } : { method: "GET", url: "/r" }, async () => {
        inFlight++;
        if (write) writesInFlight++;
        seen.all = Math.max(seen.all, inFlight);
        seen.writes = Math.max(seen.writes, writesInFlight);
        await new Promise((resolve) => setTimeout(resolve, 10));
        inFlight--;
        if (write) writesInFlight--;
      }, silent);
    await Promise.all(Array.from({ length: 12 }, (_, i) => send(i % 2 === 0)));
    expect(seen).toEqual({ all: 3, writes: 1 });
  });
});
