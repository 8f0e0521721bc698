// The `sustainedEvents` section of `npm run bench`: how many webhook events per second ONE kepbot server (the built
// dist/app/main.js, a separate process) sustains against the GitHub stand-in answering after 50 ms, sent open-loop:
// on schedule whatever the server is doing, with a cap on deliveries in flight. Latency is per delivery, from send
// to the HTTP answer (the server answers once the delivery is queued) and to the check run's completion. A delivery is
// handled when the server has worked it off (its /metrics count it) and, for a push, its check run is completed: a
// label that is not kepbot's (Prow's, as here) needs no check run. The rate handled is deliveries per second until the
// backlog drains, and a delivery lost is one not handled by then. What is measured is a warm server: the same load
// runs for `warmUpSeconds` first (its CPU per event is printed beside, as the first seconds' figure); the peak memory
// is the process's, warm-up included.
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { clearInterval, setInterval } from "node:timers";
import { setTimeout as sleep } from "node:timers/promises";
import { loadSupport, percentile, pullRef, pushedCommits, redisServerBinary, secret, startRedis, typicalCommits } from "./github.js";

export const sustained = {
  rate: 50, // deliveries per second
  seconds: 10,
  // The same load before the measured seconds, not measured (see run()).
  warmUpSeconds: Number(process.env.KEPBOT_BENCH_WARM_UP_SECONDS ?? 10),
  prs: 100, // deliveries go round-robin over the PRs: each PR gets one every `prs / rate` s
  maxInFlight: 250,
  latencyMs: 50,
  aimP99Ms: 2000,
  aimPeakMB: 200,
  aimCpuMsPerEvent: 5,
  writesPerMinute: 1_000_000,
  writeConcurrency: 16,
  // The default budget (KEPBOT_WRITES_PER_MINUTE=160), briefly: how it holds a burst back.
  budget: { writesPerMinute: 160, rate: 10, seconds: 4, drainSeconds: 12 },
};

/** VmHWM (peak resident set) of a process, in MB (10^6 bytes), from /proc; undefined off Linux. */
function peakMB(pid) {
  try {
    const kib = Number(/^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1]);
    return Number.isFinite(kib) ? (kib * 1024) / 1e6 : undefined;
  } catch {
    return undefined;
  }
}

/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat; undefined off Linux. */
function cpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").replace(/^.*\) /s, "").split(" ");
    // utime and stime are fields 14 and 15 of stat(5), 12 and 13 after the pid and (comm) are cut.
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

/** Deliveries the server has worked off so far (done, failed for good, or superseded), from its /metrics. */
async function jobsFinished(app) {
  const text = await (await globalThis.fetch(`${app.url}/metrics`)).text();
  return [...text.matchAll(/^kepbot_jobs_total\{[^}]*outcome="(?:done|failed|superseded)"[^}]*\} (\d+)/gm)].reduce((total, match) => total + Number(match[1]), 0);
}

/** Open loop: waits until the `i`-th delivery is due (`rate` a second from `t0`), whatever came back; returns when it was due. */
async function sendingTime(t0, i, rate) {
  const due = t0 + (i * 1000) / rate;
  const wait = due - performance.now();
  if (wait > 0) await sleep(wait);
  return due;
}

/** The server's PID: AppProcess keeps its child private (TypeScript only), so it is read off the instance. */
function pidOf(app) {
  const pid = app.child?.pid;
  if (typeof pid !== "number") throw new Error("AppProcess no longer exposes its child process: cannot read the server's peak memory");
  return pid;
}

/**
 * One run: a stand-in with `prs` typical KEP PRs in the approved steady state (labels set by a warm-up delivery
 * each, no comment or review request left to make), one server with `env`, then `rate` deliveries/s for `seconds`.
 */
export async function run(lib, { rate, seconds, prs, maxInFlight, env, drainSeconds = 60, warmUp = true, warmUpSeconds = sustained.warmUpSeconds, redisUrl, nodeArgs = [], pushesOnly = false }) {
  const { base, head } = typicalCommits(lib);
  const [baseSha, headSha] = ["1", "2"].map((digit) => digit.repeat(40));
  const pulls = Array.from({ length: prs }, (_, i) => pullRef(400 + i, baseSha, headSha));
  // Every synchronize is a push: the pull request moves to a commit of its own, never seen before (the same files
  // under another SHA), so that nothing kepbot keeps by commit serves a push; what it parsed does (the texts are the
  // same, as for a push that leaves the KEP's metadata alone). The labels in between are Prow's.
  const warmLoad = warmUp ? Math.round(rate * warmUpSeconds) : 0;
  const pushesPerPull = Math.ceil((rate * seconds + warmLoad) / prs / (pushesOnly ? 1 : 2)) + 2;
  // Rounds of one delivery per PR: pushes, then Prow's labels, then pushes again… (or pushes only).
  const kindOf = (i) => (pushesOnly || Math.floor(i / prs) % 2 === 0 ? "synchronize" : "labeled");
  const pushed = pulls.map((_, i) => pushedCommits(head, pushesPerPull, i + 1));
  const pushes = new Map(pulls.map((p) => [p.number, 0]));
  const standIn = await lib.GitHubStandIn.start({
    owner: pulls[0].owner,
    repo: pulls[0].repo,
    installationId: pulls[0].installationId,
    commits: { [baseSha]: base, [headSha]: head, ...Object.assign({}, ...pushed.map((p) => p.commits)) },
    pulls: pulls.map((p) => ({ number: p.number, baseSha, headSha, author: p.author, labels: [] })),
    latencyMs: sustained.latencyMs,
  });
  // Approved at the first head: kepbot has no comment to write nor review to request. After each push it reads the
  // pushed KEP files once more, to see that what the approver approved is unchanged (approvals.ts).
  for (const p of pulls) standIn.reviews.push({ pull_number: p.number, user: "wojtek-t", state: "APPROVED", commit_id: headSha });
  const app = await lib.AppProcess.start({ WEBHOOK_SECRET: secret, GHE_HOST: standIn.host, GHE_PROTOCOL: "http", ...(redisUrl ? { REDIS_URL: redisUrl } : {}), ...env }, nodeArgs);
  const url = `${app.url}/api/github/webhooks`;
  const startMB = peakMB(pidOf(app));
  const labelsNow = (p) => standIn.labels(p.number);
  const push = (p) => {
    const k = pushes.get(p.number);
    pushes.set(p.number, k + 1);
    standIn.setPullHead(p.number, pushed[p.number - pulls[0].number].shas[k]);
  };
  const payloadFor = (kind, p) => {
    if (kind === "synchronize") push(p);
    const now = { ...p, headSha: standIn.pullHead(p.number), labels: labelsNow(p) };
    return kind === "labeled"
      ? lib.pullRequestPayload("labeled", now, { label: { name: "area/testing" }, sender: { login: "alice", type: "User" } })
      : lib.pullRequestPayload("synchronize", now, { sender: { login: "alice", type: "User" } });
  };
  let coldCpuMsPerEvent;
  try {
    if (warmUp) {
      // One delivery per PR (token, labels), ten at a time, not measured; then the queue drains.
      for (let i = 0; i < pulls.length; i += 10) {
        await Promise.all(pulls.slice(i, i + 10).map((p) => lib.deliver(url, { name: "pull_request", payload: payloadFor("synchronize", p), secret })));
      }
      await app.idle(60_000);
      // Then the load itself for `warmUpSeconds`, not measured: in its first seconds V8 is still compiling what the
      // load runs hot (on its own threads, counted in the server's CPU), which a server that has run a while has done.
      const warmFrom = performance.now();
      const warmCpu0 = cpuSeconds(pidOf(app));
      const warming = [];
      for (let i = 0; i < warmLoad; i++) {
        await sendingTime(warmFrom, i, rate);
        warming.push(lib.deliver(url, { name: "pull_request", payload: payloadFor(kindOf(i), pulls[i % pulls.length]), secret }));
      }
      await Promise.all(warming);
      await app.idle(60_000);
      if (warmLoad > 0) coldCpuMsPerEvent = ((cpuSeconds(pidOf(app)) - warmCpu0) * 1000) / warmLoad;
    }
    const warmMB = peakMB(pidOf(app));
    const checkRunsBefore = standIn.checkRuns.length;
    const finishedBefore = await jobsFinished(app);
    const requestsBefore = standIn.requests.length;
    // Check runs are attributed per PR in order: the k-th delivery sent for a PR has the k-th new check run of that
    // PR (deliveries of one PR are handled in arrival order under its lock, and arrive `prs / rate` s apart).
    const completedAt = new Map(); // check run index -> ms
    let scanFrom = checkRunsBefore;
    const watcher = setInterval(() => {
      const now = performance.now();
      for (let i = scanFrom; i < standIn.checkRuns.length; i++) {
        if (!completedAt.has(i) && standIn.checkRuns[i].status === "completed") completedAt.set(i, now);
      }
      while (scanFrom < standIn.checkRuns.length && completedAt.has(scanFrom)) scanFrom++;
    }, 5);

    // What the resident memory is made of when it peaks: the server's own figures from /metrics, twice a second.
    const memory = { rssMB: 0, heapUsedMB: 0, heapTotalMB: 0, externalMB: 0 };
    const memoryWatcher = setInterval(() => {
      void globalThis
        .fetch(`${app.url}/metrics`)
        .then((response) => response.text())
        .then((text) => {
          const mb = (name) => Number(new RegExp(`^kepbot_${name}(?:\\{[^}]*\\})? (\\S+)`, "m").exec(text)?.[1] ?? NaN) / 1e6;
          const rssMB = mb("process_resident_memory_bytes");
          if (rssMB > memory.rssMB) Object.assign(memory, { rssMB, heapUsedMB: mb("nodejs_heap_size_used_bytes"), heapTotalMB: mb("nodejs_heap_size_total_bytes"), externalMB: mb("nodejs_external_memory_bytes") });
        }, () => undefined);
    }, 500);
    const total = Math.round(rate * seconds);
    const samples = [];
    let inFlight = 0;
    let capWaits = 0;
    let maxLagMs = 0;
    const pending = [];
    const serverCpu0 = cpuSeconds(pidOf(app));
    const ownCpu0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < total; i++) {
      const due = await sendingTime(t0, i, rate);
      while (inFlight >= maxInFlight) {
        capWaits++;
        await sleep(2);
      }
      maxLagMs = Math.max(maxLagMs, performance.now() - due);
      const p = pulls[i % pulls.length];
      const kind = kindOf(i);
      const sample = { pr: p.number, kind, sentAt: performance.now(), status: 0, ms: undefined };
      samples.push(sample);
      inFlight++;
      pending.push(
        lib
          .deliver(url, { name: "pull_request", payload: payloadFor(kind, p), secret })
          .then(
            (result) => {
              sample.status = result.status;
              sample.ms = result.ms;
            },
            (error) => {
              sample.status = -1;
              sample.error = String(error);
            },
          )
          .finally(() => inFlight--),
      );
    }
    const sendMs = performance.now() - t0;
    const drained = await Promise.race([Promise.all(pending).then(() => true), sleep(drainSeconds * 1000).then(() => false)]);
    const answeredMs = performance.now() - t0;
    // The backlog: every push's check run completed and every delivery worked off (bounded by drainSeconds after the last send).
    const deadline = t0 + sendMs + drainSeconds * 1000;
    const pushesSent = samples.filter((sample) => sample.kind === "synchronize").length;
    const done = () => standIn.checkRuns.length - checkRunsBefore >= pushesSent && standIn.checkRuns.slice(checkRunsBefore).every((run) => run.status === "completed");
    while (performance.now() < deadline && !done()) await sleep(20);
    await app.idle(Math.max(1, deadline - performance.now())).catch(() => undefined);
    const drainedMs = performance.now() - t0;
    const handled = (await jobsFinished(app)) - finishedBefore;
    await sleep(10); // the watcher's last look
    clearInterval(watcher);
    clearInterval(memoryWatcher);
    const serverCpu = cpuSeconds(pidOf(app)) - serverCpu0;
    // KEPBOT_BENCH_ROUTES=1: the requests the server made to GitHub, by route (GraphQL by its variables).
    if (process.env.KEPBOT_BENCH_ROUTES) {
      const routes = new Map();
      for (const r of standIn.requests.slice(requestsBefore)) {
        const key = `${r.method} ${r.path.replace(/\/[0-9]+\//g, "/N/").replace(/[0-9a-f]{40}/g, "SHA")} ${r.path === "/graphql" ? Object.values(r.body.variables ?? {}).filter((v) => typeof v === "string").join(",").slice(0, 150) : ""}`;
        routes.set(key, (routes.get(key) ?? 0) + 1);
      }
      console.error([...routes].sort((a, b) => b[1] - a[1]));
    }
    const ownCpu = process.cpuUsage(ownCpu0);
    const memoryMB = peakMB(pidOf(app));

    const runsByPr = new Map();
    for (let i = checkRunsBefore; i < standIn.checkRuns.length; i++) {
      // external_id is `<pull request>:<nonce>` (check-publisher.ts).
      const pr = Number(String(standIn.checkRuns[i].external_id).split(":")[0]);
      if (!runsByPr.has(pr)) runsByPr.set(pr, []);
      runsByPr.get(pr).push(i);
    }
    const seen = new Map();
    const completionMs = [];
    for (const sample of samples.filter((s) => s.kind === "synchronize")) {
      const k = seen.get(sample.pr) ?? 0;
      seen.set(sample.pr, k + 1);
      const index = runsByPr.get(sample.pr)?.[k];
      if (index !== undefined && completedAt.has(index)) completionMs.push(completedAt.get(index) - sample.sentAt);
    }
    const ok = samples.filter((s) => s.status === 200);
    const okMs = ok.map((s) => s.ms);
    const completions = [...completedAt.values()];
    const lastCompletion = completions.length ? Math.max(...completions) - t0 : 0;
    const checkRunsCompleted = standIn.checkRuns.slice(checkRunsBefore).filter((run) => run.status === "completed").length;
    return {
      target: rate,
      sent: samples.length,
      sendSeconds: sendMs / 1000,
      sentPerSecond: samples.length / (sendMs / 1000),
      answered200: ok.length,
      answered202: samples.filter((s) => s.status === 202).length,
      failed: samples.filter((s) => s.status !== 200 && s.status !== 202 && s.status !== 0).length,
      unanswered: samples.filter((s) => s.status === 0).length,
      // Deliveries handled per second, from the first send until the last was worked off (a push's, with its check run).
      handledPerSecond: handled / (Math.max(lastCompletion, sendMs, drainedMs) / 1000),
      lost: Math.max(samples.length - handled, pushesSent - checkRunsCompleted),
      drained: drained && handled >= samples.length && checkRunsCompleted >= pushesSent,
      drainSeconds: drainedMs / 1000,
      answeredSeconds: answeredMs / 1000,
      pushesSent,
      handled,
      cpuMsPerEvent: handled ? (serverCpu * 1000) / handled : NaN,
      // The same, over the warm-up's seconds of the same load (V8 still compiling it): not the aim's figure.
      coldCpuMsPerEvent,
      warmUpSeconds: warmLoad / rate,
      p50Ms: okMs.length ? percentile(okMs, 0.5) : NaN,
      p99Ms: okMs.length ? percentile(okMs, 0.99) : NaN,
      maxMs: okMs.length ? Math.max(...okMs) : NaN,
      completionP50Ms: completionMs.length ? percentile(completionMs, 0.5) : NaN,
      completionP99Ms: completionMs.length ? percentile(completionMs, 0.99) : NaN,
      checkRunsCompleted,
      capWaits,
      maxSendLagMs: maxLagMs,
      peakMB: memoryMB,
      atPeak: memory,
      startMB,
      warmMB,
      // CPU over the sending and answering: the server's, and this process's (the stand-in and the sender).
      serverCpuSeconds: serverCpu,
      standInCpuSeconds: (ownCpu.user + ownCpu.system) / 1e6,
      requestsPerDelivery: (standIn.requests.length - requestsBefore) / Math.max(1, samples.length),
      invalidRequests: standIn.invalidRequests.length,
      unimplementedRequests: standIn.unimplementedRequests.length,
    };
  } catch (error) {
    throw new Error(`${error.message}\napp logs:\n${app.logs.slice(-4000)}`);
  } finally {
    await app.stop();
    await standIn.stop();
  }
}

/**
 * The floor under "CPU per event": `pull_request.closed` deliveries, which kepbot verifies, dedupes, queues and hands
 * to Probot, and no handler of kepbot's takes. What a handled event costs above it is kepbot's reads, judgement and
 * writes; what it costs up to it is the HTTP server, Probot and the queue, however little kepbot does.
 */
async function floorRun(lib, { rate, seconds, nodeArgs = [] }) {
  const [baseSha, headSha] = ["1", "2"].map((digit) => digit.repeat(40));
  const pulls = Array.from({ length: 100 }, (_, i) => pullRef(400 + i, baseSha, headSha));
  const { base, head } = typicalCommits(lib);
  const standIn = await lib.GitHubStandIn.start({ owner: pulls[0].owner, repo: pulls[0].repo, installationId: pulls[0].installationId, commits: { [baseSha]: base, [headSha]: head }, pulls: [], latencyMs: sustained.latencyMs });
  const app = await lib.AppProcess.start({ WEBHOOK_SECRET: secret, GHE_HOST: standIn.host, GHE_PROTOCOL: "http" }, nodeArgs);
  const url = `${app.url}/api/github/webhooks`;
  try {
    const send = (p) => lib.deliver(url, { name: "pull_request", payload: lib.pullRequestPayload("closed", p), secret });
    // Warm as the handled runs are (see run()): a few deliveries, then the load itself for the warm-up's seconds.
    await Promise.all(pulls.slice(0, 20).map(send));
    const warmFrom = performance.now();
    const warming = [];
    for (let i = 0; i < Math.round(rate * sustained.warmUpSeconds); i++) {
      await sendingTime(warmFrom, i, rate);
      warming.push(send(pulls[i % pulls.length]));
    }
    await Promise.all(warming);
    await app.idle(60_000);
    const total = Math.round(rate * seconds);
    const cpu0 = cpuSeconds(pidOf(app));
    const t0 = performance.now();
    const pending = [];
    for (let i = 0; i < total; i++) {
      await sendingTime(t0, i, rate);
      pending.push(send(pulls[i % pulls.length]));
    }
    const statuses = (await Promise.all(pending)).map((result) => result.status);
    await app.idle(60_000);
    return { sent: total, answered200: statuses.filter((status) => status === 200).length, cpuMsPerEvent: ((cpuSeconds(pidOf(app)) - cpu0) * 1000) / total, requests: standIn.requests.length };
  } finally {
    await app.stop();
    await standIn.stop();
  }
}

/** The figures of one run against the aims: the rate, no delivery lost, p99 of the answers, peak memory, CPU per event. */
function judge(f) {
  return {
    rateOk: f.handledPerSecond >= sustained.rate * 0.95 && f.lost === 0,
    p99Ok: f.answered200 === f.sent && f.p99Ms <= sustained.aimP99Ms,
    peakOk: f.peakMB !== undefined && f.peakMB <= sustained.aimPeakMB,
    cpuOk: f.cpuMsPerEvent <= sustained.aimCpuMsPerEvent,
  };
}

// `--profile-server DIR`: the servers of this section write V8 CPU profiles (and heap profiles) into DIR, to find
// what a sustained run spends its CPU and memory on (open them in Chrome DevTools or read them with a script).
const profileDir = process.argv.includes("--profile-server") ? process.argv[process.argv.indexOf("--profile-server") + 1] : undefined;
// `--quick`: only the in-memory run of this section (for profiling and trying changes).
const quick = process.argv.includes("--quick");
// KEPBOT_BENCH_NODE_ARGS: more flags for the servers' node (e.g. `--heapsnapshot-signal=SIGUSR2`).
const profileArgs = [
  ...(profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`, "--heap-prof", `--heap-prof-dir=${profileDir}`] : []),
  ...(process.env.KEPBOT_BENCH_NODE_ARGS?.split(/\s+/).filter(Boolean) ?? []),
];

export const sustainedSection = {
  name: "sustainedEvents",
  title: `Sustained events on ONE server (dist/app/main.js): ${sustained.rate} pull_request synchronize/labeled deliveries/s (every synchronize a new commit) for ${sustained.seconds} s, after ${sustained.warmUpSeconds} s of the same, over ${sustained.prs} PRs, open-loop (at most ${sustained.maxInFlight} in flight), stand-in latency ${sustained.latencyMs} ms`,
  async run() {
    const lib = await loadSupport();
    const options = {
      rate: sustained.rate,
      seconds: sustained.seconds,
      prs: sustained.prs,
      maxInFlight: sustained.maxInFlight,
      env: { KEPBOT_WRITES_PER_MINUTE: String(sustained.writesPerMinute), KEPBOT_WRITE_CONCURRENCY: String(sustained.writeConcurrency), ...(process.env.KEPBOT_WORKERS ? { KEPBOT_WORKERS: process.env.KEPBOT_WORKERS } : {}) },
      nodeArgs: profileArgs,
    };
    // The default single instance: no Redis, the in-memory queue.
    const mixed = await run(lib, options);
    // Pushes alone: what a delivery that reads, judges and writes costs, without Prow's label events, which read the config at most once in 10 s.
    const pushes = await run(lib, { ...options, pushesOnly: true });
    const full = { ...mixed, pushesOnly: { cpuMsPerEvent: pushes.cpuMsPerEvent, coldCpuMsPerEvent: pushes.coldCpuMsPerEvent, requestsPerDelivery: pushes.requestsPerDelivery, lost: pushes.lost }, floor: await floorRun(lib, { rate: sustained.rate, seconds: sustained.seconds, nodeArgs: profileArgs }) };
    // The same with REDIS_URL (BullMQ), when redis-server is installed.
    let redis;
    let withRedis;
    if (quick) return { ...full, ...judge(full), budget: undefined };
    if (redisServerBinary()) {
      try {
        redis = await startRedis(lib);
        withRedis = await run(lib, { ...options, redisUrl: redis.url });
        withRedis = { ...withRedis, ...judge(withRedis) };
      } finally {
        await redis?.stop();
      }
    }
    const b = sustained.budget;
    const budget = await run(lib, {
      rate: b.rate,
      seconds: b.seconds,
      prs: 20,
      maxInFlight: sustained.maxInFlight,
      env: { KEPBOT_WRITES_PER_MINUTE: String(b.writesPerMinute) },
      drainSeconds: b.drainSeconds,
      warmUp: false,
    });
    return { ...full, ...judge(full), withRedis, budget };
  },
  rows: (f) => [
    ...runRows("in-memory queue (no REDIS_URL)", f),
    ...(f.budget ? laterRunRows(f) : []),
  ],
};

function laterRunRows(f) {
  return [
    ...(f.withRedis ? runRows("BullMQ queue (REDIS_URL, a local redis-server)", f.withRedis) : [["BullMQ queue (REDIS_URL)", "not run: redis-server is not installed"]]),
    [`default write budget (KEPBOT_WRITES_PER_MINUTE=${sustained.budget.writesPerMinute}), ${f.budget.sent} deliveries at ${sustained.budget.rate}/s, cold:`, ""],
    [
      "  within " + sustained.budget.drainSeconds + " s of the last send",
      `${f.budget.answered200} × 200, ${f.budget.failed} failed, ${f.budget.unanswered} unanswered; ${f.budget.checkRunsCompleted} check runs completed (${f.budget.lost} not yet)`,
    ],
    ["  send → answer p50 / max (of the 200s)", `${f.budget.p50Ms.toFixed(0)} / ${f.budget.maxMs.toFixed(0)} ms`],
  ];
}

function runRows(label, f) {
  const verdict = (ok) => (ok ? "ok" : "MISSED");
  return [
    [label, ""],
    ["  sent", `${f.sent} in ${f.sendSeconds.toFixed(1)} s (${f.sentPerSecond.toFixed(1)}/s; sender held back by the in-flight cap ${f.capWaits} times, max lag ${f.maxSendLagMs.toFixed(0)} ms)`],
    ["  answered", `${f.answered200} × 200, ${f.answered202} × 202, ${f.failed} failed, ${f.unanswered} unanswered`],
    ["  backlog", `${f.handled} of ${f.sent} deliveries worked off, ${f.checkRunsCompleted} check runs completed for ${f.pushesSent} pushes (Prow's labels need none), drained ${f.drainSeconds.toFixed(1)} s after the first send (${f.lost} lost)`],
    ["  send → answer p50 / p99 / max", `${f.p50Ms.toFixed(0)} / ${f.p99Ms.toFixed(0)} / ${f.maxMs.toFixed(0)} ms`],
    ["  send → check run completed p50 / p99 (pushes)", `${f.completionP50Ms.toFixed(0)} / ${f.completionP99Ms.toFixed(0)} ms`],
    ["  CPU: server / stand-in + sender", `${f.serverCpuSeconds?.toFixed(1) ?? "?"} s / ${f.standInCpuSeconds.toFixed(1)} s until drained (2 cores)`],
    ["  requests to GitHub per delivery", f.requestsPerDelivery.toFixed(1)],
    ["  server peak RSS (VmHWM)", f.peakMB === undefined ? "unknown" : `${f.peakMB.toFixed(0)} MB (${f.startMB?.toFixed(0)} MB once started, ${f.warmMB?.toFixed(0)} MB after the warm-up)`],
    ["  at the highest RSS sampled (2/s): V8 heap used / total, external", `${f.atPeak.heapUsedMB.toFixed(0)} / ${f.atPeak.heapTotalMB.toFixed(0)} MB, ${f.atPeak.externalMB.toFixed(0)} MB (RSS ${f.atPeak.rssMB.toFixed(0)} MB)`],
    ["  invalid / unimplemented requests (must be 0)", `${f.invalidRequests} / ${f.unimplementedRequests}  ${verdict(f.invalidRequests === 0 && f.unimplementedRequests === 0)}`],
    [`  Aim: handled ${sustained.rate} events/s, backlog drained, none lost`, `${f.handledPerSecond.toFixed(1)} events/s, ${f.lost} lost  ${verdict(f.rateOk)}`],
    [`  Aim: send → answer p99 ≤ ${sustained.aimP99Ms / 1000} s`, `${f.p99Ms.toFixed(0)} ms  ${verdict(f.p99Ok)}`],
    [`  Aim: server peak memory ≤ ${sustained.aimPeakMB} MB`, `${f.peakMB?.toFixed(0) ?? "?"} MB  ${verdict(f.peakOk)}`],
    [`  Aim: server CPU per event ≤ ${sustained.aimCpuMsPerEvent} ms (after ${f.warmUpSeconds} s of the same load)`, `${f.cpuMsPerEvent.toFixed(1)} ms  ${verdict(f.cpuOk)}`],
    ...(f.coldCpuMsPerEvent !== undefined ? [[`  · in those first ${f.warmUpSeconds} s (V8 still compiling what the load runs hot)`, `${f.coldCpuMsPerEvent.toFixed(1)} ms`]] : []),
    ...(f.pushesOnly
      ? [
          [
            `  the same rate, pushes only (each read, judged and checked): CPU per push`,
            `${f.pushesOnly.cpuMsPerEvent.toFixed(1)} ms (${f.pushesOnly.coldCpuMsPerEvent?.toFixed(1) ?? "?"} ms in the first seconds), ${f.pushesOnly.requestsPerDelivery.toFixed(1)} requests to GitHub each (${f.pushesOnly.lost} lost)`,
          ],
        ]
      : []),
    ...(f.floor
      ? [
          [
            `  floor: CPU per pull_request.closed delivery (queued and dispatched, no handler, ${f.floor.requests} requests to GitHub)`,
            `${f.floor.cpuMsPerEvent.toFixed(1)} ms (${f.floor.answered200} of ${f.floor.sent} answered 200)${f.pushesOnly ? `; a push costs ${((f.pushesOnly.cpuMsPerEvent - f.floor.cpuMsPerEvent) / f.pushesOnly.requestsPerDelivery).toFixed(1)} ms above it per request to GitHub and its share of the judgement` : ""}`,
          ],
        ]
      : []),
  ];
}
