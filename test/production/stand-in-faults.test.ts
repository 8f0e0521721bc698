import { afterAll, beforeAll, beforeEach, describe, expect, test } from "@jest/globals";
import { GitHubStandIn, TOKEN_ENDPOINT } from "../support/github-stand-in.js";
import { FaultInjector, mulberry32 } from "../support/stand-in/faults.js";

const OWNER = "kubernetes";
const REPO = "enhancements";
const BASE = "1".repeat(40);
const HEAD = "2".repeat(40);

function jwt(): string {
  const now = Math.floor(Date.now() / 1000);
  const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
  return `${part({ alg: "RS256", typ: "JWT" })}.${part({ iat: now - 30, exp: now + 540, iss: 1 })}.${Buffer.from("signature").toString("base64url")}`;
}

let gh: GitHubStandIn;
let token: string;

async function call(method: string, path: string, body?: unknown, init: { auth?: string; signal?: AbortSignal } = {}) {
  // GraphQL lives at /api/graphql under GHE routing, beside /api/v3.
  const url = path === "/graphql" ? `http://${gh.host}/api/graphql` : `${gh.baseUrl}${path}`;
  const res = await fetch(url, {
    method,
    headers: { authorization: init.auth ?? `token ${token}`, accept: "application/vnd.github+json", ...(body !== undefined ? { "content-type": "application/json" } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    ...(init.signal ? { signal: init.signal } : {}),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
}

beforeAll(async () => {
  gh = await GitHubStandIn.start({
    owner: OWNER,
    repo: REPO,
    installationId: 42,
    commits: { [BASE]: { "README.md": "base\n" }, [HEAD]: { "README.md": "head\n" } },
    pulls: [{ number: 7, baseSha: BASE, headSha: HEAD, author: "alice" }],
  });
  token = gh.issueToken();
});

afterAll(async () => {
  await gh?.stop();
});

beforeEach(() => {
  gh.faults = undefined;
});

describe("the PRNG and the injector", () => {
  test("the same seed gives the same faults; another seed gives others", () => {
    const run = (seed: number) => {
      const injector = new FaultInjector({ rate: 0.2, seed, kinds: ["5xx", "429", "secondary", "stall"] });
      return Array.from({ length: 500 }, () => injector.pick("GET", "/repos/kubernetes/enhancements/pulls/7") ?? "-").join(",");
    };
    expect(run(7)).toBe(run(7));
    expect(run(7)).not.toBe(run(8));
    expect(mulberry32(3)()).toBe(mulberry32(3)());
  });

  test("about `rate` of the requests fail, and every kind is picked about equally", () => {
    for (const rate of [0.05, 0.2, 0.5]) {
      const injector = new FaultInjector({ rate, seed: 11, kinds: ["5xx", "429", "secondary", "stall"] });
      const picks = Array.from({ length: 20_000 }, () => injector.pick("POST", "/repos/kubernetes/enhancements/check-runs"));
      const faulted = picks.filter((kind) => kind !== undefined);
      expect(Math.abs(faulted.length / picks.length - rate)).toBeLessThan(0.01);
      for (const kind of ["5xx", "429", "secondary", "stall"]) {
        expect(Math.abs(faulted.filter((k) => k === kind).length / faulted.length - 0.25)).toBeLessThan(0.03);
      }
    }
  });

  test("the installation-token request is excluded by default; `exclude` replaces that default", () => {
    const tokenPath = "/app/installations/42/access_tokens";
    expect(TOKEN_ENDPOINT.test(`POST ${tokenPath}`)).toBe(true);
    const always = new FaultInjector({ rate: 1, kinds: ["5xx"] });
    expect(always.pick("POST", tokenPath)).toBeUndefined();
    expect(always.pick("POST", "/graphql")).toBe("5xx");
    const everything = new FaultInjector({ rate: 1, kinds: ["5xx"], exclude: /$^/ });
    expect(everything.pick("POST", tokenPath)).toBe("5xx");
    const noGraphql = new FaultInjector({ rate: 1, kinds: ["5xx"], exclude: /^POST \/graphql$/ });
    expect(noGraphql.pick("POST", "/graphql")).toBeUndefined();
  });

  test("bad options are refused", () => {
    expect(() => new FaultInjector({ rate: 1.5, kinds: ["5xx"] })).toThrow(/rate/);
    expect(() => new FaultInjector({ rate: 0.1, kinds: [] })).toThrow(/kinds/);
  });
});

describe("the stand-in with faults", () => {
  test("over HTTP, the rate holds, the same seed repeats the same sequence, and faults are recorded", async () => {
    const sequence = async () => {
      gh.faults = { rate: 0.2, seed: 5, kinds: ["5xx", "429", "secondary"] };
      const statuses: number[] = [];
      for (let i = 0; i < 300; i++) statuses.push((await call("GET", `/repos/${OWNER}/${REPO}/pulls/7`)).status);
      return statuses;
    };
    const before = gh.injectedFaults.length;
    const first = await sequence();
    const second = await sequence();
    expect(second).toEqual(first);
    const failed = first.filter((status) => status !== 200).length;
    expect(failed / first.length).toBeGreaterThan(0.13);
    expect(failed / first.length).toBeLessThan(0.27);
    expect(gh.injectedFaults.length - before).toBe(failed * 2);
    expect(new Set(gh.injectedFaults.slice(before).map((f) => f.kind))).toEqual(new Set(["5xx", "429", "secondary"]));
    expect(gh.injectedFaults.at(-1)).toMatchObject({ method: "GET", path: `/repos/${OWNER}/${REPO}/pulls/7`, operationId: "pulls/get" });
    const recorded = gh.requests.filter((r) => r.fault !== undefined);
    expect(recorded.length).toBeGreaterThanOrEqual(failed * 2);
    expect(gh.invalidRequests).toEqual([]);
  });

  test("each kind answers as GitHub does", async () => {
    gh.faults = { rate: 1, kinds: ["5xx"] };
    const serverError = await call("GET", `/repos/${OWNER}/${REPO}/pulls/7`);
    expect(serverError).toMatchObject({ status: 502, body: { message: "Server Error" } });

    gh.faults = { rate: 1, kinds: ["429"] };
    const limited = await call("GET", `/repos/${OWNER}/${REPO}/pulls/7`);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("1");
    expect(limited.headers.get("x-ratelimit-remaining")).toBe("0");
    expect(Number(limited.headers.get("x-ratelimit-reset")) * 1000).toBeGreaterThan(Date.now());
    expect(String(limited.body?.["message"])).toMatch(/rate limit exceeded/);

    gh.faults = { rate: 1, kinds: ["secondary"] };
    const secondary = await call("POST", "/graphql", { query: "{ viewer { login } }" });
    expect(secondary.status).toBe(403);
    expect(secondary.headers.get("retry-after")).toBe("1");
    expect(secondary.body?.["message"]).toBe("You have exceeded a secondary rate limit. Please wait a few minutes before you try again.");
    expect(gh.injectedFaults.at(-1)).toMatchObject({ kind: "secondary", path: "/graphql", operationId: "graphql" });

    gh.faults = { rate: 1, kinds: ["stall"], stallMs: 300 };
    const t0 = performance.now();
    const stalled = await call("GET", `/repos/${OWNER}/${REPO}/pulls/7`);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(290);
    expect(stalled.status).toBe(504);
  });

  test("a stall outlasts a client deadline: the client gives up and nothing is left pending", async () => {
    gh.faults = { rate: 1, kinds: ["stall"], stallMs: 60_000 };
    const t0 = performance.now();
    await expect(call("POST", `/repos/${OWNER}/${REPO}/issues/7/comments`, { body: "hello" }, { signal: AbortSignal.timeout(100) })).rejects.toThrow();
    expect(performance.now() - t0).toBeLessThan(5_000);
    expect(gh.comments).toEqual([]);
  });

  test("a faulted write changes no state (comments, labels, check runs, GraphQL mutations)", async () => {
    for (const kind of ["5xx", "429", "secondary", "stall"] as const) {
      gh.faults = { rate: 1, kinds: [kind], stallMs: 50 };
      const writes = [
        await call("POST", `/repos/${OWNER}/${REPO}/issues/7/comments`, { body: "hello" }),
        await call("POST", `/repos/${OWNER}/${REPO}/issues/7/labels`, { labels: ["kind/kep"] }),
        await call("POST", `/repos/${OWNER}/${REPO}/check-runs`, { name: "kepbot", head_sha: HEAD, status: "in_progress" }),
        await call("PUT", `/repos/${OWNER}/${REPO}/issues/7/labels`, { labels: ["x"] }),
        await call("POST", "/graphql", {
          query: "mutation($id: ID!) { minimizeComment(input: { subjectId: $id, classifier: OUTDATED }) { clientMutationId } }",
          variables: { id: "IC_x" },
        }),
      ];
      expect(writes.map((w) => w.status)).toEqual(Array(5).fill({ "5xx": 502, "429": 429, secondary: 403, stall: 504 }[kind]));
      expect(gh.comments).toEqual([]);
      expect(gh.labels(7)).toEqual([]);
      expect(gh.checkRuns).toEqual([]);
    }
    gh.faults = undefined;
    expect((await call("POST", `/repos/${OWNER}/${REPO}/issues/7/comments`, { body: "hello" })).status).toBe(201);
    expect(gh.comments).toHaveLength(1);
  });

  test("a `lost` fault is the one that IS handled: the write happens, and its answer is a 504 after the stall", async () => {
    gh.faults = { rate: 1, kinds: ["lost"], stallMs: 50 };
    const before = gh.checkRuns.length;
    const created = await call("POST", `/repos/${OWNER}/${REPO}/check-runs`, { name: "kepbot", head_sha: HEAD, status: "in_progress", external_id: "7" });
    expect(created.status).toBe(504);
    expect(gh.checkRuns).toHaveLength(before + 1);
    expect(gh.checkRuns.at(-1)).toMatchObject({ name: "kepbot", status: "in_progress", external_id: "7" });
    expect(gh.injectedFaults.at(-1)).toMatchObject({ kind: "lost", method: "POST", operationId: "checks/create" });
    // A client that gave up before the answer: the run exists all the same.
    await expect(call("POST", `/repos/${OWNER}/${REPO}/check-runs`, { name: "kepbot", head_sha: HEAD, status: "in_progress" }, { signal: AbortSignal.timeout(10) })).rejects.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(gh.checkRuns).toHaveLength(before + 2);
    gh.checkRuns = gh.checkRuns.slice(0, before);
  });

  test("the installation token is still minted while everything else fails", async () => {
    gh.faults = { rate: 1, kinds: ["5xx"] };
    const minted = await call("POST", "/app/installations/42/access_tokens", undefined, { auth: `bearer ${jwt()}` });
    expect(minted.status).toBe(201);
    expect(typeof minted.body?.["token"]).toBe("string");
  });

  test("faults can be given at start", async () => {
    const other = await GitHubStandIn.start({
      owner: OWNER,
      repo: REPO,
      installationId: 42,
      commits: { [BASE]: { "README.md": "base\n" } },
      pulls: [],
      faults: { rate: 1, kinds: ["5xx"] },
    });
    try {
      const res = await fetch(`${other.baseUrl}/repos/${OWNER}/${REPO}`, { headers: { authorization: `token ${other.issueToken()}` } });
      expect(res.status).toBe(502);
      expect(other.injectedFaults).toHaveLength(1);
    } finally {
      await other.stop();
    }
  });
});
