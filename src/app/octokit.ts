import Bottleneck from "bottleneck";
import { ProbotOctokit } from "probot";

/** How kepbot talks to GitHub under load: retries, pacing of content writes, and a deadline per request. */
export interface OctokitSettings {
  /** Retries of a request that failed with a 5xx, a timeout, or a rate limit. */
  readonly retries: number;
  /** The first retry waits this long; later ones back off. */
  readonly retryBaseMs: number;
  /** A request that has not answered by then is abandoned (and retried). */
  readonly timeoutMs: number;
  /**
   * Content-creating requests (check runs, comments, labels) allowed per minute and installation: GitHub's
   * secondary limit is about 80 a minute. Unlike Octokit's default (one write per second), bursts go at once.
   */
  readonly writesPerMinute: number;
  /**
   * Content writes in flight at once. Octokit's limiter is one per process (its key is not the
   * installation), so a strict 1 would serialize every installation's writes behind each other.
   */
  readonly writeConcurrency: number;
  /** Requests to GitHub in flight at once per process (Octokit's default is 10; GitHub allows about 100). */
  readonly maxConcurrentRequests: number;
  /** The longest `retry-after` kepbot honours before giving up on a request. */
  readonly maxRetryAfterSeconds: number;
}

export function octokitSettings(env: NodeJS.ProcessEnv): OctokitSettings {
  const number = (name: string, fallback: number): number => {
    const value = Number(env[name]);
    return env[name] !== undefined && Number.isFinite(value) && value >= 0 ? value : fallback;
  };
  return {
    retries: number("KEPBOT_RETRIES", 3),
    retryBaseMs: number("KEPBOT_RETRY_BASE_MS", 500),
    timeoutMs: number("KEPBOT_REQUEST_TIMEOUT_MS", 8_000),
    // Octokit sends GraphQL reads through the write limiter too: 160 leaves GitHub's 80 content writes a minute
    // room beside kepbot's one GraphQL query per delivery.
    writesPerMinute: number("KEPBOT_WRITES_PER_MINUTE", 160),
    writeConcurrency: Math.max(1, number("KEPBOT_WRITE_CONCURRENCY", 4)),
    maxConcurrentRequests: Math.max(1, number("KEPBOT_MAX_CONCURRENT_REQUESTS", 50)),
    maxRetryAfterSeconds: number("KEPBOT_MAX_RETRY_AFTER_SECONDS", 60),
  };
}

interface ThrottleOptions {
  connection?: Bottleneck.IORedisConnection;
  Bottleneck?: typeof Bottleneck;
  [key: string]: unknown;
}

type RequestOptions = { method: string; url: string; request: { retryCount: number } };
type Logged = { log: { warn(message: string): void } };

interface Limiters {
  readonly global: Bottleneck.Group;
  readonly write: Bottleneck.Group;
  readonly notifications: Bottleneck.Group;
}

let limiters: Limiters | undefined;

/**
 * The throttling plugin's limiter groups, replaced once per process. They stay in the process even when
 * Probot offers a Redis connection (REDIS_URL): Bottleneck's clustered limiters wait for Redis, so a Redis
 * outage would hold every request; the budgets are therefore per replica. Octokit's defaults serialize every write one second apart and every write that
 * notifies (comments, review requests) three seconds apart, per process: a burst of KEP PRs would queue
 * for minutes. kepbot spends a per-minute budget instead, and lets more requests run at once.
 */
function throttleLimiters(settings: OctokitSettings): Limiters {
  const Group = Bottleneck.Group;
  limiters ??= {
    global: new Group({ id: "kepbot-global", maxConcurrent: settings.maxConcurrentRequests }),
    write: new Group({
      id: "kepbot-write",
      maxConcurrent: settings.writeConcurrency,
      minTime: 0,
      reservoir: settings.writesPerMinute,
      reservoirRefreshAmount: settings.writesPerMinute,
      reservoirRefreshInterval: 60_000,
    }),
    // Notifying writes already draw on the write budget; no second, slower queue for them.
    notifications: new Group({ id: "kepbot-notifications", maxConcurrent: settings.writeConcurrency, minTime: 0 }),
  };
  return limiters;
}

/** A `fetch` that gives up after `timeoutMs`, so that a stalled GitHub cannot hold a delivery forever. */
function fetchWithDeadline(timeoutMs: number): typeof fetch {
  return (input, init) => {
    const deadline = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, deadline]) : deadline;
    return fetch(input, { ...init, signal });
  };
}

/**
 * Probot's Octokit with kepbot's fault handling: retries on 5xx and timeouts, rate limits and
 * secondary rate limits retried after GitHub's `retry-after` (Probot's own handler gives up on
 * secondary limits), and content writes paced by a per-minute budget rather than one per second.
 */
export function createKepbotOctokit(settings: OctokitSettings): typeof ProbotOctokit {
  const retryAfter = (kind: string) => (seconds: number, options: RequestOptions, octokit: Logged) => {
    const retry = options.request.retryCount < settings.retries && seconds <= settings.maxRetryAfterSeconds;
    octokit.log.warn(`${kind} on ${options.method} ${options.url}: ${retry ? `retrying in ${seconds} s` : "giving up"}`);
    return retry;
  };
  const Octokit = ProbotOctokit.defaults((options: { throttle?: ThrottleOptions; request?: Record<string, unknown> }) => {
    // Without Probot's Redis connection: the plugin's own groups (auth, search) stay in the process too.
    const { connection: _connection, Bottleneck: _clustered, ...throttle } = options.throttle ?? {};
    return {
      ...options,
      throttle: {
        ...throttle,
        ...throttleLimiters(settings),
        onRateLimit: retryAfter("rate limit"),
        onSecondaryRateLimit: retryAfter("secondary rate limit"),
      },
      // Rate limits (403/429) are the throttling plugin's to retry after `retry-after`; retrying them here too
      // would double the attempts and ignore GitHub's wait.
      retry: { retries: settings.retries, retryAfterBaseValue: settings.retryBaseMs, doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451] },
      request: { ...options.request, fetch: fetchWithDeadline(settings.timeoutMs) },
    };
  });
  // Writes that must not be retried blindly (check-run creation, see OctokitGitHub) read kepbot's retry policy here.
  return Octokit.plugin(() => ({ kepbotRetry: { retries: settings.retries, retryBaseMs: settings.retryBaseMs } }));
}
