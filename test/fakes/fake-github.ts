import { createHash } from "node:crypto";
import {
  blobKey,
  type BlobRequest,
  type BotComment,
  type CheckRunInfo,
  type CheckRunSpec,
  type CheckRunUpdate,
  type GitHubPort,
  type IssueListing,
  type IssueReadOptions,
  type IssueRecord,
  type PrRef,
  type Project,
  type PullRequest,
  type PullRequestFile,
  type PullRequestRead,
  type PullRequestReads,
  type RepoRef,
  type Review,
} from "../../src/github/port.js";

export interface FakeCheckRun {
  id: number;
  name: string;
  headSha: string;
  externalId: string;
  startedAt?: string;
  status: "in_progress" | "completed";
  conclusion?: string;
  title?: string;
  summary?: string;
  annotations: unknown[];
  updates: number;
}

/**
 * An in-memory GitHub for reconcile tests: files per commit, one pull request's state, and a log of
 * every write that reads like the actions taken. Errors can be injected per method.
 */
export class FakeGitHub implements GitHubPort {
  commits: Record<string, Record<string, string>> = {};
  otherRepos: Record<string, Record<string, string>> = {};
  pull: PullRequest & { files: PullRequestFile[] } = { number: 1, headSha: "head", baseSha: "base", baseRef: "base", author: "alice", labels: [], requestedReviewers: [], changedFiles: 0, state: "open", files: [] };
  reviews: Review[] = [];
  comments: { id: number; body: string; createdBy: "kepbot" | "user" }[] = [];
  reviewComments: { path: string; line: number; body: string; commitId: string }[] = [];
  checkRuns: FakeCheckRun[] = [];
  /** Every call, in order: `createCheckRun`, `readBlobs(3)`, `addLabels(kind/kep)` … */
  calls: string[] = [];
  /** Method name → error to throw on the next call. */
  failures: Partial<Record<keyof GitHubPort, Error>> = {};

  private fail(method: keyof GitHubPort, detail = ""): void {
    this.calls.push(detail ? `${method}(${detail})` : method);
    const error = this.failures[method];
    if (error) {
      delete this.failures[method];
      throw error;
    }
  }

  async getPullRequest(_pr: PrRef): Promise<PullRequest> {
    this.fail("getPullRequest");
    return { ...this.pull };
  }

  async listChangedFiles(_pr: PrRef, limit: number): Promise<readonly PullRequestFile[]> {
    this.fail("listChangedFiles");
    return this.pull.files.slice(0, limit);
  }

  async listTree(_repo: RepoRef, sha: string): Promise<readonly string[]> {
    this.fail("listTree", sha);
    return Object.keys(this.commitFiles(sha));
  }

  async readBlobs(requests: readonly BlobRequest[]): Promise<{ blobs: ReadonlyMap<string, Uint8Array | undefined> }> {
    this.fail("readBlobs", String(requests.length));
    return { blobs: this.blobsFor(requests) };
  }

  /**
   * GitHub's test merge of the head into the base, by head sha: `merges.head = "merge"` with
   * `commits.merge` holding the merged files. Without one, GitHub has not computed it (or they conflict).
   */
  merges: Record<string, { sha: string; baseSha: string }> = {};

  async readBlobIds(repo: RepoRef, commits: readonly string[], paths: readonly string[]): Promise<ReadonlyMap<string, string | undefined>> {
    this.fail("readBlobIds", String(commits.length * paths.length));
    return this.blobIdsFor(repo, commits, paths);
  }

  /** A blob's id as git makes it: SHA-1 of a header and the content, so that equal texts have equal ids. */
  private blobIdsFor(repo: RepoRef, commits: readonly string[], paths: readonly string[]): Map<string, string | undefined> {
    const ids = new Map<string, string | undefined>();
    for (const ref of commits) {
      for (const path of paths) {
        const text = this.commitFiles(ref)[path];
        const bytes = text === undefined ? undefined : Buffer.from(text);
        ids.set(blobKey({ ...repo, ref, path }), bytes && createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex"));
      }
    }
    return ids;
  }

  async readPullRequest(pr: PrRef, reads: PullRequestReads): Promise<PullRequestRead> {
    this.fail("readPullRequest", String(reads.merged.length + reads.base.length));
    const merge = this.merges[this.pull.headSha];
    const request = (ref: string) => (path: string) => ({ owner: pr.owner, repo: pr.repo, ref, path });
    const blobs = this.blobsFor([...(merge ? reads.merged.map(request(merge.sha)) : []), ...reads.base.map(request(this.pull.baseSha))]);
    const byBot = (comment: { id: number; body: string; createdBy: string }): BotComment => ({ id: comment.id, body: comment.body, byBot: comment.createdBy === "kepbot" });
    return {
      blobs,
      blobIds: reads.headIds ? this.blobIdsFor(pr, [reads.headIds.sha], reads.headIds.paths) : new Map(),
      state: {
        headSha: this.pull.headSha,
        baseTip: this.pull.baseSha,
        ...(merge ? { merge } : {}),
        activity: {
          labels: [...this.pull.labels],
          reviews: [...this.reviews],
          comments: this.comments.map(byBot),
          reviewThreadComments: this.reviewComments.map((comment, index) => ({ id: index + 1, body: comment.body, byBot: true })),
        },
      },
    };
  }

  private blobsFor(requests: readonly BlobRequest[]): Map<string, Uint8Array | undefined> {
    const encoder = new TextEncoder();
    const blobs = new Map<string, Uint8Array | undefined>();
    for (const request of requests) {
      const files = request.ref === "HEAD" ? (this.otherRepos[`${request.owner}/${request.repo}`] ?? {}) : this.commitFiles(request.ref);
      const text = files[request.path];
      blobs.set(blobKey(request), text === undefined ? undefined : encoder.encode(text));
    }
    return blobs;
  }

  async checkRunExternalIds(_repo: RepoRef, _suite: number, name: string): Promise<readonly string[]> {
    this.fail("checkRunExternalIds");
    return this.checkRuns.filter((run) => run.name === name).map((run) => run.externalId);
  }

  /** `org/team` → members. */
  teams: Record<string, string[]> = {};

  async isTeamMember(org: string, team: string, login: string): Promise<boolean> {
    this.fail("isTeamMember", `${team},${login}`);
    return (this.teams[`${org}/${team}`] ?? []).some((member) => member.toLowerCase() === login.toLowerCase());
  }

  /** The repository's labels. */
  repoLabels: string[] = [];

  async findLabel(_repo: RepoRef, name: string): Promise<string | undefined> {
    this.fail("findLabel", name);
    return this.repoLabels.find((label) => label.toLowerCase() === name.toLowerCase());
  }

  async createCheckRun(_repo: RepoRef, spec: CheckRunSpec, update?: CheckRunUpdate): Promise<number> {
    this.fail("createCheckRun", update?.status === "completed" ? `${spec.headSha},${update.conclusion ?? ""},${update.output?.annotations?.length ?? 0}` : spec.headSha);
    const id = this.checkRuns.length + 1;
    this.checkRuns.push({ id, name: spec.name, headSha: spec.headSha, externalId: spec.externalId, startedAt: spec.startedAt, status: "in_progress", annotations: [], updates: 0 });
    if (update) this.apply(id, update);
    return id;
  }

  async updateCheckRun(_repo: RepoRef, id: number, update: CheckRunUpdate): Promise<void> {
    this.fail("updateCheckRun", String(update.output?.annotations?.length ?? 0));
    this.apply(id, update);
    const run = this.checkRuns.find((candidate) => candidate.id === id);
    if (run) run.updates++;
  }

  async getCheckRun(_repo: RepoRef, id: number): Promise<CheckRunInfo | undefined> {
    this.fail("getCheckRun", String(id));
    const run = this.checkRuns.find((candidate) => candidate.id === id);
    return run ? infoOf(run) : undefined;
  }

  async listCheckRuns(_repo: RepoRef, headSha: string, name: string): Promise<readonly CheckRunInfo[]> {
    this.fail("listCheckRuns", headSha);
    return this.checkRuns.filter((run) => run.headSha === headSha && run.name === name).map(infoOf).reverse();
  }

  private apply(id: number, update: CheckRunUpdate): void {
    const run = this.checkRuns.find((candidate) => candidate.id === id);
    if (!run) throw new Error(`no check run ${id}`);
    if ((update.output?.annotations?.length ?? 0) > 50) throw new Error("No more than 50 annotations are allowed per request");
    if ((update.output?.summary.length ?? 0) > 65_535) throw new Error("summary is too long");
    if (update.status) run.status = update.status;
    if (update.conclusion) run.conclusion = update.conclusion;
    if (update.output) {
      run.title = update.output.title;
      run.summary = update.output.summary;
      run.annotations.push(...(update.output.annotations ?? []));
    }
  }

  async addLabels(_pr: PrRef, labels: readonly string[]): Promise<void> {
    this.fail("addLabels", labels.join(","));
    this.pull = { ...this.pull, labels: [...new Set([...this.pull.labels, ...labels])] };
  }

  async removeLabel(_pr: PrRef, label: string): Promise<void> {
    this.fail("removeLabel", label);
    this.pull = { ...this.pull, labels: this.pull.labels.filter((name) => name !== label) };
  }

  async createComment(_pr: PrRef, body: string): Promise<number> {
    this.fail("createComment");
    const id = 1000 + this.comments.length;
    this.comments.push({ id, body, createdBy: "kepbot" });
    return id;
  }

  async updateComment(_repo: RepoRef, id: number, body: string): Promise<void> {
    this.fail("updateComment", String(id));
    const comment = this.comments.find((candidate) => candidate.id === id);
    if (!comment) throw new Error(`no comment ${id}`);
    comment.body = body;
  }

  async createReviewComment(_pr: PrRef, comment: { commitId: string; path: string; line: number; body: string }): Promise<void> {
    this.fail("createReviewComment", `${comment.path}:${comment.line}`);
    this.reviewComments.push(comment);
  }

  async requestReviewers(_pr: PrRef, logins: readonly string[]): Promise<void> {
    this.fail("requestReviewers", logins.join(","));
    if (logins.includes(this.pull.author)) throw new Error("Review cannot be requested from pull request author.");
    this.pull = { ...this.pull, requestedReviewers: [...this.pull.requestedReviewers, ...logins] };
  }

  /** Enhancement issues (by number) for release tracking; kepbot's comments are in `comments`, keyed by issue here. */
  issues: (Omit<IssueRecord, "markedComment" | "projectItem"> & { commentIds?: number[] })[] = [];
  project: Project | undefined;
  /** item id → content node id and its options. */
  projectItems: Record<string, { contentId: string; options: Record<string, string> }> = {};

  private record(issue: FakeGitHub["issues"][number], options: IssueReadOptions): IssueRecord {
    const marked = options.marker === undefined ? undefined : this.comments.find((comment) => (issue.commentIds ?? []).includes(comment.id) && comment.body.startsWith(options.marker ?? ""));
    const item = Object.entries(this.projectItems).find(([, value]) => value.contentId === issue.nodeId);
    const { commentIds: _ids, ...plain } = issue;
    return { ...plain, ...(marked ? { markedComment: { id: marked.id, body: marked.body } } : {}), ...(item && options.projectId ? { projectItem: { id: item[0], options: { ...item[1].options } } } : {}) };
  }

  async listMilestoneIssues(_repo: RepoRef, milestone: string, options: IssueReadOptions): Promise<IssueListing> {
    this.fail("listMilestoneIssues", milestone);
    const issues = this.issues.filter((issue) => issue.milestone === milestone && (!options.labels || issue.labels.some((label) => options.labels?.includes(label))));
    return { defaultBranch: { name: "master", sha: "master" }, issues: issues.map((issue) => this.record(issue, options)) };
  }

  async getIssue(ref: PrRef, options: IssueReadOptions): Promise<IssueListing & { issue?: IssueRecord }> {
    this.fail("getIssue", String(ref.number));
    const found = this.issues.find((issue) => issue.number === ref.number);
    const issue = found ? this.record(found, options) : undefined;
    return { defaultBranch: { name: "master", sha: "master" }, issues: issue ? [issue] : [], ...(issue ? { issue } : {}) };
  }

  async getProject(_owner: string, _number: number): Promise<Project | undefined> {
    this.fail("getProject");
    return this.project;
  }

  async addProjectItem(_projectId: string, contentId: string): Promise<string> {
    this.fail("addProjectItem", contentId);
    const id = `PVTI_${Object.keys(this.projectItems).length + 1}`;
    this.projectItems[id] = { contentId, options: {} };
    return id;
  }

  async setProjectFields(_projectId: string, itemId: string, options: Readonly<Record<string, string>>): Promise<void> {
    this.fail("setProjectFields", `${itemId},${Object.keys(options).length}`);
    const item = this.projectItems[itemId];
    if (!item) throw new Error(`no project item ${itemId}`);
    Object.assign(item.options, options);
  }

  private commitFiles(sha: string): Record<string, string> {
    const files = this.commits[sha];
    if (!files) throw new Error(`no commit ${sha}`);
    return files;
  }
}

// Drift between the port and the fake fails to compile.
const _conforms: GitHubPort = new FakeGitHub();
void _conforms;

function infoOf(run: FakeCheckRun): CheckRunInfo {
  return { id: run.id, name: run.name, headSha: run.headSha, externalId: run.externalId, status: run.status, ...(run.startedAt ? { startedAt: run.startedAt } : {}) };
}
