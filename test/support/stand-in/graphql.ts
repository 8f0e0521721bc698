/**
 * GitHub GraphQL for the stand-in: every query is validated with `validate()` from @octokit/graphql-schema
 * (GitHub's published schema) and then executed with graphql-js against the same schema, with resolvers over
 * the stand-in's in-memory model.
 */
import type { GraphQLError, GraphQLSchema } from "graphql";
import { isBinary, listTree, type Snapshot, type TreeEntry } from "./git.js";
import {
  pullFiles,
  realisticIds,
  resolveRev,
  stableId,
  testMerge,
  type CommentState,
  type IssueData,
  type ProjectData,
  type ProjectItemData,
  type PullData,
  type RepoData,
  type ReviewCommentState,
  type ReviewState,
} from "./model.js";

/** Blobs larger than this have `text: null` and `isTruncated: true`. */
export const GRAPHQL_BLOB_TEXT_LIMIT = 1024 * 1024;
/** GitHub's per-connection page limit. */
export const GRAPHQL_MAX_PAGE = 100;

export interface GraphqlModel {
  appSlug: string;
  findRepo(owner: string, name: string): RepoData | undefined;
  findPull(repo: RepoData, number: number): PullData | undefined;
  pullsOf(repo: RepoData): PullData[];
  comments: CommentState[];
  reviews: ReviewState[];
  reviewComments: ReviewCommentState[];
  labels(pullNumber: number): string[];
  requestedReviewers(pullNumber: number): string[];
  createIssueComment(repo: RepoData, issueNumber: number, body: string): CommentState;
  /** issues (not pull requests) of a repository, by number */
  issuesOf(repo: RepoData): IssueData[];
  /** a milestone's number by title (undefined: the repository has no such milestone) */
  milestoneNumber(repo: RepoData, title: string): number | undefined;
  milestoneTitles(repo: RepoData): string[];
  projects: ProjectData[];
  /** adds an issue (by node id) to a project; an issue already on it keeps its item, as on GitHub */
  addProjectItem(project: ProjectData, contentId: string): ProjectItemData;
  /** the fixture repository (the one with pulls and comments) */
  mainRepo(): RepoData;
  commentTime(index: number): string;
}

/** Errors that mean the client broke GitHub's GraphQL contract (recorded as invalid). */
export class GraphqlContractError extends Error {
  constructor(
    message: string,
    readonly type = "INVALID",
  ) {
    super(message);
  }
}

/** Errors GitHub returns for well-formed queries (e.g. NOT_FOUND). */
export class GraphqlResolveError extends Error {
  constructor(
    message: string,
    readonly type: string,
  ) {
    super(message);
  }
}

interface Loaded {
  schema: GraphQLSchema;
  validateQuery: (query: string) => ReadonlyArray<GraphQLError>;
  graphql: typeof import("graphql").graphql;
}

let loading: Promise<Loaded> | undefined;
export let graphqlLoadMs = 0;

/** Loads @octokit/graphql-schema and graphql-js once per process (about 1 s); later calls are free. */
export function loadGraphql(): Promise<Loaded> {
  loading ??= (async () => {
    const t0 = performance.now();
    const gqlSchema = await import("@octokit/graphql-schema");
    const gql = await import("graphql");
    // The introspection JSON and the IDL are the same schema; buildClientSchema(json) takes ~150 ms while
    // buildSchema(idl) takes ~500 ms and needs assumeValidSDL (the IDL defines
    // EnterpriseOwnerInfo.repositoryDeployKeySetting twice).
    const schema = gql.buildClientSchema(gqlSchema.schema.json as unknown as import("graphql").IntrospectionQuery);
    graphqlLoadMs = performance.now() - t0;
    return { schema, validateQuery: gqlSchema.validate, graphql: gql.graphql };
  })();
  return loading;
}

export interface GraphqlOutcome {
  status: number;
  body: unknown;
  /** the request broke the schema / GitHub's rules */
  invalid: boolean;
  /** fields the stand-in could not resolve (non-null fields it has no data for) */
  gaps: string[];
}

interface FormattedError {
  message: string;
  type?: string;
  path?: ReadonlyArray<string | number>;
  locations?: ReadonlyArray<{ line: number; column: number }>;
}

function formatError(e: GraphQLError): FormattedError {
  const original = e.originalError;
  const type =
    original instanceof GraphqlResolveError || original instanceof GraphqlContractError ? original.type : undefined;
  return {
    message: e.message,
    ...(type ? { type } : {}),
    ...(e.path ? { path: e.path } : {}),
    ...(e.locations ? { locations: e.locations } : {}),
  };
}

export async function executeGraphql(model: GraphqlModel, body: unknown): Promise<GraphqlOutcome> {
  const loaded = await loadGraphql();
  const request = (body ?? {}) as { query?: unknown; variables?: unknown; operationName?: unknown };
  if (typeof request.query !== "string") {
    return {
      status: 200,
      body: { errors: [{ message: "A query attribute must be specified and must be a string." }] },
      invalid: true,
      gaps: [],
    };
  }
  let validationErrors: ReadonlyArray<GraphQLError>;
  try {
    validationErrors = loaded.validateQuery(request.query);
  } catch (e) {
    validationErrors = [e as GraphQLError]; // syntax errors are thrown by graphql-tag
  }
  if (validationErrors.length > 0) {
    return {
      status: 200,
      body: {
        errors: validationErrors.map((e) => ({
          message: e.message,
          ...(e.locations ? { locations: e.locations } : {}),
        })),
      },
      invalid: true,
      gaps: [],
    };
  }
  const result = await loaded.graphql({
    schema: loaded.schema,
    source: request.query,
    variableValues: (request.variables ?? undefined) as Record<string, unknown> | undefined,
    operationName: typeof request.operationName === "string" ? request.operationName : undefined,
    rootValue: rootValue(model),
  });
  const errors = result.errors ?? [];
  const invalid =
    !("data" in result) ||
    result.data === undefined ||
    errors.some((e) => e.originalError instanceof GraphqlContractError);
  const gaps = errors
    .filter((e) => /Cannot return null for non-nullable field/.test(e.message))
    .map((e) => e.message);
  const out: Record<string, unknown> = {};
  if (result.data !== undefined) out["data"] = result.data;
  if (errors.length > 0) out["errors"] = errors.map(formatError);
  return { status: 200, body: out, invalid, gaps };
}

// ---------------------------------------------------------------------------------------------------------------
// Connections

interface ConnectionArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
}

function encodeCursor(index: number): string {
  return Buffer.from(`cursor:v2:${index}`).toString("base64");
}

function decodeCursor(cursor: string): number {
  const m = /^cursor:v2:(\d+)$/.exec(Buffer.from(cursor, "base64").toString("utf8"));
  if (!m || !m[1]) throw new GraphqlContractError(`\`${cursor}\` does not appear to be a valid cursor.`);
  return Number(m[1]);
}

function connection<T>(name: string, items: T[], args: ConnectionArgs, toNode: (item: T, index: number) => unknown) {
  const { first, last, after, before } = args;
  if ((first === undefined || first === null) && (last === undefined || last === null)) {
    throw new GraphqlContractError(`You must provide a \`first\` or \`last\` value to properly paginate the \`${name}\` connection.`);
  }
  for (const [argName, value] of [
    ["first", first],
    ["last", last],
  ] as const) {
    if (value !== undefined && value !== null && (value < 0 || value > GRAPHQL_MAX_PAGE)) {
      throw new GraphqlContractError(
        `Requesting ${value} records on the \`${name}\` connection exceeds the \`${argName}\` limit of ${GRAPHQL_MAX_PAGE} records.`,
      );
    }
  }
  let start = 0;
  let end = items.length;
  if (after) start = Math.max(start, decodeCursor(after) + 1);
  if (before) end = Math.min(end, decodeCursor(before));
  if (first !== undefined && first !== null) end = Math.min(end, start + first);
  if (last !== undefined && last !== null) start = Math.max(start, end - last);
  const slice = items.slice(start, Math.max(start, end)).map((item, i) => ({ index: start + i, item }));
  const nodes = slice.map(({ item, index }) => toNode(item, index));
  return {
    totalCount: items.length,
    nodes,
    edges: slice.map(({ index }, i) => ({ cursor: encodeCursor(index), node: nodes[i] })),
    pageInfo: {
      hasNextPage: start + slice.length < items.length && (first !== undefined && first !== null ? true : end < items.length),
      hasPreviousPage: start > 0,
      startCursor: slice.length ? encodeCursor(start) : null,
      endCursor: slice.length ? encodeCursor(start + slice.length - 1) : null,
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Objects

function nodeId(prefix: string, key: string | number): string {
  return `${prefix}_${Buffer.from(String(key)).toString("base64url")}`;
}

function decodeNodeId(prefix: string, id: string): string | undefined {
  if (!id.startsWith(`${prefix}_`)) return undefined;
  return Buffer.from(id.slice(prefix.length + 1), "base64url").toString("utf8");
}

function lineCount(bytes: Buffer): number {
  const text = bytes.toString("utf8");
  if (text === "") return 0;
  return text.split("\n").length - (text.endsWith("\n") ? 1 : 0);
}

const CHANGE_TYPE = { added: "ADDED", removed: "DELETED", renamed: "RENAMED", modified: "MODIFIED" } as const;

/** Resolver objects over the model. graphql-js' default field resolver calls function-valued properties with (args). */
function objects(model: GraphqlModel) {
  const botLogin = `${model.appSlug}[bot]`;

  const actor = (login: string, type?: "Bot" | "User") => {
    const isBot = type === "Bot" || login.endsWith("[bot]");
    // GitHub's GraphQL shows bots without the "[bot]" suffix that REST uses.
    const shown = login.replace(/\[bot\]$/, "");
    const dbId = stableId(`user:${shown}`);
    return {
      __typename: isBot ? "Bot" : "User",
      login: shown,
      id: nodeId(isBot ? "BOT" : "U", shown),
      databaseId: dbId,
      name: shown,
      url: isBot ? `https://github.com/apps/${shown}` : `https://github.com/${shown}`,
      resourcePath: isBot ? `/apps/${shown}` : `/${shown}`,
      avatarUrl: () => `https://avatars.githubusercontent.com/u/${dbId}?v=4`,
      createdAt: "2020-01-01T00:00:00Z",
      updatedAt: "2020-01-01T00:00:00Z",
    };
  };

  const owner = (login: string) => ({
    __typename: "Organization",
    login,
    id: nodeId("O", login),
    url: `https://github.com/${login}`,
    resourcePath: `/${login}`,
    avatarUrl: () => `https://avatars.githubusercontent.com/u/${stableId(`user:${login}`)}?v=4`,
  });

  const blob = (repo: RepoData, sha: string, bytes: Buffer, commitSha = "") => {
    const binary = isBinary(bytes);
    const truncated = bytes.length > GRAPHQL_BLOB_TEXT_LIMIT;
    return {
      __typename: "Blob",
      id: nodeId("B", `${repo.fullName}:${sha}`),
      oid: sha,
      abbreviatedOid: sha.slice(0, 7),
      byteSize: bytes.length,
      isBinary: binary,
      isTruncated: truncated,
      text: binary || truncated ? null : bytes.toString("utf8"),
      commitResourcePath: `/${repo.fullName}/commit/${commitSha}`,
      commitUrl: `https://github.com/${repo.fullName}/commit/${commitSha}`,
      repository: () => repository(repo),
    };
  };

  const tree = (repo: RepoData, snapshot: Snapshot, treeSha: string, commitSha: string) => ({
    __typename: "Tree",
    id: nodeId("T", `${repo.fullName}:${treeSha}`),
    oid: treeSha,
    abbreviatedOid: treeSha.slice(0, 7),
    commitResourcePath: `/${repo.fullName}/commit/${commitSha}`,
    commitUrl: `https://github.com/${repo.fullName}/commit/${commitSha}`,
    repository: () => repository(repo),
    entries: () => listTree(snapshot, treeSha, false).map((e) => treeEntry(repo, snapshot, e, commitSha)),
  });

  const treeEntry = (repo: RepoData, snapshot: Snapshot, e: TreeEntry, commitSha: string) => {
    const bytes = e.type === "blob" ? repo.blobs.get(e.sha) : undefined;
    const dot = e.name.lastIndexOf(".");
    return {
      name: e.name,
      nameRaw: Buffer.from(e.name).toString("base64"),
      path: e.path,
      pathRaw: Buffer.from(e.path).toString("base64"),
      type: e.type,
      mode: e.type === "tree" ? 0o40000 : 0o100644,
      oid: e.sha,
      size: e.size ?? 0,
      extension: e.type === "blob" && dot > 0 ? e.name.slice(dot) : null,
      isGenerated: false,
      language: null,
      submodule: null,
      lineCount: bytes && !isBinary(bytes) ? lineCount(bytes) : null,
      repository: () => repository(repo),
      object: () =>
        e.type === "tree" ? tree(repo, snapshot, e.sha, commitSha) : bytes ? blob(repo, e.sha, bytes, commitSha) : null,
    };
  };

  const commit = (repo: RepoData, sha: string, parents: readonly string[] = []): Record<string, unknown> => {
    const snapshot = repo.commits.get(sha);
    return {
      __typename: "Commit",
      id: nodeId("C", `${repo.fullName}:${sha}`),
      oid: sha,
      abbreviatedOid: sha.slice(0, 7),
      message: "",
      messageHeadline: "",
      messageBody: "",
      committedDate: "2024-01-01T00:00:00Z",
      authoredDate: "2024-01-01T00:00:00Z",
      url: `https://github.com/${repo.fullName}/commit/${sha}`,
      commitUrl: `https://github.com/${repo.fullName}/commit/${sha}`,
      resourcePath: `/${repo.fullName}/commit/${sha}`,
      commitResourcePath: `/${repo.fullName}/commit/${sha}`,
      repository: () => repository(repo),
      tree: () => (snapshot ? tree(repo, snapshot, snapshot.rootTree, sha) : null),
      parents: (args: ConnectionArgs) => connection("parents", [...parents], args, (parent) => commit(repo, parent)),
      /** `Commit.file(path:)`: the tree entry at a path, null when there is none. */
      file: (args: { path: string }) => {
        if (!snapshot) return null;
        const path = args.path.replace(/^\/+|\/+$/g, "");
        const blobAt = snapshot.files.get(path);
        const name = path.slice(path.lastIndexOf("/") + 1);
        if (blobAt) return treeEntry(repo, snapshot, { name, path, type: "blob", mode: "100644", sha: blobAt.sha, size: blobAt.bytes.length }, sha);
        const treeSha = snapshot.dirs.get(path);
        return treeSha ? treeEntry(repo, snapshot, { name, path, type: "tree", mode: "040000", sha: treeSha }, sha) : null;
      },
    };
  };

  /** `object(expression: "rev:path")` / `object(oid:)`: null when nothing matches, as on GitHub. */
  const gitObject = (repo: RepoData, args: { expression?: string | null; oid?: string | null }) => {
    if (args.oid) {
      if (repo.commits.has(args.oid)) return commit(repo, args.oid);
      const bytes = repo.blobs.get(args.oid);
      if (bytes) return blob(repo, args.oid, bytes);
      const snapshot = repo.treeIndex.get(args.oid);
      return snapshot ? tree(repo, snapshot, args.oid, "") : null;
    }
    const expression = args.expression ?? "";
    const colon = expression.indexOf(":");
    const sha = resolveRev(repo, colon === -1 ? expression : expression.slice(0, colon));
    if (!sha) return null;
    if (colon === -1) return commit(repo, sha);
    const snapshot = repo.commits.get(sha);
    if (!snapshot) return null;
    const path = expression.slice(colon + 1).replace(/^\/+|\/+$/g, "");
    const file = snapshot.files.get(path);
    if (file) return blob(repo, file.sha, file.bytes, sha);
    const treeSha = snapshot.dirs.get(path);
    return treeSha ? tree(repo, snapshot, treeSha, sha) : null;
  };

  const issueComment = (repo: RepoData, c: CommentState) => {
    const created = c.created_at ?? model.commentTime(model.comments.indexOf(c));
    return {
      __typename: "IssueComment",
      id: nodeId("IC", c.id),
      databaseId: c.id,
      fullDatabaseId: String(c.id),
      body: c.body,
      bodyText: c.body,
      author: actor(c.user.login, c.user.type),
      createdAt: created,
      updatedAt: c.updated_at ?? created,
      publishedAt: created,
      url: `https://github.com/${repo.fullName}/pull/${c.issue_number}#issuecomment-${c.id}`,
      isMinimized: c.minimized_reason !== undefined,
      minimizedReason: c.minimized_reason ?? null,
      viewerDidAuthor: c.user.login === botLogin,
      viewerCanUpdate: true,
      viewerCanDelete: true,
      viewerCanMinimize: true,
    };
  };

  const reviewComment = (repo: RepoData, c: ReviewCommentState) => {
    const created = c.created_at ?? model.commentTime(model.reviewComments.indexOf(c));
    const login = c.user?.login ?? botLogin;
    return {
      __typename: "PullRequestReviewComment",
      id: nodeId("PRRC", c.id),
      databaseId: c.id,
      fullDatabaseId: String(c.id),
      body: c.body,
      bodyText: c.body,
      path: c.path,
      line: c.line,
      startLine: c.start_line ?? null,
      originalLine: c.line,
      diffHunk: "",
      author: actor(login, c.user?.type ?? "Bot"),
      commit: commit(repo, c.commit_id),
      originalCommit: commit(repo, c.commit_id),
      createdAt: created,
      updatedAt: created,
      url: `https://github.com/${repo.fullName}/pull/${c.pull_number}#discussion_r${c.id}`,
      isMinimized: false,
      outdated: false,
      viewerDidAuthor: login === botLogin,
    };
  };

  const review = (repo: RepoData, r: ReviewState) => {
    const index = model.reviews.indexOf(r);
    const id = r.id ?? realisticIds.review + index;
    const submitted = r.submitted_at ?? model.commentTime(index);
    return {
      __typename: "PullRequestReview",
      id: nodeId("PRR", id),
      databaseId: id,
      fullDatabaseId: String(id),
      author: actor(r.user),
      state: r.state,
      body: r.body ?? "",
      bodyText: r.body ?? "",
      submittedAt: r.state === "PENDING" ? null : submitted,
      createdAt: submitted,
      publishedAt: r.state === "PENDING" ? null : submitted,
      commit: commit(repo, r.commit_id),
      url: `https://github.com/${repo.fullName}/pull/${r.pull_number}#pullrequestreview-${id}`,
      comments: (args: ConnectionArgs) =>
        connection(
          "comments",
          model.reviewComments.filter((c) => c.review_id === id),
          args,
          (c) => reviewComment(repo, c),
        ),
    };
  };

  const label = (repo: RepoData, name: string) => ({
    __typename: "Label",
    id: nodeId("LA", `${repo.fullName}:${name}`),
    name,
    color: "ededed",
    description: null,
    isDefault: false,
    url: `https://github.com/${repo.fullName}/labels/${encodeURIComponent(name)}`,
  });

  const pullRequest = (repo: RepoData, pull: PullData) => {
    const files = () => pullFiles(repo, pull.baseSha, pull.headSha);
    const reviewsFor = (args: { states?: string[] | null; author?: string | null }) =>
      model.reviews.filter(
        (r) =>
          r.pull_number === pull.number &&
          (!args.states || args.states.includes(r.state)) &&
          (!args.author || r.user.replace(/\[bot\]$/, "") === args.author),
      );
    return {
      __typename: "PullRequest",
      id: nodeId("PR", `${repo.fullName}#${pull.number}`),
      databaseId: stableId(`pr:${repo.fullName}#${pull.number}`),
      fullDatabaseId: String(stableId(`pr:${repo.fullName}#${pull.number}`)),
      number: pull.number,
      title: pull.title,
      body: pull.body,
      bodyText: pull.body,
      state: "OPEN",
      closed: false,
      merged: false,
      isDraft: false,
      locked: false,
      mergeable: "MERGEABLE",
      isCrossRepository: true,
      headRefOid: pull.headSha,
      baseRefOid: pull.baseSha,
      headRefName: pull.headRef,
      baseRefName: pull.baseRef,
      baseRef: () => {
        const tip = repo.refs.get(pull.baseRef);
        return tip ? ref(repo, pull.baseRef, tip) : null;
      },
      potentialMergeCommit: () => {
        const merge = testMerge(repo, pull);
        return merge ? commit(repo, merge.sha, merge.parents) : null;
      },
      createdAt: pull.createdAt,
      updatedAt: pull.createdAt,
      url: `https://github.com/${repo.fullName}/pull/${pull.number}`,
      resourcePath: `/${repo.fullName}/pull/${pull.number}`,
      permalink: `https://github.com/${repo.fullName}/pull/${pull.number}`,
      author: actor(pull.author),
      authorAssociation: "CONTRIBUTOR",
      repository: () => repository(repo),
      baseRepository: () => repository(repo),
      headRepositoryOwner: () => ({ ...actor(pull.author), __typename: "User" }),
      changedFiles: () => files().length,
      additions: () => files().reduce((n, f) => n + f.diff.additions, 0),
      deletions: () => files().reduce((n, f) => n + f.diff.deletions, 0),
      labels: (args: ConnectionArgs) => connection("labels", model.labels(pull.number), args, (n) => label(repo, n)),
      reviews: (args: ConnectionArgs & { states?: string[] | null; author?: string | null }) =>
        connection("reviews", reviewsFor(args), args, (r) => review(repo, r)),
      latestReviews: (args: ConnectionArgs) => {
        const latest = new Map<string, ReviewState>();
        for (const r of reviewsFor({})) if (r.state !== "PENDING") latest.set(r.user, r);
        return connection("latestReviews", [...latest.values()], args, (r) => review(repo, r));
      },
      comments: (args: ConnectionArgs) =>
        connection(
          "comments",
          model.comments.filter((c) => c.issue_number === pull.number),
          args,
          (c) => issueComment(repo, c),
        ),
      reviewThreads: (args: ConnectionArgs) => {
        const roots = model.reviewComments.filter((c) => c.pull_number === pull.number && c.in_reply_to_id === undefined);
        return connection("reviewThreads", roots, args, (root) => ({
          __typename: "PullRequestReviewThread",
          id: nodeId("PRRT", root.id),
          path: root.path,
          line: root.line,
          startLine: root.start_line ?? null,
          originalLine: root.line,
          diffSide: root.side ?? "RIGHT",
          isResolved: false,
          isOutdated: false,
          isCollapsed: false,
          subjectType: "LINE",
          viewerCanReply: true,
          viewerCanResolve: true,
          viewerCanUnresolve: false,
          repository: () => repository(repo),
          pullRequest: () => pullRequest(repo, pull),
          comments: (cargs: ConnectionArgs) =>
            connection(
              "comments",
              model.reviewComments.filter((c) => c.id === root.id || c.in_reply_to_id === root.id),
              cargs,
              (c) => reviewComment(repo, c),
            ),
        }));
      },
      files: (args: ConnectionArgs) =>
        connection("files", files(), args, (f) => ({
          path: f.filename,
          additions: f.diff.additions,
          deletions: f.diff.deletions,
          changeType: CHANGE_TYPE[f.status],
          viewerViewedState: "UNVIEWED",
        })),
      reviewRequests: (args: ConnectionArgs) =>
        connection("reviewRequests", model.requestedReviewers(pull.number), args, (login) => ({
          __typename: "ReviewRequest",
          id: nodeId("RR", `${pull.number}:${login}`),
          asCodeOwner: false,
          requestedReviewer: actor(login),
        })),
    };
  };

  const ref = (repo: RepoData, name: string, sha: string) => ({
    __typename: "Ref",
    id: nodeId("REF", `${repo.fullName}:${name}`),
    name,
    prefix: "refs/heads/",
    target: commit(repo, sha),
  });

  const repository = (repo: RepoData): Record<string, unknown> => {
    const headSha = repo.refs.get(repo.defaultBranch);
    return {
      __typename: "Repository",
      id: repo.nodeId,
      databaseId: repo.id,
      name: repo.repo,
      nameWithOwner: repo.fullName,
      url: `https://github.com/${repo.fullName}`,
      resourcePath: `/${repo.fullName}`,
      isFork: false,
      isArchived: false,
      isPrivate: false,
      owner: owner(repo.owner),
      defaultBranchRef: headSha ? ref(repo, repo.defaultBranch, headSha) : null,
      object: (args: { expression?: string | null; oid?: string | null }) => gitObject(repo, args),
      ref: (args: { qualifiedName: string }) => {
        const name = args.qualifiedName.replace(/^refs\/heads\//, "");
        const sha = repo.refs.get(name);
        return sha ? ref(repo, name, sha) : null;
      },
      pullRequest: (args: { number: number }) => {
        const pull = model.findPull(repo, args.number);
        if (!pull) {
          throw new GraphqlResolveError(`Could not resolve to a PullRequest with the number of ${args.number}.`, "NOT_FOUND");
        }
        return pullRequest(repo, pull);
      },
      pullRequests: (args: ConnectionArgs) =>
        connection("pullRequests", model.pullsOf(repo), args, (p) => pullRequest(repo, p)),
      milestones: (args: ConnectionArgs & { query?: string | null }) => {
        const query = args.query?.toLowerCase();
        const titles = model.milestoneTitles(repo).filter((title) => !query || title.toLowerCase().includes(query));
        return connection("milestones", titles, args, (title) => milestone(repo, title));
      },
      milestone: (args: { number: number }) => {
        const title = model.milestoneTitles(repo).find((t) => model.milestoneNumber(repo, t) === args.number);
        return title === undefined ? null : milestone(repo, title);
      },
      issue: (args: { number: number }) => {
        const found = model.issuesOf(repo).find((i) => i.number === args.number);
        if (!found) throw new GraphqlResolveError(`Could not resolve to an Issue with the number of ${args.number}.`, "NOT_FOUND");
        return issue(repo, found);
      },
    };
  };

  const issueNodeId = (repo: RepoData, number: number) => nodeId("I", `${repo.fullName}#${number}`);

  const milestone = (repo: RepoData, title: string): Record<string, unknown> => {
    const number = model.milestoneNumber(repo, title) ?? 0;
    return {
      __typename: "Milestone",
      id: nodeId("MI", `${repo.fullName}:${number}`),
      number,
      title,
      state: "OPEN",
      closed: false,
      description: null,
      dueOn: null,
      url: `https://github.com/${repo.fullName}/milestone/${number}`,
      resourcePath: `/${repo.fullName}/milestone/${number}`,
      issues: (args: ConnectionArgs & { labels?: string[] | null; states?: string[] | null }) => {
        const wanted = args.labels?.map((label) => label.toLowerCase());
        const items = model
          .issuesOf(repo)
          .filter((i) => i.milestone === title)
          .filter((i) => !args.states || args.states.includes(i.state.toUpperCase()))
          .filter((i) => !wanted || model.labels(i.number).some((label) => wanted.includes(label.toLowerCase())))
          .sort((a, b) => a.number - b.number);
        return connection("issues", items, args, (i) => issue(repo, i));
      },
    };
  };

  const projectItem = (project: ProjectData, item: ProjectItemData) => ({
    __typename: "ProjectV2Item",
    id: item.id,
    isArchived: false,
    type: "ISSUE",
    project: () => projectV2(project),
    fieldValues: (args: ConnectionArgs) =>
      connection(
        "fieldValues",
        Object.entries(item.values),
        args,
        ([fieldId, optionId]) => {
          const field = project.fields.find((f) => f.id === fieldId);
          const option = field?.options.find((o) => o.id === optionId);
          return {
            __typename: "ProjectV2ItemFieldSingleSelectValue",
            id: nodeId("PVTFSV", `${item.id}:${fieldId}`),
            optionId,
            name: option?.name ?? null,
            field: field ? singleSelectField(project, field) : null,
          };
        },
      ),
  });

  const singleSelectField = (project: ProjectData, field: ProjectData["fields"][number]) => ({
    __typename: "ProjectV2SingleSelectField",
    id: field.id,
    name: field.name,
    dataType: "SINGLE_SELECT",
    options: (args: { names?: string[] | null }) =>
      field.options
        .filter((o) => !args.names || args.names.some((n) => n.toLowerCase() === o.name.toLowerCase()))
        .map((o) => ({ id: o.id, name: o.name, nameHTML: o.name, color: "GRAY", description: "", descriptionHTML: "" })),
    project: () => projectV2(project),
  });

  const projectV2 = (project: ProjectData): Record<string, unknown> => ({
    __typename: "ProjectV2",
    id: project.id,
    number: project.number,
    title: project.title,
    closed: false,
    public: false,
    url: `https://github.com/orgs/${project.owner}/projects/${project.number}`,
    fields: (args: ConnectionArgs) =>
      connection("fields", [{ name: "Title" }, ...project.fields], args, (field) =>
        "id" in field
          ? singleSelectField(project, field)
          : { __typename: "ProjectV2Field", id: nodeId("PVTF", `${project.id}:${field.name}`), name: field.name, dataType: "TITLE" },
      ),
  });

  const issue = (repo: RepoData, data: IssueData): Record<string, unknown> => {
    const id = issueNodeId(repo, data.number);
    return {
      __typename: "Issue",
      id,
      databaseId: stableId(`issue:${repo.fullName}#${data.number}`),
      fullDatabaseId: String(stableId(`issue:${repo.fullName}#${data.number}`)),
      number: data.number,
      title: data.title,
      body: data.body,
      bodyText: data.body,
      state: data.state === "open" ? "OPEN" : "CLOSED",
      closed: data.state !== "open",
      locked: false,
      createdAt: data.createdAt,
      updatedAt: data.createdAt,
      url: `https://github.com/${repo.fullName}/issues/${data.number}`,
      resourcePath: `/${repo.fullName}/issues/${data.number}`,
      author: actor(data.author),
      repository: () => repository(repo),
      milestone: () => (data.milestone ? milestone(repo, data.milestone) : null),
      labels: (args: ConnectionArgs) => connection("labels", model.labels(data.number), args, (n) => label(repo, n)),
      comments: (args: ConnectionArgs) =>
        connection(
          "comments",
          model.comments.filter((c) => c.issue_number === data.number),
          args,
          (c) => issueComment(repo, c),
        ),
      projectItems: (args: ConnectionArgs) => {
        const items = model.projects.flatMap((project) => project.items.filter((item) => item.contentId === id).map((item) => ({ project, item })));
        return connection("projectItems", items, args, ({ project, item }) => projectItem(project, item));
      },
    };
  };

  return { actor, repository, issueComment, pullRequest, issue, projectV2, projectItem };
}

function notFoundNode(id: string): GraphqlResolveError {
  return new GraphqlResolveError(`Could not resolve to a node with the global id of '${id}'`, "NOT_FOUND");
}

function rootValue(model: GraphqlModel): Record<string, unknown> {
  const o = objects(model);
  const repo = model.mainRepo();
  const commentByNodeId = (id: string): CommentState | undefined => {
    const key = decodeNodeId("IC", id);
    return key === undefined ? undefined : model.comments.find((c) => String(c.id) === key);
  };
  return {
    repository: (args: { owner: string; name: string }) => {
      const found = model.findRepo(args.owner, args.name);
      if (!found) {
        throw new GraphqlResolveError(`Could not resolve to a Repository with the name '${args.owner}/${args.name}'.`, "NOT_FOUND");
      }
      return o.repository(found);
    },
    rateLimit: () => ({
      cost: 1,
      limit: 5000,
      nodeCount: 0,
      remaining: 4999,
      used: 1,
      resetAt: new Date(Date.now() + 3600_000).toISOString(),
    }),
    node: (args: { id: string }) => {
      const c = commentByNodeId(args.id);
      return c ? o.issueComment(repo, c) : null;
    },
    nodes: (args: { ids: string[] }) => {
      if (args.ids.length > 100) throw new GraphqlContractError(`You may not request more than 100 nodes at once; ${args.ids.length} were requested.`);
      return args.ids.map((id) => {
        const c = commentByNodeId(id);
        return c ? o.issueComment(repo, c) : null;
      });
    },
    organization: (args: { login: string }) => {
      const projects = model.projects.filter((p) => p.owner.toLowerCase() === args.login.toLowerCase());
      if (!projects.length && args.login.toLowerCase() !== repo.owner.toLowerCase()) {
        throw new GraphqlResolveError(`Could not resolve to an Organization with the login of '${args.login}'.`, "NOT_FOUND");
      }
      return {
        __typename: "Organization",
        login: args.login,
        id: nodeId("O", args.login),
        projectV2: (pargs: { number: number }) => {
          const project = projects.find((p) => p.number === pargs.number);
          if (!project) throw new GraphqlResolveError(`Could not resolve to a ProjectV2 with the number ${pargs.number}.`, "NOT_FOUND");
          return o.projectV2(project);
        },
      };
    },
    addProjectV2ItemById: (args: { input: { projectId: string; contentId: string; clientMutationId?: string | null } }) => {
      const project = model.projects.find((p) => p.id === args.input.projectId);
      if (!project) throw notFoundNode(args.input.projectId);
      const key = decodeNodeId("I", args.input.contentId) ?? "";
      const m = /^([^/]+)\/([^#]+)#(\d+)$/.exec(key);
      const target = m ? model.findRepo(m[1] ?? "", m[2] ?? "") : undefined;
      if (!target || !model.issuesOf(target).some((i) => i.number === Number(m?.[3]))) throw notFoundNode(args.input.contentId);
      const item = model.addProjectItem(project, args.input.contentId);
      return { clientMutationId: args.input.clientMutationId ?? null, item: o.projectItem(project, item) };
    },
    updateProjectV2ItemFieldValue: (args: { input: { projectId: string; itemId: string; fieldId: string; value: { singleSelectOptionId?: string | null; text?: string | null }; clientMutationId?: string | null } }) => {
      const project = model.projects.find((p) => p.id === args.input.projectId);
      if (!project) throw notFoundNode(args.input.projectId);
      const item = project.items.find((i) => i.id === args.input.itemId);
      if (!item) throw notFoundNode(args.input.itemId);
      const field = project.fields.find((f) => f.id === args.input.fieldId);
      if (!field) throw notFoundNode(args.input.fieldId);
      const optionId = args.input.value.singleSelectOptionId;
      if (!optionId || !field.options.some((option) => option.id === optionId)) {
        throw new GraphqlContractError(`The single select option Id does not belong to the field ${field.name}`);
      }
      item.values[field.id] = optionId;
      return { clientMutationId: args.input.clientMutationId ?? null, projectV2Item: o.projectItem(project, item) };
    },
    minimizeComment: (args: { input: { subjectId: string; classifier: string; clientMutationId?: string | null } }) => {
      const c = commentByNodeId(args.input.subjectId);
      if (!c) throw notFoundNode(args.input.subjectId);
      c.minimized_reason = args.input.classifier.toLowerCase();
      return { clientMutationId: args.input.clientMutationId ?? null, minimizedComment: o.issueComment(repo, c) };
    },
    unminimizeComment: (args: { input: { subjectId: string; clientMutationId?: string | null } }) => {
      const c = commentByNodeId(args.input.subjectId);
      if (!c) throw notFoundNode(args.input.subjectId);
      delete c.minimized_reason;
      return { clientMutationId: args.input.clientMutationId ?? null, unminimizedComment: o.issueComment(repo, c) };
    },
    updateIssueComment: (args: { input: { id: string; body: string; clientMutationId?: string | null } }) => {
      const c = commentByNodeId(args.input.id);
      if (!c) throw notFoundNode(args.input.id);
      c.body = args.input.body;
      c.updated_at = new Date().toISOString();
      return { clientMutationId: args.input.clientMutationId ?? null, issueComment: o.issueComment(repo, c) };
    },
    addComment: (args: { input: { subjectId: string; body: string; clientMutationId?: string | null } }) => {
      const key = decodeNodeId("PR", args.input.subjectId) ?? "";
      const m = /^([^/]+)\/([^#]+)#(\d+)$/.exec(key);
      const target = m ? model.findRepo(m[1] ?? "", m[2] ?? "") : undefined;
      const number = Number(m?.[3]);
      const pull = target ? model.findPull(target, number) : undefined;
      if (!target || !pull) throw notFoundNode(args.input.subjectId);
      const c = model.createIssueComment(target, number, args.input.body);
      return {
        clientMutationId: args.input.clientMutationId ?? null,
        commentEdge: { cursor: encodeCursor(model.comments.indexOf(c)), node: o.issueComment(target, c) },
        subject: o.pullRequest(target, pull),
      };
    },
  };
}
