// The GitHub side of `npm run bench`: the app against the loopback GitHub stand-in of test/support.
// The stand-in and the fixtures are TypeScript, so they are compiled first (tsconfig.bench.json, into
// .bench-build/) and imported from there; the app itself is always the built one, dist/app/index.js.
import { execFile, spawn, spawnSync } from "node:child_process";
import { connect } from "node:net";
import { createServer } from "node:http";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath, URL } from "node:url";
import { promisify } from "node:util";

const execFileAsync = promisify(execFile);
const repoRoot = fileURLToPath(new URL("..", import.meta.url));

export const secret = "bench-webhook-secret";
export const owner = "kubernetes";
export const repo = "enhancements";
export const installationId = 42;
/** The installation-token request: needed once an hour per installation, so counted apart. */
export const tokenOperation = "apps/create-installation-access-token";
/** Requests that read file contents: GraphQL queries, REST blob and contents reads. */
const contentOperations = new Set(["graphql", "git/get-blob", "repos/get-content"]);

let support;

/**
 * Compiles test/support and the fixtures (once per bench run) and imports them: GitHubStandIn, AppProcess,
 * deliver, pullRequestPayload, goodRepo, kepDir, prrPath, kepYaml, readme, privateKey, matchRoute.
 */
export function loadSupport() {
  support ??= (async () => {
    // test/support/app-process.ts finds node_modules/probot from the working directory.
    if (process.cwd() !== repoRoot) process.chdir(repoRoot);
    try {
      await execFileAsync(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.bench.json"], { cwd: repoRoot, maxBuffer: 16 << 20 });
    } catch (error) {
      throw new Error(`tsc -p tsconfig.bench.json failed:\n${error.stdout || ""}${error.stderr || error.message}`);
    }
    const built = (path) => import(new URL(`../.bench-build/${path}`, import.meta.url).href);
    const [standIn, appProcess, webhook, repoFixtures, probotHelpers, openapi] = await Promise.all([
      built("test/support/github-stand-in.js"),
      built("test/support/app-process.js"),
      built("test/support/webhook.js"),
      built("test/helpers/repo.js"),
      built("test/helpers/probot.js"),
      built("test/support/stand-in/openapi.js"),
    ]);
    await standIn.GitHubStandIn.preload(); // the OpenAPI description and the GraphQL schema, once, outside every timing
    return {
      GitHubStandIn: standIn.GitHubStandIn,
      AppProcess: appProcess.AppProcess,
      freePort: appProcess.freePort,
      deliver: webhook.deliver,
      pullRequestPayload: webhook.pullRequestPayload,
      goodRepo: repoFixtures.goodRepo,
      kepDir: repoFixtures.kepDir,
      prrPath: repoFixtures.prrPath,
      kepYaml: repoFixtures.kepYaml,
      readme: repoFixtures.readme,
      privateKey: probotHelpers.privateKey,
      matchRoute: openapi.matchRoute,
    };
  })();
  return support;
}

/** A pull request as both the stand-in (`pulls`) and the webhook payloads (`PullRef`) describe it. */
export function pullRef(number, baseSha, headSha) {
  return { owner, repo, installationId, number, baseSha, headSha, author: "alice", labels: [] };
}

/**
 * `count` commits holding `files`, each under a SHA of its own: pushes that change nothing kepbot reads, so that
 * what kepbot keeps of commits it has read (the content cache) serves none of them.
 */
export function pushedCommits(files, count, tag = 0) {
  const shas = Array.from({ length: count }, (_, i) => `beef${tag.toString(16).padStart(4, "0")}${i.toString(16).padStart(6, "0")}`.padEnd(40, "0"));
  return { shas, commits: Object.fromEntries(shas.map((sha) => [sha, files])) };
}

/** The typical KEP pull request: base lacks KEP 4242, head adds its kep.yaml, README.md and PRR file. */
export function typicalCommits({ goodRepo, kepDir, prrPath }) {
  const head = goodRepo();
  const base = Object.fromEntries(Object.entries(head).filter(([path]) => !path.startsWith(`${kepDir}/`) && path !== prrPath));
  return { base, head, changedFiles: Object.keys(head).length - Object.keys(base).length };
}

/** A pull request adding `keps` whole KEPs under sig-node (kep.yaml, README.md, PRR file each) to goodRepo(). */
export function manyKepCommits({ goodRepo, kepYaml, readme }, keps) {
  const base = goodRepo();
  const head = { ...base };
  for (let i = 0; i < keps; i++) {
    const n = 5000 + i;
    const dir = `keps/sig-node/${n}-feature-${n}`;
    head[`${dir}/kep.yaml`] = kepYaml({
      title: `Feature ${n}`,
      "kep-number": String(n),
      "feature-gates": `\n  - name: Feature${n}\n    components:\n      - kubelet`,
      metrics: `\n  - feature_${n}_total`,
    });
    head[`${dir}/README.md`] = readme(n, `Feature ${n}`);
    head[`keps/prod-readiness/sig-node/${n}.yaml`] = `kep-number: ${n}\nalpha:\n  approver: "@johnbelamaric"\nbeta:\n  approver: "@wojtek-t"\n`;
  }
  return { base, head, changedFiles: Object.keys(head).length - Object.keys(base).length };
}

/**
 * kepbot in this process, from dist/, behind Probot's node middleware on a loopback port. Octokit's
 * throttling is off when `throttle` is false; retries stay as Probot configures them. Logs go to stderr.
 */
export async function startInProcessApp({ baseUrl, privateKey, throttle }) {
  const [{ Probot, ProbotOctokit, createNodeMiddleware }, { default: kepbot }, { default: pino }] = await Promise.all([
    import("probot"),
    import("../dist/app/index.js"),
    import("pino"),
  ]);
  const probot = new Probot({
    appId: 424242,
    privateKey,
    secret,
    baseUrl,
    log: pino({ level: "warn" }, pino.destination({ dest: 2, sync: true })),
    ...(throttle ? {} : { Octokit: ProbotOctokit.defaults((options) => ({ ...options, throttle: { enabled: false } })) }),
  });
  const middleware = await createNodeMiddleware(kepbot, { probot });
  const server = createServer((request, response) => {
    void middleware(request, response, () => response.writeHead(404).end());
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    stop: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * Delivers one signed `pull_request` event and returns the stand-in requests it caused. The middleware
 * answers once the handler is done; should it answer early (202 after 9 s), this waits for quiet.
 */
export async function requestsFor(lib, standIn, appUrl, action, pull, extra = {}) {
  const before = standIn.requests.length;
  const checkRunsBefore = standIn.checkRuns.length;
  const result = await lib.deliver(`${appUrl}/api/github/webhooks`, { name: "pull_request", payload: lib.pullRequestPayload(action, pull, extra), secret });
  if (result.status !== 200 && result.status !== 202) throw new Error(`pull_request.${action} delivery answered ${result.status}: ${result.body}`);
  if (result.status === 202) await quiet(standIn);
  const requests = standIn.requests.slice(before);
  return { requests, checkRun: standIn.checkRuns[checkRunsBefore] };
}

async function quiet(standIn, ms = 500) {
  let seen = -1;
  while (seen !== standIn.requests.length) {
    seen = standIn.requests.length;
    await sleep(ms);
  }
}

/** `METHOD /route/{template}` of a recorded request, e.g. `POST /repos/{owner}/{repo}/check-runs`. */
export function routeOf(lib, request) {
  if (request.operationId === "graphql") return "POST /graphql";
  const match = lib.matchRoute(request.method, request.path);
  return `${request.method} ${match ? match.operation.template : request.path}`;
}

/** The figures for one event: requests besides the token, the token requests, content reads, and by route. */
export function countRequests(lib, requests) {
  const besidesToken = requests.filter((request) => request.operationId !== tokenOperation);
  const byRoute = {};
  for (const request of besidesToken) {
    const route = routeOf(lib, request);
    byRoute[route] = (byRoute[route] ?? 0) + 1;
  }
  return {
    requests: besidesToken.length,
    tokenRequests: requests.length - besidesToken.length,
    contentReads: besidesToken.filter((request) => contentOperations.has(request.operationId)).length,
    failed: besidesToken.filter((request) => request.status >= 400).length,
    byRoute,
  };
}

/** Milliseconds from sending each delivery until the stand-in holds its check run as `completed`. */
export async function deliveryLatencies(lib, standIn, appUrl, pull, { warmups, deliveries, gapMs, pushes = [] }) {
  const samples = [];
  let warmupMs;
  for (let i = 0; i < warmups + deliveries; i++) {
    if (i > 0 && gapMs > 0) await sleep(gapMs);
    const index = standIn.checkRuns.length;
    const before = standIn.requests.length;
    // A push: the pull request moves to a commit kepbot has not seen (`pushes[i]`, when given), which the PRR
    // approver approves as well (the steady state: nothing for kepbot to do but the check).
    if (pushes[i]) {
      standIn.setPullHead(pull.number, pushes[i]);
      standIn.reviews.push({ pull_number: pull.number, user: "wojtek-t", state: "APPROVED", commit_id: pushes[i] });
    }
    const payload = lib.pullRequestPayload("synchronize", { ...pull, headSha: standIn.pullHead(pull.number) ?? pull.headSha });
    let answered;
    const start = performance.now();
    const delivery = lib.deliver(`${appUrl}/api/github/webhooks`, { name: "pull_request", payload, secret }).then((result) => (answered = result));
    let completedMs;
    while (completedMs === undefined) {
      if (standIn.checkRuns[index]?.status === "completed") completedMs = performance.now() - start;
      // The server answers once the delivery is queued (200), Probot's middleware once it is handled (200; 202 after 9 s).
      else if (answered && answered.status !== 200 && answered.status !== 202) throw new Error(`delivery ${i + 1} answered ${answered.status}: ${answered.body}`);
      else if (performance.now() - start > 60_000) throw new Error(`delivery ${i + 1}: no completed check run within 60 s`);
      else await sleep(1);
    }
    const result = await delivery;
    // What the delivery does after its check run (labels, the comment) belongs to it, not to the next one.
    await quiet(standIn, 200);
    const sample = { completedMs, roundTripMs: result.ms, requests: countRequests(lib, standIn.requests.slice(before)).requests, conclusion: standIn.checkRuns[index].conclusion };
    if (i < warmups) warmupMs = completedMs;
    else samples.push(sample);
  }
  const completed = samples.map((s) => s.completedMs);
  return {
    deliveries,
    gapMs,
    p50Ms: percentile(completed, 0.5),
    p90Ms: percentile(completed, 0.9),
    maxMs: Math.max(...completed),
    roundTripP50Ms: percentile(samples.map((s) => s.roundTripMs), 0.5),
    requestsPerDelivery: percentile(samples.map((s) => s.requests), 0.5),
    firstDeliveryMs: warmupMs,
    conclusions: [...new Set(samples.map((s) => s.conclusion))],
    completedMsRuns: completed.map((ms) => Math.round(ms)),
  };
}

/** Nearest-rank percentile (p in 0..1); the median of an even count is the mean of the middle two. */
export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  if (p === 0.5) {
    const mid = sorted.length >> 1;
    return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

/** The redis-server executable, or undefined when none is on the PATH. */
export function redisServerBinary() {
  const found = spawnSync("sh", ["-c", "command -v redis-server"], { encoding: "utf8" });
  return found.status === 0 && found.stdout.trim() ? found.stdout.trim() : undefined;
}

/**
 * A throwaway redis-server on a free loopback port (no persistence), as test/support/redis-server.ts starts
 * one (that module is jest's, so the bench has its own): `{ url, stop }`.
 */
export async function startRedis(lib) {
  const binary = redisServerBinary();
  if (!binary) throw new Error("redis-server is not installed");
  const port = await lib.freePort();
  const child = spawn(binary, ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
  const ping = () =>
    new Promise((resolve) => {
      const socket = connect({ host: "127.0.0.1", port }, () => socket.write("PING\r\n"));
      socket.once("data", (data) => {
        socket.destroy();
        resolve(data.toString().startsWith("+PONG"));
      });
      socket.once("error", () => resolve(false));
    });
  for (const until = Date.now() + 10_000; !(await ping()); await sleep(50)) {
    if (Date.now() > until || child.exitCode !== null) throw new Error("redis-server did not start");
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: () => new Promise((resolve) => (child.exitCode !== null ? resolve() : (child.once("exit", () => resolve()), child.kill("SIGTERM")))),
  };
}
