/**
 * Fault injection for the GitHub stand-in: a seeded PRNG picks about `rate` of the requests and answers them the
 * way GitHub fails, before the stand-in looks at them (so a faulted write never changes any state), except `lost`.
 *
 * - `5xx`: 502 `{ message: "Server Error" }` (GitHub's load balancer under strain);
 * - `429`: the primary rate limit, 429 with `retry-after: 1`, `x-ratelimit-remaining: 0` and a reset a second ahead;
 * - `secondary`: 403 "You have exceeded a secondary rate limit…" with `retry-after: 1`;
 * - `stall`: no answer for `stallMs`; the socket is held, then answered 504 (unless the client gave up first).
 * - `lost`: the one kind that IS handled: the write happens, then its answer is held for `stallMs` and replaced
 *   by a 504, as when GitHub's front end gives up on a back end that finishes the work anyway. A client that
 *   retries such a write blindly makes it twice.
 */

export type FaultKind = "5xx" | "429" | "secondary" | "stall" | "lost";

export const FAULT_KINDS: readonly FaultKind[] = ["5xx", "429", "secondary", "stall", "lost"];

export interface FaultOptions {
  /** the share of eligible requests that fail, 0..1 */
  rate: number;
  /** the PRNG seed (default 1): the same seed and the same request order give the same faults */
  seed?: number;
  /** what a faulted request gets, picked uniformly */
  kinds: FaultKind[];
  /** how long a stall holds the socket before answering 504 (default 10 000 ms) */
  stallMs?: number;
  /**
   * Requests never faulted, matched against `"METHOD /path"` (path without `/api/v3`, GraphQL as `/graphql`).
   * Default: {@link TOKEN_ENDPOINT}, the installation-token request. Probot's auth path has no retry, so a
   * faulted token request fails the whole delivery; pass a regex that never matches (e.g. `/$^/`) to fault it too.
   */
  exclude?: RegExp;
}

/** `POST /app/installations/{id}/access_tokens`: excluded from faults unless `exclude` says otherwise. */
export const TOKEN_ENDPOINT = /^POST \/app\/installations\/[^/]+\/access_tokens$/;

export const DEFAULT_STALL_MS = 10_000;

export interface InjectedFault {
  kind: FaultKind;
  method: string;
  path: string;
  operationId?: string;
  /** Date.now() when the fault was decided */
  at: number;
}

export interface FaultReply {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

/** mulberry32: a small, fast, seedable PRNG with a uniform [0, 1) output. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Decides, request by request, whether and how to fail. Each eligible request draws once (twice when faulted). */
export class FaultInjector {
  private readonly random: () => number;
  readonly stallMs: number;
  private readonly exclude: RegExp;

  constructor(readonly options: FaultOptions) {
    if (!(options.rate >= 0 && options.rate <= 1)) throw new Error(`faults.rate must be within 0..1, got ${options.rate}`);
    if (options.kinds.length === 0) throw new Error("faults.kinds must name at least one kind");
    for (const kind of options.kinds) if (!FAULT_KINDS.includes(kind)) throw new Error(`unknown fault kind ${JSON.stringify(kind)}`);
    this.random = mulberry32(options.seed ?? 1);
    this.stallMs = options.stallMs ?? DEFAULT_STALL_MS;
    // Without the g and y flags: test() must not carry lastIndex from one request to the next.
    const exclude = options.exclude ?? TOKEN_ENDPOINT;
    this.exclude = new RegExp(exclude.source, exclude.flags.replace(/[gy]/g, ""));
  }

  /** The fault for this request, or undefined to handle it normally. */
  pick(method: string, path: string): FaultKind | undefined {
    if (this.exclude.test(`${method} ${path}`)) return undefined;
    if (this.random() >= this.options.rate) return undefined;
    const kinds = this.options.kinds;
    return kinds[Math.min(kinds.length - 1, Math.floor(this.random() * kinds.length))];
  }
}

/** What GitHub answers for each kind (a stall's eventual 504 included). */
export function faultReply(kind: FaultKind, installationId: number, now = Date.now()): FaultReply {
  const docs = "https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api";
  switch (kind) {
    case "5xx":
      return { status: 502, body: { message: "Server Error" }, headers: {} };
    case "429":
      return {
        status: 429,
        body: { message: `API rate limit exceeded for installation ID ${installationId}.`, documentation_url: docs, status: "429" },
        headers: {
          "retry-after": "1",
          "x-ratelimit-remaining": "0",
          // the quota resets within the second, as `retry-after: 1` says
          "x-ratelimit-reset": String(Math.floor(now / 1000) + 1),
        },
      };
    case "secondary":
      return {
        status: 403,
        body: {
          message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
          documentation_url: docs,
          status: "403",
        },
        headers: { "retry-after": "1" },
      };
    case "stall":
    case "lost":
      return {
        status: 504,
        body: { message: "We couldn't respond to your request in time. Sorry about that. Please try resubmitting your request and contact us if the problem persists." },
        headers: {},
      };
  }
}
