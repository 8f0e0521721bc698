import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { Redis } from "ioredis";
import type { Context } from "probot";
import { ContentCache } from "../github/content-cache.js";
import { DryRunGitHub } from "../github/dry-run-github.js";
import { OctokitGitHub } from "../github/octokit-github.js";
import type { GitHubPort, RepoRef } from "../github/port.js";
import type { Config } from "../core/config.js";
import { configOnDefaultBranch, type Subject } from "./authority.js";
import { DegradingCoordinator, LocalCoordinator, RedisCoordinator, type Coordinator } from "./coordination.js";
import type { RunLedger } from "./check-publisher.js";
import { Metrics, routeOf } from "./metrics.js";
import { RecentConfigs, type ConfigBranch } from "./recent-configs.js";
import type { Logger, ReconcileDeps } from "./reconcile.js";
import { startSweeping, sweepSettings, type SweepSettings } from "./sweep.js";

/** What every handler shares in one process: metrics, coordination between replicas, dry-run. */
export interface Runtime {
  readonly metrics: Metrics;
  readonly coordinator: Coordinator;
  readonly dryRun: boolean;
  /** The app's slug (`APP_SLUG`, default `kepbot`): events sent by `<slug>[bot]` are kepbot's own writes. */
  readonly appSlug: string;
  /** The work budget of one judgement in ms (`KEPBOT_WORK_BUDGET_MS`, default 5000; 0: none). */
  readonly workBudgetMs: number;
  /** How long a verdict may take before its check shows in progress (`KEPBOT_PROGRESS_AFTER_MS`; default 1.5 s). */
  readonly progressAfterMs?: number;
  readonly sweep: SweepSettings;
  /**
   * Deliveries are deduplicated where they are enqueued (the webhook route, see main.ts), not by the handler:
   * a delivery the queue hands out again (its first worker died) must be handled again.
   */
  readonly dedupeAtIntake: boolean;
  /** Delivery ids being tried again by a worker (an earlier attempt failed or died): their handlers adopt runs left in progress. */
  readonly retaken: Set<string>;
  /** Content named by commit, read by earlier deliveries (`KEPBOT_CONTENT_CACHE_MB`, default 32; 0: none). */
  readonly contentCache?: ContentCache;
  /** The default branches' configurations as read lately (`KEPBOT_CONFIG_TTL_MS`, default 10 s; 0: read for every event). */
  readonly configs: RecentConfigs;
  /**
   * Starts the sweep of check runs left in progress by a stopped process (once per runtime; not in dry-run
   * mode, which creates no runs); `close` stops it.
   */
  startSweeping(githubFor: (installationId: number) => Promise<GitHubPort>, log: Pick<Logger, "info" | "warn">): void;
  close(): Promise<void>;
}

/** How much of the process's time, parsing and running rules, one judgement may take by default. */
export const defaultWorkBudgetMs = 5_000;

/** How often, at most, a Redis outage is logged (every delivery in it is counted in the metrics). */
const outageLogEveryMs = 60_000;

export function createRuntime(env: NodeJS.ProcessEnv, log?: Pick<Logger, "warn">, options: { dedupeAtIntake?: boolean } = {}): Runtime {
  const metrics = new Metrics();
  // A down Redis must fail fast, not queue commands forever (handling would hang).
  const redis = env.REDIS_URL ? new Redis(env.REDIS_URL, { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2_000, commandTimeout: 2_000, lazyConnect: false }) : undefined;
  redis?.on("error", () => undefined);
  const coordinator = redis ? degradingOn(new RedisCoordinator(redis, lockTtlOf(env)), metrics, log) : new LocalCoordinator();
  const sweep = sweepSettings(env);
  const progressAfterMs = Number(env.KEPBOT_PROGRESS_AFTER_MS);
  const dryRun = env.DRY_RUN === "true";
  let sweeping: { stop(): void } | undefined;
  const contentCacheMB = nonNegativeSetting(env, "KEPBOT_CONTENT_CACHE_MB", 32);
  return {
    metrics,
    coordinator,
    dryRun,
    appSlug: env.APP_SLUG ?? "kepbot",
    workBudgetMs: nonNegativeSetting(env, "KEPBOT_WORK_BUDGET_MS", defaultWorkBudgetMs),
    ...(env.KEPBOT_PROGRESS_AFTER_MS && Number.isFinite(progressAfterMs) && progressAfterMs >= 0 ? { progressAfterMs } : {}),
    sweep,
    dedupeAtIntake: options.dedupeAtIntake ?? false,
    retaken: new Set(),
    ...(contentCacheMB > 0 ? { contentCache: new ContentCache(contentCacheMB * 1_000_000) } : {}),
    configs: new RecentConfigs(nonNegativeSetting(env, "KEPBOT_CONFIG_TTL_MS", 10_000)),
    startSweeping(githubFor, sweepLog) {
      if (sweeping || dryRun) return;
      sweeping = startSweeping({ coordinator, githubFor, log: sweepLog, now: () => new Date(), leaseMs: sweep.leaseMs, onSwept: () => metrics.checkRunsSwept.inc() }, sweep.intervalMs);
    },
    close: async () => {
      sweeping?.stop();
      await redis?.quit().catch(() => undefined);
    },
  };
}

/** The lease of a pull request's lock in Redis (`KEPBOT_LOCK_TTL_MS`, default 30000), renewed while held: how long a dead holder blocks the pull request. */
function lockTtlOf(env: NodeJS.ProcessEnv): number {
  const value = Number(env.KEPBOT_LOCK_TTL_MS);
  return Number.isInteger(value) && value >= 100 ? value : 30_000;
}

/** A setting of 0 or more (0 turns the thing off), or `fallback` when unset or not such a number. */
function nonNegativeSetting(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const value = Number(env[name]);
  return env[name] !== undefined && env[name] !== "" && Number.isFinite(value) && value >= 0 ? value : fallback;
}

/** Redis when it answers; without it, this process coordinates alone, and the outage is logged and counted. */
function degradingOn(shared: Coordinator, metrics: Metrics, log: Pick<Logger, "warn"> | undefined): Coordinator {
  let lastLogged = 0;
  return new DegradingCoordinator(shared, (failure) => {
    metrics.storeUnavailable.inc({ operation: failure.operation });
    if (Date.now() - lastLogged < outageLogEveryMs) return;
    lastLogged = Date.now();
    log?.warn({ err: failure.cause }, "Redis did not answer: coordinating deliveries in this process only until it does");
  });
}

type AnyContext = Context<"pull_request" | "pull_request_review" | "check_run" | "check_suite" | "issue_comment" | "issues" | "push">;

/** The logger of one delivery: every line carries the delivery id, installation, repository and PR. */
export function deliveryLogger(context: AnyContext, pr: number | undefined): Logger {
  const payload = context.payload as { installation?: { id?: number }; repository?: { full_name?: string } };
  return context.log.child({ delivery: context.id, event: context.name, installation: payload.installation?.id, repository: payload.repository?.full_name, ...(pr !== undefined ? { pr } : {}) });
}

/** The default branch's configuration for a label event: read lately, or now (see recent-configs.ts). */
export function recentConfig(context: AnyContext, runtime: Runtime, github: GitHubPort, subject: Subject): Promise<Config> {
  return runtime.configs.get(configBranchOf(context, subject), () => configOnDefaultBranch(github, subject));
}

/** The default branch of a delivery's repository, in its installation: where label events read the configuration. */
export function configBranchOf(context: AnyContext, repo: RepoRef & { readonly defaultBranch: string }): ConfigBranch {
  return { installation: (context.payload as { installation?: { id?: number } }).installation?.id ?? "", owner: repo.owner, repo: repo.repo, branch: repo.defaultBranch };
}

/** The GitHub port of one delivery, counting its requests, with writes logged instead of made in dry-run mode. */
export function githubFor(context: AnyContext, runtime: Runtime, log: Logger): GitHubPort {
  const installation = String((context.payload as { installation?: { id?: number } }).installation?.id ?? "");
  context.octokit.hook.after("request", (response, options) => {
    runtime.metrics.githubRequests.inc({ route: routeOf(options), status: String(response.status) });
    const remaining = Number(response.headers["x-ratelimit-remaining"]);
    if (Number.isFinite(remaining)) runtime.metrics.rateLimitRemaining.set({ installation }, remaining);
  });
  context.octokit.hook.error("request", (error, options) => {
    runtime.metrics.githubRequests.inc({ route: routeOf(options), status: String((error as { status?: number }).status ?? "error") });
    throw error;
  });
  const github = new OctokitGitHub(context.octokit, undefined, runtime.contentCache?.scope(installation));
  return runtime.dryRun ? new DryRunGitHub(github, log) : github;
}

export function depsFor(context: AnyContext, runtime: Runtime, pr: number | undefined): ReconcileDeps {
  const log = deliveryLogger(context, pr);
  const installationId = (context.payload as { installation?: { id?: number } }).installation?.id;
  return {
    github: githubFor(context, runtime, log),
    log,
    now: () => new Date(),
    ...(runtime.workBudgetMs > 0 ? { workBudgetMs: runtime.workBudgetMs } : {}),
    ...(runtime.progressAfterMs !== undefined ? { showProgressAfterMs: runtime.progressAfterMs } : {}),
    ...(installationId !== undefined && !runtime.dryRun ? { runs: runLedger(runtime, installationId, log) } : {}),
    ...(runtime.retaken.has(context.id) ? { retaken: true } : {}),
  };
}

/** Records the runs a delivery shows in progress in the coordinator, for the sweep (see sweep.ts). */
function runLedger(runtime: Runtime, installationId: number, log: Logger): RunLedger {
  return {
    started: (repo, runId, headSha) =>
      runtime.coordinator.started({ ...repo, runId, installationId, headSha, startedAt: Date.now() }).catch((error: unknown) => {
        log.warn({ err: error, checkRun: runId }, "could not record the check run in progress; a crash now would leave it for a re-run");
        throw error;
      }),
    finished: (repo, runId) => runtime.coordinator.finished({ ...repo, runId }),
  };
}

/**
 * What identifies a delivery for deduplication: its id and a SHA-256 of its payload. The id travels in a
 * header the signature does not cover (`x-github-delivery`): keyed on the id alone, a signed body sent
 * under an id already seen (a captured delivery replayed with another's id) would be dropped, or would
 * make kepbot drop the genuine one. With the hash, only a true redelivery (GitHub's "Redeliver", a retry
 * after a timeout: same id, same body) is skipped.
 *
 * The hash is of the payload as parsed, re-serialized, not of the raw bytes: JSON.stringify of what
 * JSON.parse gave is deterministic, so the same body always gives the same hash, and a different one a
 * different hash (bodies differing only in whitespace are the same event anyway). This needs no side
 * channel from the HTTP intake to the handler (Probot parses the body and builds the context), and it
 * works the same for deliveries that never crossed HTTP (probot.receive in tests, serverless adapters).
 */
export function deliveryKey(delivery: { id: string; payload: unknown } | { id: string; body: Uint8Array }): string {
  const bytes = "body" in delivery ? delivery.body : JSON.stringify(delivery.payload);
  return `${delivery.id}:${createHash("sha256").update(bytes).digest("hex")}`;
}

/** Claims a delivery (see deliveryKey): false when it was seen before. Without the shared store, it counts as new. */
export function claim(runtime: Pick<Runtime, "coordinator">, delivery: Parameters<typeof deliveryKey>[0], log: Pick<Logger, "warn">): Promise<boolean> {
  return runtime.coordinator.claimDelivery(deliveryKey(delivery)).catch((error: unknown) => {
    // Without the shared store, handling twice beats not handling: every write kepbot makes is idempotent.
    log.warn({ err: error }, "could not record the delivery; handling it anyway");
    return true;
  });
}

/**
 * Runs a delivery's work once (a redelivery, same id and same payload, is skipped), under the pull
 * request's lock so that concurrent events on one PR converge, and records its outcome and time.
 */
export async function handleDelivery(context: AnyContext, runtime: Runtime, lockKey: string | undefined, work: () => Promise<void>): Promise<void> {
  const action = (context.payload as { action?: string }).action ?? "";
  const stop = runtime.metrics.handlingSeconds.startTimer({ event: context.name });
  const fresh = runtime.dedupeAtIntake || (await claim(runtime, context, context.log));
  if (!fresh) {
    runtime.metrics.events.inc({ event: context.name, action, outcome: "duplicate" });
    stop();
    return;
  }
  try {
    await (lockKey ? runtime.coordinator.withLock(lockKey, work) : work());
    runtime.metrics.events.inc({ event: context.name, action, outcome: "ok" });
  } catch (error) {
    runtime.metrics.events.inc({ event: context.name, action, outcome: "error" });
    throw error;
  } finally {
    stop();
  }
}

/** HTTP routes besides the webhook: readiness and Prometheus metrics. */
export function routes(runtime: Runtime) {
  return async (request: IncomingMessage, response: ServerResponse): Promise<boolean> => {
    const path = (request.url ?? "").split("?")[0];
    if (request.method !== "GET") return false;
    if (path === "/metrics") {
      response.writeHead(200, { "content-type": runtime.metrics.registry.contentType });
      response.end(await runtime.metrics.registry.metrics());
      return true;
    }
    if (path === "/ready") {
      const store = await runtime.coordinator.healthy();
      response.writeHead(store ? 200 : 503, { "content-type": "application/json" });
      response.end(JSON.stringify({ ready: store, store: store ? "ok" : "unreachable", dryRun: runtime.dryRun }));
      return true;
    }
    return false;
  };
}
