import type { ChangedFile } from "../core/change-set.js";
import type { EnhancementIssue } from "../core/tracking/enhancement-issue.js";

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
  /** The base branch's name: its tip, read when a check or command runs, is what kepbot trusts. */
  readonly baseRef: string;
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
  /** The commit the review was made on: an approval speaks for the content it saw. */
  readonly commitId?: string;
}

/** A comment kepbot may have written earlier: found again by the hidden marker in its body. */
export interface BotComment {
  readonly id: number;
  readonly body: string;
  readonly byBot: boolean;
}

/** A pull request's activity: what decides approvals, and where kepbot's own comments are. */
export interface PullRequestActivity {
  /** The labels as they are now (an event's payload may be older than a label change). */
  readonly labels: readonly string[];
  readonly reviews: readonly Review[];
  readonly comments: readonly BotComment[];
  /** First comment of each review thread (kepbot's suggestions carry a marker there). */
  readonly reviewThreadComments: readonly BotComment[];
}

/** GitHub's test merge of a pull request's head into its base: what CI tests, and what would land. */
export interface TestMerge {
  readonly sha: string;
  /** The base commit GitHub merged the head into (the base branch's tip when it computed the merge). */
  readonly baseSha: string;
}

/** What one round trip learns about a pull request before judging it. */
export interface PullRequestState {
  /** The pull request's head now: an event about an older head is superseded. */
  readonly headSha: string;
  /** The base branch's tip now. */
  readonly baseTip: string;
  /** The test merge of this very head, when GitHub has computed it (none while it computes, or when they conflict). */
  readonly merge?: TestMerge;
  readonly activity: PullRequestActivity;
}

/** Files to read in the same round trip, by path: from the test merge, and from the base branch's tip. */
export interface PullRequestReads {
  readonly merged: readonly string[];
  readonly base: readonly string[];
  /**
   * Paths whose blob ids (git's hash of the content, no content) to read at the head commit the delivery
   * named: what tells whether a file changed since an approval of an earlier commit.
   */
  readonly headIds?: { readonly sha: string; readonly paths: readonly string[] };
}

/** What `readPullRequest` answers. Blob ids are keyed by `blobKey` at the head, like blobs. */
export interface PullRequestRead {
  readonly state: PullRequestState;
  readonly blobs: ReadonlyMap<string, Uint8Array | undefined>;
  readonly blobIds: ReadonlyMap<string, string | undefined>;
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

export interface CheckRunSpec {
  readonly name: string;
  readonly headSha: string;
  /** The pull request's number: the Checks API loses it for forks, kepbot finds it again here. */
  readonly externalId: string;
  readonly startedAt: string;
}

/** kepbot's own comment on an issue, found by the hidden marker its body starts with. */
export interface MarkedComment {
  readonly id: number;
  readonly body: string;
}

/** An issue's item on a Projects (v2) board: its id and the single-select option set per field id. */
export interface ProjectItem {
  readonly id: string;
  readonly options: Readonly<Record<string, string>>;
}

/** An enhancement issue as release tracking reads it, with kepbot's comment and its board item when asked for. */
export interface IssueRecord extends EnhancementIssue {
  /** The issue's GraphQL node id (a project item's content). */
  readonly nodeId: string;
  readonly markedComment?: MarkedComment;
  readonly projectItem?: ProjectItem;
}

/** What to read along with the issues. */
export interface IssueReadOptions {
  /** Find kepbot's comment whose body starts with this marker. */
  readonly marker?: string;
  /** Read the issues' items on this project (a ProjectV2 node id). */
  readonly projectId?: string;
  /** Only issues with one of these labels (all issues when absent). */
  readonly labels?: readonly string[];
}

/** Issues with the default branch's tip at the time they were read. */
export interface IssueListing {
  readonly defaultBranch?: { readonly name: string; readonly sha: string };
  readonly issues: readonly IssueRecord[];
}

/** A Projects (v2) board: its node id and single-select fields with their options. */
export interface Project {
  readonly id: string;
  readonly fields: readonly { readonly id: string; readonly name: string; readonly options: readonly { readonly id: string; readonly name: string }[] }[];
}

/** A check run as GitHub lists it: enough to find kepbot's own again and to see whether it is done. */
export interface CheckRunInfo {
  readonly id: number;
  readonly name: string;
  readonly headSha: string;
  readonly externalId?: string;
  readonly status: "queued" | "in_progress" | "completed" | "waiting" | "requested" | "pending";
  /** As GitHub keeps it: to the second ("2026-01-01T00:00:00Z"). */
  readonly startedAt?: string;
}

/**
 * Everything kepbot asks of GitHub, and nothing more. One implementation talks to GitHub through
 * Octokit; an in-memory fake serves the handler tests.
 */
export interface GitHubPort {
  getPullRequest(pr: PrRef): Promise<PullRequest>;
  /**
   * Changed files, paginated up to `limit` (GitHub serves at most 3,000). With the head and base commits the
   * list is named by them, and a list read before for the same commits may serve again.
   */
  listChangedFiles(pr: PrRef & Partial<Pick<PullRequest, "headSha" | "baseSha">>, limit: number): Promise<readonly PullRequestFile[]>;
  /** Every regular file of a commit (one recursive tree request). */
  listTree(repo: RepoRef, sha: string): Promise<readonly string[]>;
  /** Reads many blobs in one batch; a missing file maps to undefined. Keys are `blobKey(request)`. */
  readBlobs(requests: readonly BlobRequest[]): Promise<{ readonly blobs: ReadonlyMap<string, Uint8Array | undefined> }>;
  /**
   * The blob id of each path at each commit, keyed by `blobKey` (undefined: no file there). Ids are named by
   * commit and cannot change, so ids read before serve again.
   */
  readBlobIds(repo: RepoRef, commits: readonly string[], paths: readonly string[]): Promise<ReadonlyMap<string, string | undefined>>;
  /**
   * One round trip for a pull request about to be judged: its head, base tip, test merge and activity,
   * plus the files `reads` names (keys are `blobKey` at the test merge and at the base tip) and the blob
   * ids it names at the head.
   */
  readPullRequest(pr: PrRef, reads: PullRequestReads): Promise<PullRequestRead>;
  /** The `external_id`s kepbot's earlier check runs in a check suite carry (the PR number, also for forks). */
  checkRunExternalIds(repo: RepoRef, checkSuiteId: number, name: string): Promise<readonly string[]>;
  /** Whether `login` is an active member of the team `org/team`. */
  isTeamMember(org: string, team: string, login: string): Promise<boolean>;
  /** The repository's label of that name as the repository spells it (GitHub matches case-insensitively), if it has one. */
  findLabel(repo: RepoRef, name: string): Promise<string | undefined>;
  /**
   * Creates a check run, in progress, or already completed when `update` says so (one write instead of two).
   * Exactly one run: an answer lost to a timeout or a 5xx (the run may exist all the same) is not retried
   * blindly; the run is looked for first, and adopted when it was created.
   */
  createCheckRun(repo: RepoRef, spec: CheckRunSpec, update?: CheckRunUpdate): Promise<number>;
  updateCheckRun(repo: RepoRef, id: number, update: CheckRunUpdate): Promise<void>;
  /** One check run by id; undefined when it is gone (404). */
  getCheckRun(repo: RepoRef, id: number): Promise<CheckRunInfo | undefined>;
  /** Every run named `name` on a commit, newest first (all of them, not only the latest). */
  listCheckRuns(repo: RepoRef, headSha: string, name: string): Promise<readonly CheckRunInfo[]>;
  addLabels(pr: PrRef, labels: readonly string[]): Promise<void>;
  /** Takes the label off; one that is already off is no error. */
  removeLabel(pr: PrRef, label: string): Promise<void>;
  createComment(pr: PrRef, body: string): Promise<number>;
  updateComment(repo: RepoRef, id: number, body: string): Promise<void>;
  createReviewComment(pr: PrRef, comment: { readonly commitId: string; readonly path: string; readonly line: number; readonly body: string }): Promise<void>;
  requestReviewers(pr: PrRef, logins: readonly string[]): Promise<void>;
  /** The issues of the milestone titled `milestone` (none when there is no such milestone), paginated, in as few queries as their number allows. */
  listMilestoneIssues(repo: RepoRef, milestone: string, options: IssueReadOptions): Promise<IssueListing>;
  /** One issue (undefined when the number is not an issue). */
  getIssue(issue: PrRef, options: IssueReadOptions): Promise<IssueListing & { readonly issue?: IssueRecord }>;
  /** An organization's Projects (v2) board by number, with its single-select fields; undefined when there is none. */
  getProject(owner: string, number: number): Promise<Project | undefined>;
  /** Adds an issue (its node id) to a project; returns the new item's id. */
  addProjectItem(projectId: string, contentId: string): Promise<string>;
  /** Sets single-select fields of a project item: field id → option id, in one request. */
  setProjectFields(projectId: string, itemId: string, options: Readonly<Record<string, string>>): Promise<void>;
}

export function blobKey(request: BlobRequest): string {
  return `${request.owner}/${request.repo}@${request.ref}:${request.path}`;
}
