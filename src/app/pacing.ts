import PQueue from "p-queue";
import { answerMayBeLost, lostAnswerBackoffMs } from "../github/write-once.js";

/**
 * How kepbot paces its requests to GitHub and waits out GitHub's rate limits, in place of Octokit's throttling
 * plugin. That plugin schedules every request through several Bottleneck limiters, which cost about 0.7 ms of CPU
 * and 2 ms of waiting per request (about a sixth of a typical event's CPU; see `npm run bench`). This does the same
 * with one light queue or two:
 *
 * - at most `maxConcurrentRequests` requests in flight per process;
 * - content writes (anything but GET/HEAD and GraphQL queries; GraphQL mutations count) at most
 *   `writesPerMinute` a minute, `writeConcurrency` at once: GitHub's secondary limit is about 80 a minute;
 * - a request GitHub refuses for a rate limit (429, or 403 with no quota left or a secondary limit) is sent again
 *   after the wait GitHub asks for (`retry-after`, else the quota's reset, else a minute), at most `retries`
 *   times and only when that wait is at most `maxRetryAfterSeconds`; each such wait is logged;
 * - a request whose answer was a 5xx, a timeout or a broken connection is sent again after `retryBaseMs` × n²
 *   (n = 1, 2, …), at most `retries` times, or as many as the request's own `request.retries` says: a create that
 *   must not be made twice says 0 and looks for what it made instead (github/write-once.ts). This was Octokit's
 *   retry plugin's work, which built a Bottleneck limiter for every request.
 */
export interface PacingSettings {
  readonly retries: number;
  readonly retryBaseMs: number;
  readonly writesPerMinute: number;
  readonly writeConcurrency: number;
  readonly maxConcurrentRequests: number;
  readonly maxRetryAfterSeconds: number;
}

interface RequestOptions {
  readonly method?: string;
  readonly url?: string;
  readonly query?: unknown;
  /** Octokit's per-request options: `retries` caps the retries of a lost answer for this request. */
  readonly request?: object & { readonly retries?: number };
}

interface ResponseError {
  readonly status?: number;
  readonly message?: string;
  readonly response?: { readonly headers?: Readonly<Record<string, string | number | undefined>> };
}

type Log = { warn(message: string): void };

/** A content write as GitHub's secondary limits count them. */
export function isWrite(options: RequestOptions): boolean {
  const method = (options.method ?? "GET").toUpperCase();
  if (method === "GET" || method === "HEAD") return false;
  const path = (options.url ?? "").split("?")[0] ?? "";
  // An installation token is no content: it must not wait behind the writes it is needed for.
  if (/\/access_tokens$/.test(path)) return false;
  if (/\/graphql$/.test(path)) return typeof options.query === "string" && /^\s*mutation\b/.test(options.query);
  return true;
}

/** The seconds GitHub asks kepbot to wait before sending a refused request again; undefined when it is no rate limit. */
export function rateLimitWait(error: ResponseError, nowMs: number): number | undefined {
  const headers = error.response?.headers ?? {};
  const header = (name: string): string | undefined => (headers[name] === undefined ? undefined : String(headers[name]));
  const exhausted = header("x-ratelimit-remaining") === "0";
  const secondary = /secondary rate limit/i.test(error.message ?? "");
  if (!(error.status === 429 || (error.status === 403 && (exhausted || secondary || header("retry-after") !== undefined)))) return undefined;
  const retryAfter = Number(header("retry-after"));
  if (header("retry-after") !== undefined && Number.isFinite(retryAfter) && retryAfter >= 0) return retryAfter;
  const reset = Number(header("x-ratelimit-reset"));
  if (exhausted && Number.isFinite(reset)) return Math.max(0, Math.ceil(reset - nowMs / 1000));
  // GitHub: without retry-after, wait at least a minute before retrying a secondary limit.
  return 60;
}

export interface Pacer {
  /** Sends `send()` when the limits allow, again after a rate limit's wait or a lost answer (see above). */
  run<T>(options: RequestOptions, send: () => Promise<T>, log: Log): Promise<T>;
}

/** `sleep` and `windowMs` (the write budget's window, a minute) are the tests' to shorten. */
export function createPacer(settings: PacingSettings, sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)), windowMs = 60_000): Pacer {
  const all = new PQueue({ concurrency: Math.max(1, settings.maxConcurrentRequests) });
  // strict: a sliding minute (no more than the budget in any 60 s), and no timer left once the queue is idle.
  const writes = new PQueue({ concurrency: Math.max(1, settings.writeConcurrency), intervalCap: Math.max(1, settings.writesPerMinute), interval: windowMs, strict: true });
  const once = <T>(options: RequestOptions, send: () => Promise<T>): Promise<T> => (isWrite(options) ? writes.add(() => all.add(send)) : all.add(send));
  return {
    async run(options, send, log) {
      for (let attempt = 0; ; attempt++) {
        try {
          return await once(options, send);
        } catch (error) {
          const wait = rateLimitWait(error as ResponseError, Date.now());
          if (wait === undefined) {
            if (!answerMayBeLost(error) || attempt >= (options.request?.retries ?? settings.retries)) throw error;
            await sleep(lostAnswerBackoffMs(settings.retryBaseMs, attempt));
            continue;
          }
          const retry = attempt < settings.retries && wait <= settings.maxRetryAfterSeconds;
          const kind = /secondary rate limit/i.test((error as ResponseError).message ?? "") ? "secondary rate limit" : "rate limit";
          log.warn(`${kind} on ${options.method ?? "GET"} ${options.url ?? ""}: ${retry ? `retrying in ${wait} s` : "giving up"}`);
          if (!retry) throw error;
          await sleep(wait * 1000);
        }
      }
    },
  };
}
