/**
 * Writes that must happen once. When the answer to a create is lost (a timeout, a broken connection, a 5xx),
 * GitHub may have made the thing all the same, and a blind retry makes it twice: a second check run (the
 * first, whose id kepbot never learned, left in progress for good), a second summary comment. So such
 * creates are sent without Octokit's retries, and after a lost answer kepbot looks for what the create made
 * and adopts it, sending again only when there is none. The common path costs the one request it always did.
 */

/** How often, and how patiently, a write whose answer was lost is tried again (kepbot's Octokit says; see octokit.ts). */
export interface RetryPolicy {
  readonly retries: number;
  readonly retryBaseMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { retries: 3, retryBaseMs: 1000 };

/**
 * Whether a failed request may have been carried out all the same: its answer timed out, the connection
 * broke, or a 5xx came back (GitHub's front end answers 502/504 for work its back end may still finish).
 * A 4xx, a rate limit included, means GitHub refused the request.
 */
export function answerMayBeLost(error: unknown): boolean {
  const status = (error as { status?: unknown } | undefined)?.status;
  return typeof status !== "number" || status >= 500;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** How long to wait before trying again after the `attempt`-th (0-based) lost answer: `retryBaseMs` × n². */
export function lostAnswerBackoffMs(retryBaseMs: number, attempt: number): number {
  return retryBaseMs * (attempt + 1) ** 2;
}

/**
 * Sends `create` (which must not retry by itself) until it answers, at most `policy.retries` more times;
 * after each lost answer, waits a little and returns what `findMade` finds instead of sending again.
 */
export async function createOnce<T>(policy: RetryPolicy, create: () => Promise<T>, findMade: () => Promise<T | undefined>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await create();
    } catch (error) {
      if (!answerMayBeLost(error)) throw error;
      await sleep(lostAnswerBackoffMs(policy.retryBaseMs, attempt));
      const made = await findMade();
      if (made !== undefined) return made;
      if (attempt >= policy.retries) throw error;
    }
  }
}
