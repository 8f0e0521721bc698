import type { ProbotOctokit } from "probot";
import type { ChangedFile } from "../core/change-set.js";
import type { ScopedContentCache } from "./content-cache.js";
import { diffRanges } from "./diff-ranges.js";
import {
  addProjectItemMutation,
  botComments,
  branchOf,
  commentBodiesQuery,
  issueQuery,
  issueVariables,
  milestoneIssuesQuery,
  milestonePageQuery,
  projectOf,
  projectQuery,
  setProjectFieldsMutation,
  toIssueRecord,
  type GraphBranch,
  type GraphIssue,
  type GraphIssuePage,
} from "./issue-queries.js";
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
  type Project,
  type PrRef,
  type PullRequest,
  type PullRequestActivity,
  type PullRequestFile,
  type PullRequestRead,
  type PullRequestReads,
  type PullRequestState,
  type RepoRef,
  type ReviewState,
  type TestMerge,
} from "./port.js";
import { createOnce, defaultRetryPolicy, type RetryPolicy } from "./write-once.js";

type Octokit = InstanceType<typeof ProbotOctokit>;

/**
 * Where to look for a comment a create may have made: GitHub stamps it by its own clock, so a few minutes
 * back from this one's. Finding an identical bot comment a little older instead is harmless: it says the same.
 */
function sinceBeforeNow(): string {
  return new Date(Date.now() - 5 * 60_000).toISOString();
}

/** GitHub keeps check-run times to the second. */
function sameSecond(a: string | undefined, b: string): boolean {
  return a !== undefined && Math.floor(Date.parse(a) / 1000) === Math.floor(Date.parse(b) / 1000);
}

/** Above this size a blob is not downloaded: kepbot only needs to say it is too large. */
const maxBlobDownload = 16 << 20;

interface GraphBlob {
  readonly oid: string;
  readonly byteSize: number;
  readonly isBinary: boolean | null;
  readonly isTruncated: boolean;
  readonly text: string | null;
}
interface GraphComment {
  /** A BigInt as a string: comment ids on github.com passed 2^31 in 2024, so GraphQL's 32-bit `databaseId` cannot hold them. */
  readonly fullDatabaseId: string | null;
  readonly body: string;
  readonly author: { readonly __typename: string; readonly login: string } | null;
}
type GraphFiles = Record<string, { readonly object: GraphBlob | null } | null>;
/** `i0: file(path:) { type oid }` selections of one commit: a blob's id, or a tree's or submodule's. */
type GraphIds = Record<string, { readonly type: string; readonly oid: string } | null>;
interface GraphCommentPage {
  readonly pageInfo: { readonly hasNextPage: boolean; readonly endCursor: string | null };
  readonly nodes: readonly GraphComment[];
}
interface GraphPullRequest {
  readonly headRefOid: string;
  readonly baseRef: { readonly target: ({ readonly oid: string } & GraphFiles) | null } | null;
  readonly potentialMergeCommit: ({ readonly oid: string; readonly parents: { readonly nodes: readonly { readonly oid: string }[] } } & GraphFiles) | null;
  readonly labels: { readonly nodes: readonly { readonly name: string }[] };
  readonly reviews: { readonly nodes: readonly { readonly author: { readonly login: string } | null; readonly state: ReviewState; readonly submittedAt: string | null; readonly commit: { readonly oid: string } | null }[] };
  readonly comments: GraphCommentPage;
  readonly reviewThreads: { readonly nodes: readonly { readonly comments: { readonly nodes: readonly GraphComment[] } }[] };
}

const blobFields = "... on Blob { oid byteSize isBinary isTruncated text }";
const commentFields = "fullDatabaseId body author { __typename login }";
const commentPage = `comments(first: 100, after: $after) { pageInfo { hasNextPage endCursor } nodes { ${commentFields} } }`;
const activityFields = `
      labels(first: 100) { nodes { name } }
      reviews(last: 100) { nodes { author { login } state submittedAt commit { oid } } }
      ${commentPage}
      reviewThreads(last: 100) { nodes { comments(first: 1) { nodes { ${commentFields} } } } }`;

/** GitHubPort over an installation's Octokit (REST for writes and listings, one GraphQL query for reads). */
export class OctokitGitHub implements GitHubPort {
  private readonly retry: RetryPolicy;

  constructor(
    private readonly octokit: Octokit,
    retry?: RetryPolicy,
    /** Content named by commit that earlier deliveries read (see content-cache.ts); none by default. */
    private readonly cache?: ScopedContentCache,
  ) {
    this.retry = retry ?? (octokit as { kepbotRetry?: RetryPolicy }).kepbotRetry ?? defaultRetryPolicy;
  }

  async getPullRequest(pr: PrRef): Promise<PullRequest> {
    const { data } = await this.octokit.rest.pulls.get({ owner: pr.owner, repo: pr.repo, pull_number: pr.number });
    return {
      number: data.number,
      headSha: data.head.sha,
      baseSha: data.base.sha,
      baseRef: data.base.ref,
      author: data.user.login,
      labels: data.labels.map((label) => label.name),
      requestedReviewers: (data.requested_reviewers ?? []).map((user) => user.login),
      changedFiles: data.changed_files,
      state: data.state === "open" ? "open" : "closed",
      ...(data.body ? { body: data.body } : {}),
    };
  }

  async listChangedFiles(pr: PrRef & Partial<Pick<PullRequest, "headSha" | "baseSha">>, limit: number): Promise<readonly PullRequestFile[]> {
    const repoName = `${pr.owner}/${pr.repo}`;
    const cached = pr.headSha && pr.baseSha ? this.cache?.changedFiles(repoName, pr.number, pr.headSha, pr.baseSha, limit) : undefined;
    if (cached) return cached;
    const files = await this.readChangedFiles(pr, limit);
    if (pr.headSha && pr.baseSha) this.cache?.storeChangedFiles(repoName, pr.number, pr.headSha, pr.baseSha, limit, files);
    return files;
  }

  private async readChangedFiles(pr: PrRef, limit: number): Promise<PullRequestFile[]> {
    const files: PullRequestFile[] = [];
    const pages = this.octokit.paginate.iterator(this.octokit.rest.pulls.listFiles, { owner: pr.owner, repo: pr.repo, pull_number: pr.number, per_page: 100 });
    for await (const page of pages) {
      for (const file of page.data) {
        const status: ChangedFile["status"] = file.status === "added" || file.status === "removed" || file.status === "renamed" ? file.status : "modified";
        files.push({ path: file.filename, status, ...(file.previous_filename ? { previousPath: file.previous_filename } : {}), diffRanges: diffRanges(file.patch) });
      }
      if (files.length >= limit) break;
    }
    return files.slice(0, limit);
  }

  async listTree(repo: RepoRef, sha: string): Promise<readonly string[]> {
    const repoName = `${repo.owner}/${repo.repo}`;
    const cached = this.cache?.tree(repoName, sha);
    if (cached) return cached;
    const paths = await this.readTree(repo, sha);
    this.cache?.storeTree(repoName, sha, paths);
    return paths;
  }

  private async readTree(repo: RepoRef, sha: string): Promise<readonly string[]> {
    const { data } = await this.octokit.rest.git.getTree({ owner: repo.owner, repo: repo.repo, tree_sha: sha, recursive: "1" });
    if (data.truncated) throw new Error(`the tree of ${repo.owner}/${repo.repo}@${sha} is too large for one listing`);
    return data.tree.filter((entry) => entry.type === "blob" && (entry.mode === "100644" || entry.mode === "100755") && entry.path).map((entry) => entry.path as string);
  }

  async readBlobs(requests: readonly BlobRequest[]): Promise<{ blobs: ReadonlyMap<string, Uint8Array | undefined> }> {
    const blobs = new Map<string, Uint8Array | undefined>();
    const missing: BlobRequest[] = [];
    for (const request of requests) {
      const cached = this.cache?.blob(`${request.owner}/${request.repo}`, request.ref, request.path);
      if (cached) blobs.set(blobKey(request), cached.bytes);
      else missing.push(request);
    }
    if (missing.length === 0) return { blobs };
    const { query, variables, aliases } = buildBlobQuery(missing);
    const data = await this.octokit.graphql<Record<string, Record<string, GraphBlob | null> | null>>(query, variables);
    for (const { request, repoAlias, fileAlias } of aliases) blobs.set(blobKey(request), await this.cachedBlobBytes(request, data[repoAlias]?.[fileAlias]));
    return { blobs };
  }

  async readBlobIds(repo: RepoRef, commits: readonly string[], paths: readonly string[]): Promise<ReadonlyMap<string, string | undefined>> {
    const repoName = `${repo.owner}/${repo.repo}`;
    const ids = new Map<string, string | undefined>();
    const missing = new Set<string>();
    for (const commit of commits) {
      for (const path of paths) {
        const cached = this.cache?.blobId(repoName, commit, path);
        if (cached) ids.set(blobKey({ ...repo, ref: commit, path }), cached.blobId);
        else missing.add(commit);
      }
    }
    if (missing.size === 0) return ids;
    const { query, variables } = buildBlobIdQuery(repo, [...missing], paths);
    const data = await this.octokit.graphql<{ repository: Record<string, GraphIds | null> }>(query, variables);
    for (const [index, commit] of [...missing].entries()) this.collectBlobIds(repo, commit, paths, data.repository[`c${index}`], ids);
    return ids;
  }

  /** The ids GitHub answered for `paths` at `commit` into `ids`, kept for later deliveries; nothing when it knows no such commit. */
  private collectBlobIds(repo: RepoRef, commit: string, paths: readonly string[], at: GraphIds | null | undefined, ids: Map<string, string | undefined>): void {
    if (!at) return;
    for (const [index, path] of paths.entries()) {
      const entry = at[`i${index}`];
      const id = entry?.type === "blob" ? entry.oid : undefined;
      ids.set(blobKey({ ...repo, ref: commit, path }), id);
      this.cache?.storeBlobId(`${repo.owner}/${repo.repo}`, commit, path, id);
    }
  }

  async readPullRequest(pr: PrRef, reads: PullRequestReads): Promise<PullRequestRead> {
    const { query, variables } = buildPullRequestQuery(pr, reads);
    const data = await this.octokit.graphql<{ repository: { pullRequest: GraphPullRequest; head?: GraphIds | null } }>(query, variables);
    const pull = data.repository.pullRequest;
    const merge = currentMerge(pull);
    const baseTip = pull.baseRef?.target?.oid ?? merge?.baseSha ?? "";
    const blobs = new Map<string, Uint8Array | undefined>();
    const collect = async (ref: string, files: GraphFiles | null | undefined, paths: readonly string[]): Promise<void> => {
      for (const [index, path] of paths.entries()) {
        const request = { owner: pr.owner, repo: pr.repo, ref, path };
        blobs.set(blobKey(request), await this.cachedBlobBytes(request, files?.[`f${index}`]?.object));
      }
    };
    if (merge) await collect(merge.sha, pull.potentialMergeCommit, reads.merged);
    if (baseTip) await collect(baseTip, pull.baseRef?.target, reads.base);
    const blobIds = new Map<string, string | undefined>();
    if (reads.headIds?.paths.length) this.collectBlobIds(pr, reads.headIds.sha, reads.headIds.paths, data.repository.head, blobIds);
    const state: PullRequestState = { headSha: pull.headRefOid, baseTip, ...(merge ? { merge } : {}), activity: await this.activityFrom(pr, pull) };
    return { state, blobs, blobIds };
  }

  /** A blob's bytes (below), kept for later deliveries when its ref is a commit. */
  private async cachedBlobBytes(request: BlobRequest, blob: GraphBlob | null | undefined): Promise<Uint8Array | undefined> {
    const bytes = await this.blobBytes(request, blob);
    this.cache?.storeBlob(`${request.owner}/${request.repo}`, request.ref, request.path, bytes);
    return bytes;
  }

  /** A blob's bytes: text from GraphQL, binary and large blobs through the REST blob API (GraphQL gives no text for them). */
  private async blobBytes(request: BlobRequest, blob: GraphBlob | null | undefined): Promise<Uint8Array | undefined> {
    if (!blob) return undefined;
    if (blob.text !== null && !blob.isTruncated && !blob.isBinary) return new TextEncoder().encode(blob.text);
    if (blob.byteSize > maxBlobDownload) return new Uint8Array(maxBlobDownload + 1);
    const { data } = await this.octokit.rest.git.getBlob({ owner: request.owner, repo: request.repo, file_sha: blob.oid });
    return Buffer.from(data.content, "base64");
  }

  private async activityFrom(pr: PrRef, pull: GraphPullRequest): Promise<PullRequestActivity> {
    const comments = pull.comments.nodes.map(toBotComment);
    let page = pull.comments.pageInfo;
    // A busy pull request has more than 100 comments; kepbot's own may be on a later page.
    while (page.hasNextPage && !comments.some((comment) => comment.byBot)) {
      const more = await this.octokit.graphql<{ repository: { pullRequest: { comments: GraphCommentPage } } }>(
        `query($owner: String!, $name: String!, $number: Int!, $after: String) { repository(owner: $owner, name: $name) { pullRequest(number: $number) { ${commentPage} } } }`,
        { owner: pr.owner, name: pr.repo, number: pr.number, after: page.endCursor },
      );
      comments.push(...more.repository.pullRequest.comments.nodes.map(toBotComment));
      page = more.repository.pullRequest.comments.pageInfo;
    }
    return {
      labels: pull.labels.nodes.map((label) => label.name),
      reviews: pull.reviews.nodes.map((review) => ({
        author: review.author?.login ?? "ghost",
        state: review.state,
        ...(review.submittedAt ? { submittedAt: review.submittedAt } : {}),
        ...(review.commit ? { commitId: review.commit.oid } : {}),
      })),
      comments,
      reviewThreadComments: pull.reviewThreads.nodes.flatMap((thread) => thread.comments.nodes.map(toBotComment)),
    };
  }

  async checkRunExternalIds(repo: RepoRef, checkSuiteId: number, name: string): Promise<readonly string[]> {
    const { data } = await this.octokit.rest.checks.listForSuite({ owner: repo.owner, repo: repo.repo, check_suite_id: checkSuiteId, check_name: name, per_page: 100 });
    return data.check_runs.flatMap((run) => (run.external_id ? [run.external_id] : []));
  }

  async isTeamMember(org: string, team: string, login: string): Promise<boolean> {
    try {
      const { data } = await this.octokit.rest.teams.getMembershipForUserInOrg({ org, team_slug: team, username: login });
      return data.state === "active";
    } catch (error) {
      if ((error as { status?: number }).status === 404) return false;
      throw error;
    }
  }

  async findLabel(repo: RepoRef, name: string): Promise<string | undefined> {
    try {
      const { data } = await this.octokit.rest.issues.getLabel({ owner: repo.owner, repo: repo.repo, name });
      return data.name;
    } catch (error) {
      if ((error as { status?: number }).status === 404) return undefined;
      throw error;
    }
  }

  /** Created once even when the answer is lost (see write-once.ts): the run found by name, head, external id and start is adopted. */
  async createCheckRun(repo: RepoRef, spec: CheckRunSpec, update?: CheckRunUpdate): Promise<number> {
    const create = async () => {
      const { data } = await this.octokit.rest.checks.create({
        owner: repo.owner,
        repo: repo.repo,
        name: spec.name,
        head_sha: spec.headSha,
        external_id: spec.externalId,
        started_at: spec.startedAt,
        status: "in_progress",
        ...checkRunFields(update),
        request: { retries: 0 },
      });
      return data.id;
    };
    const adopt = async () => {
      const created = await this.findCreated(repo, spec);
      if (!created) return undefined;
      // Created by this very call (or by an earlier in-progress create of the same publisher): finish what the create asked.
      if (update?.status === "completed" && created.status !== "completed") await this.updateCheckRun(repo, created.id, update);
      return created.id;
    };
    return createOnce(this.retry, create, adopt);
  }

  /** The run a create with `spec` made, if it made one: the newest of that name, head, external id and start. */
  private async findCreated(repo: RepoRef, spec: CheckRunSpec): Promise<CheckRunInfo | undefined> {
    const runs = await this.listCheckRuns(repo, spec.headSha, spec.name);
    return runs.find((run) => run.externalId === spec.externalId && sameSecond(run.startedAt, spec.startedAt));
  }

  async updateCheckRun(repo: RepoRef, id: number, update: CheckRunUpdate): Promise<void> {
    await this.octokit.rest.checks.update({ owner: repo.owner, repo: repo.repo, check_run_id: id, ...checkRunFields(update) });
  }

  async getCheckRun(repo: RepoRef, id: number): Promise<CheckRunInfo | undefined> {
    try {
      const { data } = await this.octokit.rest.checks.get({ owner: repo.owner, repo: repo.repo, check_run_id: id });
      return checkRunInfo(data);
    } catch (error) {
      if ((error as { status?: number }).status === 404) return undefined;
      throw error;
    }
  }

  async listCheckRuns(repo: RepoRef, headSha: string, name: string): Promise<readonly CheckRunInfo[]> {
    const runs = await this.octokit.paginate(this.octokit.rest.checks.listForRef, { owner: repo.owner, repo: repo.repo, ref: headSha, check_name: name, filter: "all", per_page: 100 });
    return runs.map(checkRunInfo).sort((a, b) => b.id - a.id);
  }

  async addLabels(pr: PrRef, labels: readonly string[]): Promise<void> {
    await this.octokit.rest.issues.addLabels({ owner: pr.owner, repo: pr.repo, issue_number: pr.number, labels: [...labels] });
  }

  /**
   * A label already off is done: GitHub answers 404 "Label does not exist" when a retried removal (its first
   * answer lost) or someone else took it off first, and what follows (a revert's explaining comment) must still run.
   */
  async removeLabel(pr: PrRef, label: string): Promise<void> {
    try {
      await this.octokit.rest.issues.removeLabel({ owner: pr.owner, repo: pr.repo, issue_number: pr.number, name: label });
    } catch (error) {
      if ((error as { status?: number }).status !== 404) throw error;
    }
  }

  /** Made once even when the answer is lost (see write-once.ts): a bot's comment with this very body, made since, is adopted. */
  async createComment(pr: PrRef, body: string): Promise<number> {
    const since = sinceBeforeNow();
    const create = async () => (await this.octokit.rest.issues.createComment({ owner: pr.owner, repo: pr.repo, issue_number: pr.number, body, request: { retries: 0 } })).data.id;
    const findMade = async () => {
      const comments = await this.octokit.paginate(this.octokit.rest.issues.listComments, { owner: pr.owner, repo: pr.repo, issue_number: pr.number, since, per_page: 100 });
      return comments.filter((comment) => comment.body === body && comment.user?.type === "Bot").at(-1)?.id;
    };
    return createOnce(this.retry, create, findMade);
  }

  async updateComment(repo: RepoRef, id: number, body: string): Promise<void> {
    await this.octokit.rest.issues.updateComment({ owner: repo.owner, repo: repo.repo, comment_id: id, body });
  }

  /** Made once even when the answer is lost, as createComment is. */
  async createReviewComment(pr: PrRef, comment: { commitId: string; path: string; line: number; body: string }): Promise<void> {
    const since = sinceBeforeNow();
    const create = async () => {
      const { data } = await this.octokit.rest.pulls.createReviewComment({
        owner: pr.owner,
        repo: pr.repo,
        pull_number: pr.number,
        commit_id: comment.commitId,
        path: comment.path,
        line: comment.line,
        side: "RIGHT",
        body: comment.body,
        request: { retries: 0 },
      });
      return data.id;
    };
    const findMade = async () => {
      const made = await this.octokit.paginate(this.octokit.rest.pulls.listReviewComments, { owner: pr.owner, repo: pr.repo, pull_number: pr.number, since, per_page: 100 });
      return made.filter((c) => c.body === comment.body && c.path === comment.path && c.user?.type === "Bot").at(-1)?.id;
    };
    await createOnce(this.retry, create, findMade);
  }

  async requestReviewers(pr: PrRef, logins: readonly string[]): Promise<void> {
    await this.octokit.rest.pulls.requestReviewers({ owner: pr.owner, repo: pr.repo, pull_number: pr.number, reviewers: [...logins] });
  }

  async listMilestoneIssues(repo: RepoRef, milestone: string, options: IssueReadOptions): Promise<IssueListing> {
    const variables = { owner: repo.owner, name: repo.repo, ...issueVariables(options, false) };
    type First = { repository: { defaultBranchRef: GraphBranch | null; milestones: { nodes: readonly { number: number; title: string; issues: GraphIssuePage }[] } } };
    const first = await this.octokit.graphql<First>(milestoneIssuesQuery, { ...variables, title: milestone });
    const found = first.repository.milestones.nodes.find((node) => node.title === milestone);
    const defaultBranch = branchOf(first.repository.defaultBranchRef);
    if (!found) return { ...(defaultBranch ? { defaultBranch } : {}), issues: [] };
    const issues: GraphIssue[] = [...found.issues.nodes];
    let page = found.issues.pageInfo;
    while (page.hasNextPage) {
      const more = await this.octokit.graphql<{ repository: { milestone: { issues: GraphIssuePage } | null } }>(milestonePageQuery, { ...variables, number: found.number, after: page.endCursor });
      const next = more.repository.milestone?.issues;
      if (!next) break;
      issues.push(...next.nodes);
      page = next.pageInfo;
    }
    const bodies = await this.commentBodies(issues, options);
    return { ...(defaultBranch ? { defaultBranch } : {}), issues: issues.map((issue) => toIssueRecord(issue, options, bodies)) };
  }

  /** The bodies of kepbot's comments on these issues, a hundred per query (none when the marker was not asked for). */
  private async commentBodies(issues: readonly GraphIssue[], options: IssueReadOptions): Promise<ReadonlyMap<string, string>> {
    const bodies = new Map<string, string>();
    if (options.marker === undefined) return bodies;
    const ids = issues.flatMap((issue) => botComments(issue).map((comment) => comment.id));
    for (let start = 0; start < ids.length; start += 100) {
      const data = await this.octokit.graphql<{ nodes: readonly ({ id?: string; body?: string } | null)[] }>(commentBodiesQuery, { ids: ids.slice(start, start + 100) });
      for (const node of data.nodes) if (node?.id && node.body !== undefined) bodies.set(node.id, node.body);
    }
    return bodies;
  }

  async getIssue(issue: PrRef, options: IssueReadOptions): Promise<IssueListing & { issue?: IssueRecord }> {
    type Answer = { repository: { defaultBranchRef: GraphBranch | null; issue: GraphIssue | null } };
    let data: Answer;
    try {
      data = await this.octokit.graphql<Answer>(issueQuery, { owner: issue.owner, name: issue.repo, number: issue.number, ...issueVariables(options, true) });
    } catch (error) {
      // A pull request's number is no issue: GitHub answers NOT_FOUND for the issue field.
      if (isNotFound(error)) return { issues: [] };
      throw error;
    }
    const defaultBranch = branchOf(data.repository.defaultBranchRef);
    const record = data.repository.issue ? toIssueRecord(data.repository.issue, options, new Map()) : undefined;
    return { ...(defaultBranch ? { defaultBranch } : {}), issues: record ? [record] : [], ...(record ? { issue: record } : {}) };
  }

  async getProject(owner: string, number: number): Promise<Project | undefined> {
    try {
      return projectOf(await this.octokit.graphql(projectQuery, { owner, number }));
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async addProjectItem(projectId: string, contentId: string): Promise<string> {
    const data = await this.octokit.graphql<{ addProjectV2ItemById: { item: { id: string } | null } }>(addProjectItemMutation, { project: projectId, content: contentId });
    if (!data.addProjectV2ItemById.item) throw new Error(`GitHub did not add ${contentId} to project ${projectId}`);
    return data.addProjectV2ItemById.item.id;
  }

  async setProjectFields(projectId: string, itemId: string, options: Readonly<Record<string, string>>): Promise<void> {
    if (Object.keys(options).length === 0) return;
    const { query, variables } = setProjectFieldsMutation(options);
    await this.octokit.graphql(query, { project: projectId, item: itemId, ...variables });
  }
}

/** GraphQL's NOT_FOUND (an unknown issue, organization or project), which Octokit throws with the partial data. */
function isNotFound(error: unknown): boolean {
  const errors = (error as { errors?: readonly { type?: string }[] }).errors;
  return Array.isArray(errors) && errors.length > 0 && errors.every((entry) => entry.type === "NOT_FOUND");
}

function checkRunInfo(run: { id: number; name: string; head_sha: string; external_id: string | null; status: string; started_at: string | null }): CheckRunInfo {
  return {
    id: run.id,
    name: run.name,
    headSha: run.head_sha,
    status: run.status as CheckRunInfo["status"],
    ...(run.external_id ? { externalId: run.external_id } : {}),
    ...(run.started_at ? { startedAt: run.started_at } : {}),
  };
}

/** A check run update in the Checks API's words. */
function checkRunFields(update: CheckRunUpdate | undefined) {
  if (!update) return {};
  return {
    ...(update.status ? { status: update.status } : {}),
    ...(update.conclusion ? { conclusion: update.conclusion } : {}),
    ...(update.completedAt ? { completed_at: update.completedAt } : {}),
    ...(update.output ? { output: { title: update.output.title, summary: update.output.summary, ...(update.output.annotations ? { annotations: [...update.output.annotations] } : {}) } } : {}),
  };
}

function toBotComment(comment: GraphComment): BotComment {
  return { id: Number(comment.fullDatabaseId ?? 0), body: comment.body, byBot: comment.author?.__typename === "Bot" };
}

/** The test merge, when GitHub computed it for the head the pull request has now. */
function currentMerge(pull: GraphPullRequest): TestMerge | undefined {
  const merge = pull.potentialMergeCommit;
  const [base, head] = merge?.parents.nodes ?? [];
  return merge && base && head?.oid === pull.headRefOid ? { sha: merge.oid, baseSha: base.oid } : undefined;
}

/** What a `file(path:)` selection asks for: the blob's content (`f0: … { object { ... on Blob {…} } }`), or its id alone (`i0: … { type oid }`). */
const fileFields = { content: { alias: "f", fields: `object { ${blobFields} }` }, id: { alias: "i", fields: "type oid" } } as const;

/** `f0: file(path: $m0) { … }` for each path, with its variables (`m0`: the prefix and index). */
function fileSelections(paths: readonly string[], prefix: string, variables: Record<string, unknown>, declarations: string[], want: keyof typeof fileFields = "content"): string {
  const { alias, fields } = fileFields[want];
  return paths
    .map((path, index) => {
      declarations.push(`$${prefix}${index}: String!`);
      variables[`${prefix}${index}`] = path;
      return `${alias}${index}: file(path: $${prefix}${index}) { ${fields} }`;
    })
    .join("\n");
}

/**
 * One query: the pull request's head, base tip, test merge and activity, files of the merge and the base, and
 * blob ids at the head the delivery named.
 */
export function buildPullRequestQuery(pr: PrRef, reads: PullRequestReads) {
  const variables: Record<string, unknown> = { owner: pr.owner, name: pr.repo, number: pr.number, after: null };
  const declarations = ["$owner: String!", "$name: String!", "$number: Int!", "$after: String"];
  const merged = fileSelections(reads.merged, "m", variables, declarations);
  const base = fileSelections(reads.base, "b", variables, declarations);
  let head = "";
  if (reads.headIds?.paths.length) {
    declarations.push("$head: GitObjectID!");
    variables.head = reads.headIds.sha;
    head = `head: object(oid: $head) { ... on Commit { ${fileSelections(reads.headIds.paths, "h", variables, declarations, "id")} } }`;
  }
  const query = `query(${declarations.join(", ")}) {
  repository(owner: $owner, name: $name) {
    pullRequest(number: $number) {
      headRefOid
      baseRef { target { oid ... on Commit { ${base || "oid"} } } }
      potentialMergeCommit { oid parents(first: 2) { nodes { oid } } ${merged} }
      ${activityFields}
    }
    ${head}
  }
}`;
  return { query, variables };
}

/** One query: the blob ids of `paths` at each of `commits` (aliases `c0`, `c1`, …). */
export function buildBlobIdQuery(repo: RepoRef, commits: readonly string[], paths: readonly string[]) {
  const variables: Record<string, unknown> = { owner: repo.owner, name: repo.repo };
  const declarations = ["$owner: String!", "$name: String!"];
  const ids = fileSelections(paths, "p", variables, declarations, "id");
  const selections = commits.map((commit, index) => {
    declarations.push(`$c${index}: GitObjectID!`);
    variables[`c${index}`] = commit;
    return `c${index}: object(oid: $c${index}) { ... on Commit { ${ids} } }`;
  });
  return { query: `query(${declarations.join(", ")}) {\n  repository(owner: $owner, name: $name) {\n${selections.join("\n")}\n  }\n}`, variables };
}

/** One query for every blob, grouped per repository. */
export function buildBlobQuery(requests: readonly BlobRequest[]) {
  const repos: RepoRef[] = [];
  const repoIndex = (ref: RepoRef): number => {
    let index = repos.findIndex((repo) => repo.owner === ref.owner && repo.repo === ref.repo);
    if (index < 0) index = repos.push({ owner: ref.owner, repo: ref.repo }) - 1;
    return index;
  };
  const variables: Record<string, unknown> = {};
  const declarations: string[] = [];
  const fieldsByRepo = new Map<number, string[]>();
  const aliases = requests.map((request, index) => {
    const repo = repoIndex(request);
    declarations.push(`$e${index}: String!`);
    variables[`e${index}`] = `${request.ref}:${request.path}`;
    fieldsByRepo.set(repo, [...(fieldsByRepo.get(repo) ?? []), `f${index}: object(expression: $e${index}) { ${blobFields} }`]);
    return { request, repoAlias: `r${repo}`, fileAlias: `f${index}` };
  });
  const selections = repos.map((repo, index) => {
    declarations.push(`$o${index}: String!`, `$n${index}: String!`);
    variables[`o${index}`] = repo.owner;
    variables[`n${index}`] = repo.repo;
    return `r${index}: repository(owner: $o${index}, name: $n${index}) { ${(fieldsByRepo.get(index) ?? ["id"]).join("\n")} }`;
  });
  return { query: `query(${declarations.join(", ")}) {\n${selections.join("\n")}\n}`, variables, aliases };
}
