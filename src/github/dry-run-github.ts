import type { BlobRequest, CheckRunInfo, CheckRunSpec, CheckRunUpdate, GitHubPort, IssueListing, IssueReadOptions, IssueRecord, PrRef, Project, PullRequest, PullRequestFile, PullRequestRead, PullRequestReads, RepoRef } from "./port.js";

export interface WriteLog {
  info(details: object, message: string): void;
}

/**
 * DRY_RUN=true: reads go to GitHub, every write is logged as what kepbot would do and not made. Ids
 * of things that were not created are negative, so that a later "update" is recognisably a dry one.
 */
export class DryRunGitHub implements GitHubPort {
  private nextId = -1;

  constructor(
    private readonly github: GitHubPort,
    private readonly log: WriteLog,
  ) {}

  private would(action: string, details: object): number {
    this.log.info({ dryRun: true, action, ...details }, `dry run: would ${action}`);
    return this.nextId--;
  }

  getPullRequest(pr: PrRef): Promise<PullRequest> {
    return this.github.getPullRequest(pr);
  }
  listChangedFiles(pr: PrRef, limit: number): Promise<readonly PullRequestFile[]> {
    return this.github.listChangedFiles(pr, limit);
  }
  listTree(repo: RepoRef, sha: string): Promise<readonly string[]> {
    return this.github.listTree(repo, sha);
  }
  readBlobs(requests: readonly BlobRequest[]): Promise<{ readonly blobs: ReadonlyMap<string, Uint8Array | undefined> }> {
    return this.github.readBlobs(requests);
  }
  readBlobIds(repo: RepoRef, commits: readonly string[], paths: readonly string[]): Promise<ReadonlyMap<string, string | undefined>> {
    return this.github.readBlobIds(repo, commits, paths);
  }
  readPullRequest(pr: PrRef, reads: PullRequestReads): Promise<PullRequestRead> {
    return this.github.readPullRequest(pr, reads);
  }
  checkRunExternalIds(repo: RepoRef, checkSuiteId: number, name: string): Promise<readonly string[]> {
    return this.github.checkRunExternalIds(repo, checkSuiteId, name);
  }
  isTeamMember(org: string, team: string, login: string): Promise<boolean> {
    return this.github.isTeamMember(org, team, login);
  }
  listMilestoneIssues(repo: RepoRef, milestone: string, options: IssueReadOptions): Promise<IssueListing> {
    return this.github.listMilestoneIssues(repo, milestone, options);
  }
  getIssue(issue: PrRef, options: IssueReadOptions): Promise<IssueListing & { issue?: IssueRecord }> {
    return this.github.getIssue(issue, options);
  }
  getProject(owner: string, number: number): Promise<Project | undefined> {
    return this.github.getProject(owner, number);
  }

  findLabel(repo: RepoRef, name: string): Promise<string | undefined> {
    return this.github.findLabel(repo, name);
  }

  async getCheckRun(repo: RepoRef, id: number): Promise<CheckRunInfo | undefined> {
    // A dry run's ids are negative: they name runs that were never created.
    return id < 0 ? undefined : this.github.getCheckRun(repo, id);
  }
  listCheckRuns(repo: RepoRef, headSha: string, name: string): Promise<readonly CheckRunInfo[]> {
    return this.github.listCheckRuns(repo, headSha, name);
  }

  async createCheckRun(repo: RepoRef, spec: CheckRunSpec, update?: CheckRunUpdate): Promise<number> {
    return this.would("create a check run", { ...repo, name: spec.name, headSha: spec.headSha, status: update?.status ?? "in_progress", conclusion: update?.conclusion, title: update?.output?.title });
  }
  async updateCheckRun(repo: RepoRef, id: number, update: CheckRunUpdate): Promise<void> {
    this.would("update a check run", { ...repo, id, status: update.status, conclusion: update.conclusion, title: update.output?.title, annotations: update.output?.annotations?.length ?? 0 });
  }
  async addLabels(pr: PrRef, labels: readonly string[]): Promise<void> {
    this.would("add labels", { ...pr, labels });
  }
  async removeLabel(pr: PrRef, label: string): Promise<void> {
    this.would("remove a label", { ...pr, label });
  }
  async createComment(pr: PrRef, body: string): Promise<number> {
    return this.would("comment", { ...pr, length: body.length });
  }
  async updateComment(repo: RepoRef, id: number, body: string): Promise<void> {
    this.would("edit a comment", { ...repo, id, length: body.length });
  }
  async createReviewComment(pr: PrRef, comment: { commitId: string; path: string; line: number; body: string }): Promise<void> {
    this.would("suggest a change", { ...pr, path: comment.path, line: comment.line });
  }
  async requestReviewers(pr: PrRef, logins: readonly string[]): Promise<void> {
    this.would("request reviews", { ...pr, logins });
  }
  async addProjectItem(projectId: string, contentId: string): Promise<string> {
    return `dry-run-item-${-this.would("add an issue to a project", { projectId, contentId })}`;
  }
  async setProjectFields(projectId: string, itemId: string, options: Readonly<Record<string, string>>): Promise<void> {
    this.would("set project fields", { projectId, itemId, fields: Object.keys(options).length });
  }
}
