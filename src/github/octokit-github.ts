import type { ProbotOctokit } from "probot";
import type { ChangedFile } from "../core/change-set.js";
import { diffRanges } from "./diff-ranges.js";
import {
  blobKey,
  type BlobRequest,
  type BotComment,
  type CheckRunUpdate,
  type GitHubPort,
  type PrRef,
  type PullRequest,
  type PullRequestActivity,
  type PullRequestFile,
  type RepoRef,
  type ReviewState,
} from "./port.js";

type Octokit = InstanceType<typeof ProbotOctokit>;

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
  readonly databaseId: number | null;
  readonly body: string;
  readonly author: { readonly __typename: string; readonly login: string } | null;
}
interface GraphPullRequest {
  readonly headRefOid: string;
  readonly labels: { readonly nodes: readonly { readonly name: string }[] };
  readonly reviews: { readonly nodes: readonly { readonly author: { readonly login: string } | null; readonly state: ReviewState; readonly submittedAt: string | null }[] };
  readonly comments: { readonly pageInfo: { readonly hasNextPage: boolean; readonly endCursor: string | null }; readonly nodes: readonly GraphComment[] };
  readonly reviewThreads: { readonly nodes: readonly { readonly comments: { readonly nodes: readonly GraphComment[] } }[] };
}

const activityFields = `
      headRefOid
      labels(first: 100) { nodes { name } }
      reviews(last: 100) { nodes { author { login } state submittedAt } }
      comments(first: 100, after: $after) { pageInfo { hasNextPage endCursor } nodes { databaseId body author { __typename login } } }
      reviewThreads(last: 100) { nodes { comments(first: 1) { nodes { databaseId body author { __typename login } } } } }`;

/** GitHubPort over an installation's Octokit (REST for writes and listings, one GraphQL query for reads). */
export class OctokitGitHub implements GitHubPort {
  constructor(private readonly octokit: Octokit) {}

  async getPullRequest(pr: PrRef): Promise<PullRequest> {
    const { data } = await this.octokit.rest.pulls.get({ owner: pr.owner, repo: pr.repo, pull_number: pr.number });
    return {
      number: data.number,
      headSha: data.head.sha,
      baseSha: data.base.sha,
      author: data.user.login,
      labels: data.labels.map((label) => label.name),
      requestedReviewers: (data.requested_reviewers ?? []).map((user) => user.login),
      changedFiles: data.changed_files,
      state: data.state === "open" ? "open" : "closed",
      ...(data.body ? { body: data.body } : {}),
    };
  }

  async listChangedFiles(pr: PrRef, limit: number): Promise<readonly PullRequestFile[]> {
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
    const { data } = await this.octokit.rest.git.getTree({ owner: repo.owner, repo: repo.repo, tree_sha: sha, recursive: "1" });
    if (data.truncated) throw new Error(`the tree of ${repo.owner}/${repo.repo}@${sha} is too large for one listing`);
    return data.tree.filter((entry) => entry.type === "blob" && (entry.mode === "100644" || entry.mode === "100755") && entry.path).map((entry) => entry.path as string);
  }

  async readBlobs(requests: readonly BlobRequest[], pr?: PrRef): Promise<{ blobs: ReadonlyMap<string, Uint8Array | undefined>; activity?: PullRequestActivity }> {
    const { query, variables, aliases } = buildQuery(requests, pr);
    const data = await this.octokit.graphql<Record<string, Record<string, GraphBlob | GraphPullRequest | null> | null>>(query, variables);
    const blobs = new Map<string, Uint8Array | undefined>();
    const encoder = new TextEncoder();
    for (const { request, repoAlias, fileAlias } of aliases) {
      const blob = data[repoAlias]?.[fileAlias] as GraphBlob | null | undefined;
      if (!blob) blobs.set(blobKey(request), undefined);
      else if (blob.text !== null && !blob.isTruncated && !blob.isBinary) blobs.set(blobKey(request), encoder.encode(blob.text));
      else blobs.set(blobKey(request), await this.downloadBlob(request, blob));
    }
    if (!pr) return { blobs };
    const pull = data.r0?.pullRequest as GraphPullRequest | null | undefined;
    return { blobs, activity: pull ? await this.activityFrom(pr, pull) : { reviews: [], comments: [], reviewThreadComments: [] } };
  }

  /** Binary and large blobs come through the REST blob API (GraphQL gives no text for them). */
  private async downloadBlob(request: BlobRequest, blob: GraphBlob): Promise<Uint8Array> {
    if (blob.byteSize > maxBlobDownload) return new Uint8Array(maxBlobDownload + 1);
    const { data } = await this.octokit.rest.git.getBlob({ owner: request.owner, repo: request.repo, file_sha: blob.oid });
    return Buffer.from(data.content, "base64");
  }

  private async activityFrom(pr: PrRef, pull: GraphPullRequest): Promise<PullRequestActivity> {
    const comments = pull.comments.nodes.map(toBotComment);
    let page = pull.comments.pageInfo;
    // A busy pull request has more than 100 comments; kepbot's own may be on a later page.
    while (page.hasNextPage && !comments.some((comment) => comment.byBot)) {
      const more = await this.octokit.graphql<{ repository: { pullRequest: GraphPullRequest } }>(
        `query($owner: String!, $name: String!, $number: Int!, $after: String) { repository(owner: $owner, name: $name) { pullRequest(number: $number) { ${activityFields} } } }`,
        { owner: pr.owner, name: pr.repo, number: pr.number, after: page.endCursor },
      );
      comments.push(...more.repository.pullRequest.comments.nodes.map(toBotComment));
      page = more.repository.pullRequest.comments.pageInfo;
    }
    return {
      headSha: pull.headRefOid,
      labels: pull.labels.nodes.map((label) => label.name),
      reviews: pull.reviews.nodes.map((review) => ({ author: review.author?.login ?? "ghost", state: review.state, ...(review.submittedAt ? { submittedAt: review.submittedAt } : {}) })),
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

  async createCheckRun(repo: RepoRef, spec: { name: string; headSha: string; externalId: string; startedAt: string }): Promise<number> {
    const { data } = await this.octokit.rest.checks.create({
      owner: repo.owner,
      repo: repo.repo,
      name: spec.name,
      head_sha: spec.headSha,
      external_id: spec.externalId,
      status: "in_progress",
      started_at: spec.startedAt,
    });
    return data.id;
  }

  async updateCheckRun(repo: RepoRef, id: number, update: CheckRunUpdate): Promise<void> {
    await this.octokit.rest.checks.update({
      owner: repo.owner,
      repo: repo.repo,
      check_run_id: id,
      ...(update.status ? { status: update.status } : {}),
      ...(update.conclusion ? { conclusion: update.conclusion } : {}),
      ...(update.completedAt ? { completed_at: update.completedAt } : {}),
      ...(update.output ? { output: { title: update.output.title, summary: update.output.summary, ...(update.output.annotations ? { annotations: [...update.output.annotations] } : {}) } } : {}),
    });
  }

  async addLabels(pr: PrRef, labels: readonly string[]): Promise<void> {
    await this.octokit.rest.issues.addLabels({ owner: pr.owner, repo: pr.repo, issue_number: pr.number, labels: [...labels] });
  }

  async removeLabel(pr: PrRef, label: string): Promise<void> {
    await this.octokit.rest.issues.removeLabel({ owner: pr.owner, repo: pr.repo, issue_number: pr.number, name: label });
  }

  async createComment(pr: PrRef, body: string): Promise<number> {
    const { data } = await this.octokit.rest.issues.createComment({ owner: pr.owner, repo: pr.repo, issue_number: pr.number, body });
    return data.id;
  }

  async updateComment(repo: RepoRef, id: number, body: string): Promise<void> {
    await this.octokit.rest.issues.updateComment({ owner: repo.owner, repo: repo.repo, comment_id: id, body });
  }

  async createReviewComment(pr: PrRef, comment: { commitId: string; path: string; line: number; body: string }): Promise<void> {
    await this.octokit.rest.pulls.createReviewComment({
      owner: pr.owner,
      repo: pr.repo,
      pull_number: pr.number,
      commit_id: comment.commitId,
      path: comment.path,
      line: comment.line,
      side: "RIGHT",
      body: comment.body,
    });
  }

  async requestReviewers(pr: PrRef, logins: readonly string[]): Promise<void> {
    await this.octokit.rest.pulls.requestReviewers({ owner: pr.owner, repo: pr.repo, pull_number: pr.number, reviewers: [...logins] });
  }
}

function toBotComment(comment: GraphComment): BotComment {
  return { id: comment.databaseId ?? 0, body: comment.body, byBot: comment.author?.__typename === "Bot" };
}

/** One query for every blob (grouped per repository) and, with `pr`, the pull request's activity. */
export function buildQuery(requests: readonly BlobRequest[], pr?: PrRef) {
  const repos: RepoRef[] = pr ? [{ owner: pr.owner, repo: pr.repo }] : [];
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
    fieldsByRepo.set(repo, [...(fieldsByRepo.get(repo) ?? []), `f${index}: object(expression: $e${index}) { ... on Blob { oid byteSize isBinary isTruncated text } }`]);
    return { request, repoAlias: `r${repo}`, fileAlias: `f${index}` };
  });
  if (pr) {
    declarations.push("$number: Int!", "$after: String");
    variables.number = pr.number;
    variables.after = null;
    fieldsByRepo.set(0, [...(fieldsByRepo.get(0) ?? []), `pullRequest(number: $number) { ${activityFields} }`]);
  }
  const selections = repos.map((repo, index) => {
    declarations.push(`$o${index}: String!`, `$n${index}: String!`);
    variables[`o${index}`] = repo.owner;
    variables[`n${index}`] = repo.repo;
    return `r${index}: repository(owner: $o${index}, name: $n${index}) { ${(fieldsByRepo.get(index) ?? ["id"]).join("\n")} }`;
  });
  return { query: `query(${declarations.join(", ")}) {\n${selections.join("\n")}\n}`, variables, aliases };
}
