import type { ChangedFile } from "../core/change-set.js";

export interface RepoRef {
  readonly owner: string;
  readonly repo: string;
}

export interface PrRef extends RepoRef {
  readonly number: number;
}

export interface PullRequest {
  readonly number: number;
  readonly headSha: string;
  readonly baseSha: string;
  readonly author: string;
  readonly labels: readonly string[];
  readonly requestedReviewers: readonly string[];
  readonly changedFiles: number;
  readonly state: "open" | "closed";
  readonly body?: string;
}

/** A changed file with the head-side line ranges its diff shows (review comments may only go there). */
export interface PullRequestFile extends ChangedFile {
  readonly diffRanges: readonly (readonly [number, number])[];
}

/** One blob to read: a path at a commit (or `HEAD` of another repository's default branch). */
export interface BlobRequest extends RepoRef {
  readonly ref: string;
  readonly path: string;
}

export type ReviewState = "APPROVED" | "CHANGES_REQUESTED" | "COMMENTED" | "DISMISSED" | "PENDING";

export interface Review {
  readonly author: string;
  readonly state: ReviewState;
  readonly submittedAt?: string;
}

/** A comment kepbot may have written earlier: found again by the hidden marker in its body. */
export interface BotComment {
  readonly id: number;
  readonly body: string;
  readonly byBot: boolean;
}

/** What one round trip learns about a pull request besides its files. */
export interface PullRequestActivity {
  /** The labels as they are now (an event's payload may be older than a label change). */
  readonly labels?: readonly string[];
  /** The pull request's head now: an event about an older head is superseded. */
  readonly headSha?: string;
  readonly reviews: readonly Review[];
  readonly comments: readonly BotComment[];
  /** First comment of each review thread (kepbot's suggestions carry a marker there). */
  readonly reviewThreadComments: readonly BotComment[];
}

export type CheckConclusion = "success" | "failure" | "neutral";

export interface Annotation {
  readonly path: string;
  readonly start_line: number;
  readonly end_line: number;
  readonly annotation_level: "notice" | "warning" | "failure";
  readonly message: string;
  readonly title?: string;
}

export interface CheckRunOutput {
  readonly title: string;
  readonly summary: string;
  readonly annotations?: readonly Annotation[];
}

export interface CheckRunUpdate {
  readonly status?: "in_progress" | "completed";
  readonly conclusion?: CheckConclusion;
  readonly completedAt?: string;
  readonly output?: CheckRunOutput;
}

/**
 * Everything kepbot asks of GitHub, and nothing more. One implementation talks to GitHub through
 * Octokit; an in-memory fake serves the handler tests.
 */
export interface GitHubPort {
  getPullRequest(pr: PrRef): Promise<PullRequest>;
  /** Changed files, paginated up to `limit` (GitHub serves at most 3,000). */
  listChangedFiles(pr: PrRef, limit: number): Promise<readonly PullRequestFile[]>;
  /** Every regular file of a commit (one recursive tree request). */
  listTree(repo: RepoRef, sha: string): Promise<readonly string[]>;
  /**
   * Reads many blobs in one batch; a missing file maps to undefined. Keys are `blobKey(request)`.
   * With `pr`, the same round trip also returns the pull request's reviews and comments.
   */
  readBlobs(requests: readonly BlobRequest[], pr?: PrRef): Promise<{ readonly blobs: ReadonlyMap<string, Uint8Array | undefined>; readonly activity?: PullRequestActivity }>;
  /** The `external_id`s kepbot's earlier check runs in a check suite carry (the PR number, also for forks). */
  checkRunExternalIds(repo: RepoRef, checkSuiteId: number, name: string): Promise<readonly string[]>;
  /** Whether `login` is an active member of the team `org/team`. */
  isTeamMember(org: string, team: string, login: string): Promise<boolean>;
  createCheckRun(repo: RepoRef, spec: { readonly name: string; readonly headSha: string; readonly externalId: string; readonly startedAt: string }): Promise<number>;
  updateCheckRun(repo: RepoRef, id: number, update: CheckRunUpdate): Promise<void>;
  addLabels(pr: PrRef, labels: readonly string[]): Promise<void>;
  removeLabel(pr: PrRef, label: string): Promise<void>;
  createComment(pr: PrRef, body: string): Promise<number>;
  updateComment(repo: RepoRef, id: number, body: string): Promise<void>;
  createReviewComment(pr: PrRef, comment: { readonly commitId: string; readonly path: string; readonly line: number; readonly body: string }): Promise<void>;
  requestReviewers(pr: PrRef, logins: readonly string[]): Promise<void>;
}

export function blobKey(request: BlobRequest): string {
  return `${request.owner}/${request.repo}@${request.ref}:${request.path}`;
}
