import type { GitHubPort, PrRef } from "../github/port.js";
import type { RunLedger } from "./check-publisher.js";

/** A delivery's logger (pino's shape): every line names the delivery. */
export interface Logger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

/** What every handler of a delivery works with: GitHub, a logger that names the delivery, a clock. */
export interface ReconcileDeps {
  readonly github: GitHubPort;
  readonly log: Logger;
  readonly now: () => Date;
  /** How long a verdict may take before the check shows as in progress (default: inProgressAfterMs). */
  readonly showProgressAfterMs?: number;
  /** The most of the process's time (ms) parsing and rules may take for one judgement; none when undefined. */
  readonly workBudgetMs?: number;
  /** Where runs shown in progress are recorded for the sweep (none: not recorded). */
  readonly runs?: RunLedger;
  /** The delivery is being tried again (an earlier attempt failed or its worker died): adopt a run it left in progress. */
  readonly retaken?: boolean;
}

/** The pull request at the head that is to be judged, as an event describes it. */
export interface PullRequestTarget extends PrRef {
  readonly headSha: string;
  readonly baseSha: string;
  readonly author: string;
  readonly labels: readonly string[];
  readonly requestedReviewers: readonly string[];
  /** From the payload when it says (pull_request events); undefined otherwise. */
  readonly changedFiles?: number;
  readonly body?: string;
}

