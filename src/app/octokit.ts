import { ProbotOctokit } from "probot";
import { createHttpFetch, type FetchLike } from "./http-fetch.js";
import { createPacer } from "./pacing.js";

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

/** A `fetch` that gives up after `timeoutMs`, so that a stalled GitHub cannot hold a delivery forever. */
function fetchWithDeadline(timeoutMs: number, send: FetchLike): FetchLike {
  return (input, init) => {
    const deadline = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, deadline]) : deadline;
    return send(input, { ...init, signal });
  };
}

/**
 * Probot's Octokit with kepbot's fault handling, all in kepbot's pacer (pacing.ts): retries of 5xx and timeouts,
 * rate limits and secondary limits, the pacing of content writes; requests go out over http-fetch.ts. Octokit's
 * throttling and retry plugins are off: with Probot's settings the first gives up on secondary limits and paces
 * notifying writes 3 s apart, and both build Bottleneck limiters whose CPU per request was about that of the rest
 * of Octokit's request path.
 */
export function createKepbotOctokit(settings: OctokitSettings): typeof ProbotOctokit {
  // One fetch, and so one pool of kept-alive sockets, for every Octokit of the class: Probot makes one for each
  // delivery, and a pool of its own would open (and on github.com, TLS-handshake) new connections every time.
  const fetch = fetchWithDeadline(settings.timeoutMs, createHttpFetch({ maxSockets: settings.maxConcurrentRequests }));
  const Octokit = ProbotOctokit.defaults((options: { request?: Record<string, unknown> }) => ({
    ...options,
    // Retries and rate limits are the pacer's (pacing.ts).
    throttle: { enabled: false },
    retry: { enabled: false },
    request: { ...options.request, fetch },
  }));
  // One pacer per Octokit class, which main.ts makes once: every installation's requests share the process's budget.
  const paced = createPacer(settings);
  return Octokit.plugin((octokit) => {
    octokit.hook.wrap("request", (request, options) => paced.run(options, async () => request(options), octokit.log));
    // Writes that must not be retried blindly (check-run creation, see OctokitGitHub) read kepbot's retry policy here.
    return { kepbotRetry: { retries: settings.retries, retryBaseMs: settings.retryBaseMs } };
  });
}
