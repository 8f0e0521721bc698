import type { Profile } from "../schemas/config.schema.js";
import type { UpstreamCheck } from "./upstream-checks.js";

/** What `kepbot history` found: the types its replay produces and its report renders. */
export type Counts = Record<string, number>;

/** What kepbot would have said on one merged pull request. */
export interface PullRequestVerdict {
  readonly merge: string;
  readonly number?: number;
  readonly mergedAt: string;
  readonly subject: string;
  /** Errors that would have blocked it, by rule (in `default`: only what it introduced). */
  readonly blockedBy: Counts;
  readonly newFindings: Counts;
  readonly oldFindings: Counts;
  /** Errors of upstream rules whose check upstream did not run then (added or changed later): counted apart. */
  readonly laterChecks: Counts;
  /** The head did not merge cleanly into the base; it was judged as it was. */
  readonly unmerged: boolean;
  /** The base's config was invalid, so the defaults judged it. */
  readonly configProblem?: string;
}

/** A check upstream ran differently when some of the replayed pull requests merged, and since when it runs as kepbot's port. */
export interface LaterCheck {
  readonly check: UpstreamCheck;
  readonly reason: string;
  readonly since?: string;
}

export interface Replay {
  readonly profile: Profile;
  readonly pullRequests: readonly PullRequestVerdict[];
  readonly laterChecks: ReadonlyMap<string, LaterCheck>;
}

