/**
 * A GitHub stand-in for end-to-end tests: a loopback HTTP server that serves a fixture repository, checks every
 * request against GitHub's official OpenAPI description (api.github.com.json from @octokit/openapi) and GraphQL
 * schema (@octokit/graphql-schema), answers as GitHub would, and records every request.
 *
 *   const gh = await GitHubStandIn.start({ owner, repo, installationId, commits, pulls });
 *   process.env.GHE_HOST = gh.host; process.env.GHE_PROTOCOL = "http";   // or new Probot({ baseUrl: gh.baseUrl })
 *   … deliver a webhook …
 *   expect(gh.invalidRequests).toEqual([]);
 *   await gh.stop();
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { buildSnapshot, listTree, syntheticCommitSha, type FileContent } from "./stand-in/git.js";
import { FaultInjector, faultReply, type FaultKind, type FaultOptions, type InjectedFault } from "./stand-in/faults.js";
import { executeGraphql, loadGraphql, type GraphqlModel } from "./stand-in/graphql.js";
import {
  addCommit,
  isSha,
  projectNodeId,
  projectOptionId,
  makeFileRepo,
  makeRepo,
  pullFiles,
  realisticIds,
  resolveRev,
  stableId,
  type CheckRunState,
  type CommentState,
  type IssueData,
  type ProjectData,
  type ProjectItemData,
  type PullData,
  type RepoData,
  type ReviewCommentState,
  type ReviewState,
} from "./stand-in/model.js";
import {
  bodyValidator,
  describeAjvErrors,
  loadSpec,
  matchRoute,
  validateParameters,
  type Operation,
  type ValidationIssue,
} from "./stand-in/openapi.js";

export type { CheckRunState, CommentState, IssueData, ProjectData, ProjectItemData, ReviewCommentState, ReviewState } from "./stand-in/model.js";
export { realisticIds } from "./stand-in/model.js";
export { DEFAULT_STALL_MS, FAULT_KINDS, TOKEN_ENDPOINT, type FaultKind, type FaultOptions, type InjectedFault } from "./stand-in/faults.js";

export interface FixtureFile {
  path: string;
  content: string | Uint8Array;
}

export interface StandInOptions {
  owner: string;
  repo: string;
  installationId: number;
  /** files at each commit, keyed by 40-hex sha */
  commits: Record<string, Record<string, string | Uint8Array>>;
  pulls: {
    number: number;
    baseSha: string;
    headSha: string;
    baseRef?: string;
    /** branch name on the author's fork (default `kep-<number>`) */
    headRef?: string;
    author: string;
    labels?: string[];
    title?: string;
    body?: string;
    requestedReviewers?: string[];
  }[];
  /** issues (not pull requests) of the fixture repository, e.g. enhancement issues with their milestone */
  issues?: { number: number; title?: string; body?: string; author?: string; labels?: string[]; milestone?: string; state?: "open" | "closed" }[];
  /** milestone titles in the order GitHub numbered them (default: the issues' milestones in order of appearance) */
  milestones?: string[];
  /** organizations' Projects (v2) boards: single-select field name → option names */
  projects?: { owner: string; number: number; title?: string; fields: Record<string, string[]> }[];
  /** e.g. kubernetes/community with sigs.yaml; `defaultBranch` defaults to "master" */
  extraRepos?: { owner: string; repo: string; defaultBranchFiles: Record<string, string>; defaultBranch?: string }[];
  /** added to every response (benchmarks use 50) */
  latencyMs?: number;
  /** default "kepbot" */
  appSlug?: string;
  /** organization teams: `org/team-slug` → member logins (for team membership checks) */
  teams?: Record<string, string[]>;
  /** default 424242 */
  appId?: number;
  /** default branch of the fixture repository (default: the first pull's baseRef, else "master") */
  defaultBranch?: string;
  /** branch name → commit sha (default: each pull's baseRef points at the first such pull's baseSha) */
  branches?: Record<string, string>;
  /** start loading the GraphQL schema (≈1 s, once per process) right after listening */
  preloadGraphql?: boolean;
  /**
   * Fail about `rate` of the requests as GitHub does (502, 429, secondary rate limit, a stall), chosen by a seeded
   * PRNG, before handling them: a faulted request changes nothing. The installation-token request is excluded
   * by default (see `FaultOptions.exclude`). Settable later through the `faults` property.
   */
  faults?: FaultOptions;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  status: number;
  operationId?: string;
  /** why the request was answered 4xx for breaking the contract, or what the stand-in lacks */
  problems?: string[];
  /** set when the answer was an injected fault (the request was not handled) */
  fault?: FaultKind;
}

/** Checks API limits GitHub documents but the OpenAPI schema does not encode. */
export const ANNOTATION_TITLE_MAX = 255;
export const ANNOTATION_MESSAGE_MAX_BYTES = 64 * 1024;
export const CHECK_OUTPUT_TEXT_MAX = 65535;
export const MAX_ANNOTATIONS_PER_REQUEST = 50;
/** GET /pulls/{n}/files lists at most this many files. */
export const PULL_FILES_MAX = 3000;
/** The contents API returns content only up to this size. */
export const CONTENTS_MAX_BYTES = 1024 * 1024;

const TOKEN_PERMISSIONS = {
  checks: "write",
  contents: "read",
  issues: "write",
  metadata: "read",
  pull_requests: "write",
} as const;

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly kind: "invalid" | "semantic" | "auth" | "unimplemented" = "semantic",
    readonly problems: string[] = [],
  ) {
    super(typeof body === "object" && body && "message" in body ? String((body as { message: unknown }).message) : String(status));
  }
}

interface Reply {
  status: number;
  body?: unknown;
  raw?: Buffer | string;
  headers?: Record<string, string>;
}

interface Ctx {
  method: string;
  path: string;
  prefix: string;
  query: Record<string, string>;
  body: unknown;
  params: Record<string, string>;
  headers: IncomingHttpHeaders;
  operation: Operation;
  origin: string;
  repo?: RepoData;
}

type Handler = (ctx: Ctx) => Reply | Promise<Reply>;

const DOCS = "https://docs.github.com/rest";

function notFound(): HttpError {
  return new HttpError(404, { message: "Not Found", documentation_url: DOCS, status: "404" });
}

function validationFailed(resource: string, field: string, message: string, code = "custom"): HttpError {
  return new HttpError(
    422,
    { message: "Validation Failed", errors: [{ resource, code, field, message }], documentation_url: DOCS, status: "422" },
    "semantic",
    [message],
  );
}

function invalidRequest(issues: ValidationIssue[]): HttpError {
  return new HttpError(
    422,
    { message: "Invalid request.", errors: issues, documentation_url: DOCS, status: "422" },
    "invalid",
    issues.map((i) => i.message),
  );
}

function base64Lines(bytes: Buffer): string {
  return (bytes.toString("base64").match(/.{1,60}/g) ?? []).join("\n") + "\n";
}

/**
 * Requests GitHub documents as valid but the OpenAPI schema rejects:
 * - issues/set-labels: "You can pass an empty array to remove all labels", yet `labels` has `minItems: 1`;
 * - issues/add-labels and issues/set-labels: "You can also pass an array of labels directly", yet the schema only
 *   describes `{ labels: [...] }`.
 */
function knownSchemaException(operationId: string, body: unknown): boolean {
  if (operationId !== "issues/set-labels" && operationId !== "issues/add-labels") return false;
  if (Array.isArray(body)) return body.every((l) => typeof l === "string" || (typeof l === "object" && l !== null && typeof (l as { name?: unknown }).name === "string"));
  const labels = (body as { labels?: unknown } | null)?.labels;
  return operationId === "issues/set-labels" && Array.isArray(labels) && labels.length === 0;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function decodeJwtPart(part: string): unknown {
  try {
    return JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
  } catch {
    return undefined;
  }
}

export class GitHubStandIn implements GraphqlModel {
  readonly host: string;
  readonly baseUrl: string;
  readonly requests: RecordedRequest[] = [];
  readonly invalidRequests: RecordedRequest[] = [];
  /** requests for documented operations the stand-in does not implement (answered 404) or GraphQL fields it cannot resolve */
  readonly unimplementedRequests: RecordedRequest[] = [];

  checkRuns: CheckRunState[] = [];
  /** `org/team-slug` → member logins */
  teams: Record<string, string[]> = {};
  comments: CommentState[] = [];
  reviewComments: ReviewCommentState[] = [];
  reviews: ReviewState[] = [];
  /** every fault injected so far (see `faults`), in the order they were decided */
  readonly injectedFaults: InjectedFault[] = [];

  readonly appSlug: string;
  readonly appId: number;
  readonly installationId: number;
  /** how long start() took, in ms (spec parse included when it was the first start in this process) */
  readonly startupMs: number;

  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private readonly latencyMs: number;
  private readonly repos = new Map<string, RepoData>();
  private readonly main: RepoData;
  private readonly pulls = new Map<number, PullData>();
  private readonly issueMap = new Map<number, IssueData>();
  private readonly milestoneList: string[] = [];
  projects: ProjectData[] = [];
  private readonly labelMap = new Map<number, string[]>();
  private readonly reviewerMap = new Map<number, string[]>();
  private readonly tokens = new Map<string, number>();
  private readonly commentTimeBase = Date.parse("2024-01-01T00:00:00Z");
  private rateRemaining = 5000;
  private faultOptions: FaultOptions | undefined;
  private faultInjector: FaultInjector | undefined;
  private readonly stalls = new Set<NodeJS.Timeout>();

  private constructor(options: StandInOptions, server: Server, port: number, startupMs: number) {
    this.server = server;
    this.host = `127.0.0.1:${port}`;
    this.teams = options.teams ?? {};
    this.baseUrl = `http://127.0.0.1:${port}/api/v3`;
    this.latencyMs = options.latencyMs ?? 0;
    this.appSlug = options.appSlug ?? "kepbot";
    this.appId = options.appId ?? 424242;
    this.installationId = options.installationId;
    this.startupMs = startupMs;
    this.faults = options.faults;

    for (const sha of Object.keys(options.commits)) {
      if (!isSha(sha)) throw new Error(`GitHubStandIn: commit key ${JSON.stringify(sha)} is not a 40-hex sha`);
    }
    const defaultBranch = options.defaultBranch ?? options.pulls[0]?.baseRef ?? "master";
    this.main = makeRepo(options.owner, options.repo, options.commits, defaultBranch, true);
    this.repos.set(this.main.fullName.toLowerCase(), this.main);
    for (const p of options.pulls) {
      for (const sha of [p.baseSha, p.headSha]) {
        if (!this.main.commits.has(sha)) throw new Error(`GitHubStandIn: pull #${p.number} refers to unknown commit ${sha}`);
      }
      const pull: PullData = {
        number: p.number,
        baseSha: p.baseSha,
        headSha: p.headSha,
        baseRef: p.baseRef ?? defaultBranch,
        headRef: p.headRef ?? `kep-${p.number}`,
        author: p.author,
        title: p.title ?? `KEP update #${p.number}`,
        body: p.body ?? "",
        createdAt: new Date(this.commentTimeBase).toISOString(),
      };
      this.pulls.set(p.number, pull);
      this.labelMap.set(p.number, [...new Set(p.labels ?? [])]);
      this.reviewerMap.set(p.number, [...new Set(p.requestedReviewers ?? [])]);
      // A branch points at the base of the first pull that names it (override with `branches`).
      if (!this.main.refs.has(pull.baseRef)) this.main.refs.set(pull.baseRef, p.baseSha);
      this.main.refs.set(`pull/${p.number}/head`, p.headSha);
    }
    for (const title of options.milestones ?? []) this.addMilestone(title);
    for (const i of options.issues ?? []) {
      if (this.pulls.has(i.number)) throw new Error(`GitHubStandIn: #${i.number} is both a pull and an issue`);
      this.issueMap.set(i.number, {
        number: i.number,
        title: i.title ?? `Enhancement #${i.number}`,
        body: i.body ?? "",
        author: i.author ?? "enhancement-author",
        state: i.state ?? "open",
        ...(i.milestone !== undefined ? { milestone: this.addMilestone(i.milestone) } : {}),
        createdAt: new Date(this.commentTimeBase).toISOString(),
      });
      this.labelMap.set(i.number, [...new Set(i.labels ?? [])]);
    }
    for (const p of options.projects ?? []) {
      const id = projectNodeId("PVT", `${p.owner}/${p.number}`);
      this.projects.push({
        id,
        owner: p.owner,
        number: p.number,
        title: p.title ?? `Project ${p.number}`,
        fields: Object.entries(p.fields).map(([name, options]) => ({
          id: projectNodeId("PVTSSF", `${id}:${name}`),
          name,
          options: options.map((option) => ({ id: projectOptionId(`${id}:${name}:${option}`), name: option })),
        })),
        items: [],
      });
    }
    for (const [name, sha] of Object.entries(options.branches ?? {})) {
      if (!this.main.commits.has(sha)) throw new Error(`GitHubStandIn: branch ${name} refers to unknown commit ${sha}`);
      this.main.refs.set(name, sha);
    }
    if (!this.main.refs.has(defaultBranch)) {
      const first = Object.keys(options.commits)[0];
      if (first) this.main.refs.set(defaultBranch, first);
    }
    for (const extra of options.extraRepos ?? []) {
      const repo = makeFileRepo(extra.owner, extra.repo, extra.defaultBranchFiles, extra.defaultBranch ?? "master");
      this.repos.set(repo.fullName.toLowerCase(), repo);
    }

    server.on("connection", (socket: Socket) => {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
    });
    server.on("request", (req: IncomingMessage, res: ServerResponse) => {
      void this.handle(req, res);
    });
  }

  static async start(options: StandInOptions): Promise<GitHubStandIn> {
    const t0 = performance.now();
    loadSpec(); // once per process
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => resolve());
    });
    const port = (server.address() as AddressInfo).port;
    let standIn: GitHubStandIn;
    try {
      standIn = new GitHubStandIn(options, server, port, 0);
    } catch (e) {
      server.close();
      throw e;
    }
    (standIn as { startupMs: number }).startupMs = performance.now() - t0;
    if (options.preloadGraphql) void loadGraphql();
    return standIn;
  }

  /** Loads the OpenAPI description and the GraphQL schema ahead of time (both are cached per process). */
  static async preload(): Promise<void> {
    loadSpec();
    await loadGraphql();
  }

  async stop(): Promise<void> {
    for (const timer of this.stalls) clearTimeout(timer);
    this.stalls.clear();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      for (const s of this.sockets) s.destroy();
      this.server.closeAllConnections?.();
    });
  }

  // ----------------------------------------------------------------------------------------------- faults

  /** The fault injection in force (undefined: none). Setting it (again) restarts the PRNG from its seed. */
  get faults(): FaultOptions | undefined {
    return this.faultOptions;
  }

  set faults(options: FaultOptions | undefined) {
    this.faultInjector = options ? new FaultInjector(options) : undefined;
    this.faultOptions = options;
  }

  /**
   * Answers a request with an injected fault instead of handling it (a stall holds the socket, then 504); for a
   * `lost` fault the request was handled first, and only its answer is replaced.
   */
  private injectFault(kind: FaultKind, res: ServerResponse, record: RecordedRequest, graphql: boolean, stallMs: number): void {
    record.operationId ??= graphql ? "graphql" : matchRoute(record.method, record.path)?.operation.operationId;
    const reply = faultReply(kind, this.installationId);
    record.status = reply.status;
    record.fault = kind;
    record.problems = [`injected fault: ${kind}`];
    this.requests.push(record);
    this.injectedFaults.push({
      kind,
      method: record.method,
      path: record.path,
      ...(record.operationId !== undefined ? { operationId: record.operationId } : {}),
      at: Date.now(),
    });
    const resource = graphql ? "graphql" : "core";
    const delay = kind === "stall" || kind === "lost" ? stallMs : this.latencyMs;
    if (delay <= 0) {
      this.write(res, reply, resource);
      return;
    }
    const timer = setTimeout(() => {
      this.stalls.delete(timer);
      this.write(res, reply, resource);
    }, delay);
    this.stalls.add(timer);
    // A client that gives up (its own deadline) closes the socket: nothing is left to answer.
    res.once("close", () => {
      clearTimeout(timer);
      this.stalls.delete(timer);
    });
  }

  // ----------------------------------------------------------------------------------------------- state accessors

  /** Moves a pull request's head to another commit (as a push to its branch does); the commit must be known. */
  setPullHead(pullNumber: number, headSha: string): void {
    const pull = this.pulls.get(pullNumber);
    if (!pull) throw new Error(`GitHubStandIn: no pull #${pullNumber}`);
    if (!this.main.commits.has(headSha)) throw new Error(`GitHubStandIn: unknown commit ${headSha}`);
    pull.headSha = headSha;
    this.main.refs.set(`pull/${pullNumber}/head`, headSha);
  }

  private addMilestone(title: string): string {
    if (!this.milestoneList.includes(title)) this.milestoneList.push(title);
    return title;
  }

  /** An issue (not a pull request) as it is now. */
  issue(number: number): (IssueData & { labels: string[] }) | undefined {
    const data = this.issueMap.get(number);
    return data ? { ...data, labels: this.labels(number) } : undefined;
  }

  /** Changes an issue as someone would by hand (labels, milestone, state); the webhook is the test's to deliver. */
  setIssue(number: number, change: { labels?: string[]; milestone?: string | null; state?: "open" | "closed" }): void {
    const data = this.issueMap.get(number);
    if (!data) throw new Error(`GitHubStandIn: no issue #${number}`);
    if (change.labels) this.labelMap.set(number, [...new Set(change.labels)]);
    if (change.milestone === null) delete data.milestone;
    else if (change.milestone !== undefined) data.milestone = this.addMilestone(change.milestone);
    if (change.state) data.state = change.state;
  }

  /** A push: a new commit of `files` (a full tree) becomes the tip of `branch` (default: the default branch). Returns its sha. */
  push(files: Record<string, FileContent>, branch = this.main.defaultBranch): string {
    const snapshot = buildSnapshot(files);
    const sha = syntheticCommitSha(snapshot.rootTree, `push ${branch} ${this.main.refs.get(branch) ?? ""}`);
    addCommit(this.main, sha, snapshot);
    this.main.refs.set(branch, sha);
    return sha;
  }

  /** The files at the tip of a branch (default: the default branch). */
  branchFiles(branch = this.main.defaultBranch): Record<string, Buffer> {
    const sha = this.main.refs.get(branch);
    const snapshot = sha ? this.main.commits.get(sha) : undefined;
    return Object.fromEntries([...(snapshot?.files ?? new Map())].map(([path, blob]) => [path, blob.bytes as Buffer]));
  }

  /** A project board's item for an issue, with the option names chosen per field name. */
  projectItemOf(owner: string, number: number, issueNumber: number): Record<string, string> | undefined {
    const project = this.projects.find((p) => p.owner === owner && p.number === number);
    const contentId = `I_${Buffer.from(`${this.main.fullName}#${issueNumber}`).toString("base64url")}`;
    const item = project?.items.find((i) => i.contentId === contentId);
    if (!project || !item) return undefined;
    return Object.fromEntries(
      Object.entries(item.values).map(([fieldId, optionId]) => {
        const field = project.fields.find((f) => f.id === fieldId);
        return [field?.name ?? fieldId, field?.options.find((o) => o.id === optionId)?.name ?? optionId];
      }),
    );
  }

  issuesOf(repo: RepoData): IssueData[] {
    return repo === this.main ? [...this.issueMap.values()] : [];
  }

  milestoneNumber(repo: RepoData, title: string): number | undefined {
    const index = repo === this.main ? this.milestoneList.indexOf(title) : -1;
    return index === -1 ? undefined : index + 1;
  }

  milestoneTitles(repo: RepoData): string[] {
    return repo === this.main ? [...this.milestoneList] : [];
  }

  addProjectItem(project: ProjectData, contentId: string): ProjectItemData {
    const existing = project.items.find((item) => item.contentId === contentId);
    if (existing) return existing;
    const item: ProjectItemData = { id: projectNodeId("PVTI", `${project.id}:${contentId}`), contentId, values: {} };
    project.items.push(item);
    return item;
  }

  /** The current head sha of a pull request. */
  pullHead(pullNumber: number): string | undefined {
    return this.pulls.get(pullNumber)?.headSha;
  }

  labels(pullNumber: number): string[] {
    return [...(this.labelMap.get(pullNumber) ?? [])];
  }

  requestedReviewers(pullNumber: number): string[] {
    return [...(this.reviewerMap.get(pullNumber) ?? [])];
  }

  /** Requests answered with a status ≥ 400, whatever the reason. */
  get failedRequests(): RecordedRequest[] {
    return this.requests.filter((r) => r.status >= 400);
  }

  /** Mints an installation token directly (for tests that call the stand-in with fetch). */
  issueToken(): string {
    const token = `ghs_${randomBytes(27).toString("base64url").replace(/[-_]/g, "x").slice(0, 36)}`;
    this.tokens.set(token, Date.now() + 3600_000);
    return token;
  }

  // GraphqlModel
  findRepo(owner: string, name: string): RepoData | undefined {
    return this.repos.get(`${owner}/${name}`.toLowerCase());
  }

  findPull(repo: RepoData, number: number): PullData | undefined {
    return repo === this.main ? this.pulls.get(number) : undefined;
  }

  pullsOf(repo: RepoData): PullData[] {
    return repo === this.main ? [...this.pulls.values()] : [];
  }

  mainRepo(): RepoData {
    return this.main;
  }

  commentTime(index: number): string {
    return new Date(this.commentTimeBase + Math.max(0, index) * 60_000).toISOString();
  }

  createIssueComment(_repo: RepoData, issueNumber: number, body: string): CommentState {
    const now = new Date().toISOString();
    const comment: CommentState = {
      id: this.nextId(this.comments, realisticIds.issueComment),
      issue_number: issueNumber,
      body,
      user: { login: `${this.appSlug}[bot]`, type: "Bot" },
      created_at: now,
      updated_at: now,
    };
    this.comments.push(comment);
    return comment;
  }

  private nextId(list: { id?: number }[], base: number): number {
    let max = base;
    for (const item of list) if (item.id !== undefined && item.id > max) max = item.id;
    return max + 1;
  }

  // ------------------------------------------------------------------------------------------------------ HTTP

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? "GET").toUpperCase();
    const url = new URL(req.url ?? "/", `http://${req.headers.host ?? this.host}`);
    let path = url.pathname;
    let prefix = "";
    if (path === "/api/v3" || path.startsWith("/api/v3/")) {
      prefix = "/api/v3";
      path = path.slice(prefix.length) || "/";
    }
    const query: Record<string, string> = {};
    for (const [k, v] of url.searchParams) query[k] = v;
    const record: RecordedRequest = { method, path, query, body: undefined, status: 0 };
    let reply: Reply;
    let kind: "ok" | "invalid" | "unimplemented" = "ok";
    let lost: FaultInjector | undefined;
    try {
      const raw = await readBody(req);
      if (raw.length > 0) {
        try {
          record.body = JSON.parse(raw.toString("utf8"));
        } catch {
          record.body = raw.toString("utf8");
          throw new HttpError(400, { message: "Problems parsing JSON", documentation_url: DOCS, status: "400" }, "invalid", [
            "body is not JSON",
          ]);
        }
      }
      const graphql = url.pathname === "/api/graphql" || url.pathname === "/graphql";
      // Faults come before everything else: a faulted request is never handled, so it changes nothing.
      const injector = this.faultInjector;
      const fault = injector?.pick(method, graphql ? "/graphql" : path);
      if (injector && fault && fault !== "lost") {
        if (graphql) record.path = "/graphql";
        this.injectFault(fault, res, record, graphql, injector.stallMs);
        return;
      }
      if (injector && fault === "lost") lost = injector;
      if (graphql) {
        record.path = "/graphql";
        record.operationId = "graphql";
        if (method !== "POST") throw new HttpError(404, { message: "Not Found" }, "invalid", ["GraphQL takes POST only"]);
        this.authenticate(req.headers, "token");
        const outcome = await executeGraphql(this, record.body);
        reply = { status: outcome.status, body: outcome.body };
        if (outcome.invalid) {
          kind = "invalid";
          const errors = (outcome.body as { errors?: { message: string }[] }).errors ?? [];
          record.problems = errors.map((e) => e.message);
        } else if (outcome.gaps.length) {
          kind = "unimplemented";
          record.problems = outcome.gaps;
        }
      } else {
        reply = await this.handleRest(req, method, path, prefix, query, record, url);
      }
    } catch (e) {
      if (e instanceof HttpError) {
        reply = { status: e.status, body: e.body };
        if (e.kind === "invalid") kind = "invalid";
        if (e.kind === "unimplemented") kind = "unimplemented";
        if (e.problems.length) record.problems = e.problems;
      } else {
        reply = { status: 500, body: { message: `stand-in error: ${(e as Error).stack ?? String(e)}` } };
        record.problems = [String(e)];
      }
    }
    if (lost) {
      // Handled (state changed), but the answer is lost: a 504 after the stall instead of what the handler said.
      if (kind === "invalid") this.invalidRequests.push(record);
      this.injectFault("lost", res, record, record.path === "/graphql", lost.stallMs);
      return;
    }
    record.status = reply.status;
    this.requests.push(record);
    if (kind === "invalid") this.invalidRequests.push(record);
    if (kind === "unimplemented") this.unimplementedRequests.push(record);
    if (this.latencyMs > 0) await sleep(this.latencyMs);
    this.write(res, reply, record.path === "/graphql" ? "graphql" : "core");
  }

  private write(res: ServerResponse, reply: Reply, resource: string): void {
    if (res.destroyed) return;
    this.rateRemaining = Math.max(0, this.rateRemaining - 1);
    const headers: Record<string, string> = {
      "x-github-media-type": "github.v3; format=json",
      "x-github-request-id": randomBytes(8).toString("hex").toUpperCase(),
      "x-ratelimit-limit": "5000",
      "x-ratelimit-remaining": String(this.rateRemaining),
      "x-ratelimit-reset": String(Math.floor(Date.now() / 1000) + 3600),
      "x-ratelimit-used": String(5000 - this.rateRemaining),
      "x-ratelimit-resource": resource,
      ...reply.headers,
    };
    let payload: Buffer | undefined;
    if (reply.raw !== undefined) {
      payload = Buffer.isBuffer(reply.raw) ? reply.raw : Buffer.from(reply.raw);
      headers["content-type"] ??= "application/vnd.github.raw; charset=utf-8";
    } else if (reply.body !== undefined && reply.status !== 204) {
      payload = Buffer.from(JSON.stringify(reply.body));
      headers["content-type"] = "application/json; charset=utf-8";
    }
    if (payload) headers["content-length"] = String(payload.length);
    res.writeHead(reply.status, headers);
    res.end(payload);
  }

  private authenticate(headers: IncomingHttpHeaders, need: "jwt" | "token" | "any"): void {
    const auth = headers.authorization ?? "";
    const m = /^(bearer|token)\s+(\S+)$/i.exec(auth);
    const unauthorized = (message: string) =>
      new HttpError(401, { message, documentation_url: DOCS, status: "401" }, "auth", [message]);
    if (!m || !m[2]) {
      if (need === "any") return;
      throw unauthorized(need === "jwt" ? "A JSON web token could not be decoded" : "Requires authentication");
    }
    const credential = m[2];
    const isJwt = credential.split(".").length === 3 && credential.split(".").every((p) => /^[A-Za-z0-9_-]+$/.test(p));
    if (need === "jwt") {
      if (!isJwt) throw unauthorized("A JSON web token could not be decoded");
      const payload = decodeJwtPart(credential.split(".")[1] ?? "") as { exp?: number; iat?: number } | undefined;
      const now = Math.floor(Date.now() / 1000);
      if (payload && typeof payload.exp === "number") {
        if (payload.exp < now) throw unauthorized("'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires");
        if (payload.exp - now > 600 + 60) throw unauthorized("'Expiration time' claim ('exp') is too far in the future");
      }
      return;
    }
    if (isJwt) throw unauthorized("A JSON web token cannot be used to access this resource; use an installation token");
    const expires = this.tokens.get(credential);
    if (expires === undefined || expires < Date.now()) throw unauthorized("Bad credentials");
  }

  private async handleRest(
    req: IncomingMessage,
    method: string,
    path: string,
    prefix: string,
    query: Record<string, string>,
    record: RecordedRequest,
    url: URL,
  ): Promise<Reply> {
    const match = matchRoute(method, path);
    if (!match) {
      throw new HttpError(404, { message: "Not Found", documentation_url: DOCS, status: "404" }, "invalid", [
        `${method} ${path} is not in GitHub's OpenAPI description`,
      ]);
    }
    const { operation, params } = match;
    record.operationId = operation.operationId;

    const jwtOps = new Set([
      "apps/get-authenticated",
      "apps/list-installations",
      "apps/get-installation",
      "apps/create-installation-access-token",
      "apps/get-repo-installation",
    ]);
    this.authenticate(req.headers, jwtOps.has(operation.operationId) ? "jwt" : operation.operationId === "rate-limit/get" ? "any" : "token");

    const paramIssues = validateParameters(operation, params, query);
    const pathIssues = paramIssues.filter((i) => i.location === "path");
    if (pathIssues.length) {
      // GitHub answers 404 when a path segment has the wrong type (e.g. /pulls/abc).
      throw new HttpError(404, { message: "Not Found", documentation_url: DOCS, status: "404" }, "invalid", pathIssues.map((i) => i.message));
    }
    if (paramIssues.length) throw invalidRequest(paramIssues);

    if (operation.bodySchema) {
      const body = record.body;
      if (body === undefined) {
        if (operation.bodyRequired) {
          throw invalidRequest([{ location: "body", field: "(body)", code: "missing", message: "A request body is required." }]);
        }
      } else if (!knownSchemaException(operation.operationId, body)) {
        const validate = bodyValidator(operation);
        if (validate && !validate(body)) throw invalidRequest(describeAjvErrors(validate.errors, body));
      }
    }

    const ctx: Ctx = {
      method,
      path,
      prefix,
      query,
      body: record.body,
      params,
      headers: req.headers,
      operation,
      origin: `${url.protocol}//${url.host}`,
    };
    if (params["owner"] !== undefined && params["repo"] !== undefined) {
      const repo = this.findRepo(params["owner"], params["repo"]);
      if (!repo) throw notFound();
      ctx.repo = repo;
    }
    const handler = this.handlers[operation.operationId];
    if (!handler) {
      // 404 rather than 501: Octokit's retry plugin would retry a 5xx three times (≈14 s of back-off).
      throw new HttpError(
        404,
        {
          message: `Not Found (the GitHub stand-in does not implement ${operation.operationId}: ${method} ${operation.template})`,
          documentation_url: DOCS,
          status: "404",
        },
        "unimplemented",
        [`${operation.operationId} is not implemented by the stand-in`],
      );
    }
    return handler(ctx);
  }

  // ---------------------------------------------------------------------------------------------- JSON shapes

  private apiUrl(ctx: Ctx, path: string): string {
    return `${ctx.origin}${ctx.prefix}${path}`;
  }

  private userJson(login: string, type?: "Bot" | "User") {
    const isBot = type === "Bot" || login.endsWith("[bot]");
    const id = stableId(`user:${login.replace(/\[bot\]$/, "")}`);
    return {
      login,
      id,
      node_id: `${isBot ? "BOT" : "U"}_${Buffer.from(login).toString("base64url")}`,
      avatar_url: `https://avatars.githubusercontent.com/u/${id}?v=4`,
      html_url: isBot ? `https://github.com/apps/${login.replace(/\[bot\]$/, "")}` : `https://github.com/${login}`,
      type: isBot ? "Bot" : "User",
      site_admin: false,
    };
  }

  private appJson() {
    return {
      id: this.appId,
      slug: this.appSlug,
      node_id: `A_${Buffer.from(this.appSlug).toString("base64url")}`,
      name: this.appSlug,
      owner: this.userJson(this.main.owner),
      description: "",
      external_url: `https://github.com/apps/${this.appSlug}`,
      html_url: `https://github.com/apps/${this.appSlug}`,
      created_at: "2024-01-01T00:00:00Z",
      updated_at: "2024-01-01T00:00:00Z",
      permissions: TOKEN_PERMISSIONS,
      events: ["check_run", "check_suite", "issue_comment", "pull_request", "pull_request_review"],
      installations_count: 1,
    };
  }

  private repoJson(repo: RepoData, ctx?: Ctx) {
    return {
      id: repo.id,
      node_id: repo.nodeId,
      name: repo.repo,
      full_name: repo.fullName,
      private: false,
      fork: false,
      archived: false,
      disabled: false,
      owner: { ...this.userJson(repo.owner), type: "Organization" },
      html_url: `https://github.com/${repo.fullName}`,
      url: ctx ? this.apiUrl(ctx, `/repos/${repo.fullName}`) : `https://api.github.com/repos/${repo.fullName}`,
      default_branch: repo.defaultBranch,
      visibility: "public",
    };
  }

  private forkJson(pull: PullData, ctx: Ctx) {
    return {
      ...this.repoJson(this.main, ctx),
      id: stableId(`repo:${pull.author}/${this.main.repo}`),
      name: this.main.repo,
      full_name: `${pull.author}/${this.main.repo}`,
      fork: true,
      owner: this.userJson(pull.author),
      html_url: `https://github.com/${pull.author}/${this.main.repo}`,
    };
  }

  private labelJson(repo: RepoData, name: string, ctx: Ctx) {
    return {
      id: stableId(`label:${repo.fullName}:${name}`),
      node_id: `LA_${Buffer.from(name).toString("base64url")}`,
      url: this.apiUrl(ctx, `/repos/${repo.fullName}/labels/${encodeURIComponent(name)}`),
      name,
      color: "ededed",
      default: false,
      description: null,
    };
  }

  private pullJson(pull: PullData, ctx: Ctx) {
    const repo = this.main;
    const files = pullFiles(repo, pull.baseSha, pull.headSha);
    const base = `/repos/${repo.fullName}/pulls/${pull.number}`;
    return {
      url: this.apiUrl(ctx, base),
      id: stableId(`pr:${repo.fullName}#${pull.number}`),
      node_id: `PR_${Buffer.from(`${repo.fullName}#${pull.number}`).toString("base64url")}`,
      html_url: `https://github.com/${repo.fullName}/pull/${pull.number}`,
      number: pull.number,
      state: "open",
      locked: false,
      draft: false,
      merged: false,
      mergeable: true,
      title: pull.title,
      body: pull.body,
      user: this.userJson(pull.author),
      labels: this.labels(pull.number).map((n) => this.labelJson(repo, n, ctx)),
      requested_reviewers: this.requestedReviewers(pull.number).map((l) => this.userJson(l)),
      requested_teams: [],
      assignees: [],
      created_at: pull.createdAt,
      updated_at: pull.createdAt,
      closed_at: null,
      merged_at: null,
      author_association: "CONTRIBUTOR",
      head: {
        label: `${pull.author}:${pull.headRef}`,
        ref: pull.headRef,
        sha: pull.headSha,
        user: this.userJson(pull.author),
        repo: this.forkJson(pull, ctx),
      },
      base: {
        label: `${repo.owner}:${pull.baseRef}`,
        ref: pull.baseRef,
        sha: pull.baseSha,
        user: this.userJson(repo.owner),
        repo: this.repoJson(repo, ctx),
      },
      commits: 1,
      additions: files.reduce((n, f) => n + f.diff.additions, 0),
      deletions: files.reduce((n, f) => n + f.diff.deletions, 0),
      changed_files: files.length,
      comments: this.comments.filter((c) => c.issue_number === pull.number).length,
      review_comments: this.reviewComments.filter((c) => c.pull_number === pull.number).length,
    };
  }

  private checkRunJson(run: CheckRunState, ctx: Ctx) {
    const repo = ctx.repo ?? this.main;
    return {
      id: run.id,
      node_id: `CR_${Buffer.from(String(run.id)).toString("base64url")}`,
      head_sha: run.head_sha,
      external_id: run.external_id ?? "",
      url: this.apiUrl(ctx, `/repos/${repo.fullName}/check-runs/${run.id}`),
      html_url: `https://github.com/${repo.fullName}/runs/${run.id}`,
      details_url: run.details_url ?? `https://github.com/apps/${this.appSlug}`,
      status: run.status,
      conclusion: run.conclusion ?? null,
      started_at: run.started_at ?? null,
      completed_at: run.completed_at ?? null,
      output: {
        title: run.output?.title ?? null,
        summary: run.output?.summary ?? null,
        text: run.output?.text ?? null,
        annotations_count: run.annotations.length,
        annotations_url: this.apiUrl(ctx, `/repos/${repo.fullName}/check-runs/${run.id}/annotations`),
      },
      name: run.name,
      check_suite: { id: stableId(`suite:${run.head_sha}`) },
      app: this.appJson(),
      // Runs on commits pushed to forks list no pull requests (GitHub docs, "Checks API").
      pull_requests: [],
    };
  }

  private commentJson(c: CommentState, ctx: Ctx) {
    const repo = this.main;
    const created = c.created_at ?? this.commentTime(this.comments.indexOf(c));
    const isApp = c.user.login === `${this.appSlug}[bot]`;
    return {
      id: c.id,
      node_id: `IC_${Buffer.from(String(c.id)).toString("base64url")}`,
      url: this.apiUrl(ctx, `/repos/${repo.fullName}/issues/comments/${c.id}`),
      html_url: `https://github.com/${repo.fullName}/pull/${c.issue_number}#issuecomment-${c.id}`,
      issue_url: this.apiUrl(ctx, `/repos/${repo.fullName}/issues/${c.issue_number}`),
      body: c.body,
      user: this.userJson(c.user.login, c.user.type),
      created_at: created,
      updated_at: c.updated_at ?? created,
      author_association: isApp ? "NONE" : "CONTRIBUTOR",
      performed_via_github_app: isApp ? this.appJson() : null,
    };
  }

  private reviewCommentJson(c: ReviewCommentState, ctx: Ctx) {
    const repo = this.main;
    const created = c.created_at ?? this.commentTime(this.reviewComments.indexOf(c));
    return {
      id: c.id,
      node_id: `PRRC_${Buffer.from(String(c.id)).toString("base64url")}`,
      url: this.apiUrl(ctx, `/repos/${repo.fullName}/pulls/comments/${c.id}`),
      pull_request_review_id: c.review_id ?? null,
      path: c.path,
      line: c.line,
      original_line: c.line,
      start_line: c.start_line ?? null,
      side: c.side ?? "RIGHT",
      commit_id: c.commit_id,
      original_commit_id: c.commit_id,
      in_reply_to_id: c.in_reply_to_id,
      body: c.body,
      user: this.userJson(c.user?.login ?? `${this.appSlug}[bot]`, c.user?.type ?? "Bot"),
      created_at: created,
      updated_at: created,
      html_url: `https://github.com/${repo.fullName}/pull/${c.pull_number}#discussion_r${c.id}`,
      pull_request_url: this.apiUrl(ctx, `/repos/${repo.fullName}/pulls/${c.pull_number}`),
      diff_hunk: "",
      subject_type: "line",
    };
  }

  private reviewJson(r: ReviewState, index: number, ctx: Ctx) {
    const id = r.id ?? realisticIds.review + index;
    return {
      id,
      node_id: `PRR_${Buffer.from(String(id)).toString("base64url")}`,
      user: this.userJson(r.user),
      body: r.body ?? "",
      state: r.state,
      commit_id: r.commit_id,
      submitted_at: r.state === "PENDING" ? undefined : r.submitted_at ?? this.commentTime(index),
      html_url: `https://github.com/${this.main.fullName}/pull/${r.pull_number}#pullrequestreview-${id}`,
      pull_request_url: this.apiUrl(ctx, `/repos/${this.main.fullName}/pulls/${r.pull_number}`),
      author_association: "MEMBER",
    };
  }

  private installationJson() {
    return {
      id: this.installationId,
      account: { ...this.userJson(this.main.owner), type: "Organization" },
      app_id: this.appId,
      app_slug: this.appSlug,
      target_id: stableId(`user:${this.main.owner}`),
      target_type: "Organization",
      permissions: TOKEN_PERMISSIONS,
      events: this.appJson().events,
      repository_selection: "selected",
      access_tokens_url: `${this.baseUrl}/app/installations/${this.installationId}/access_tokens`,
      repositories_url: `${this.baseUrl}/installation/repositories`,
      html_url: `https://github.com/organizations/${this.main.owner}/settings/installations/${this.installationId}`,
      created_at: "2024-01-01T00:00:00Z",
      updated_at: "2024-01-01T00:00:00Z",
      single_file_name: null,
      suspended_at: null,
      suspended_by: null,
    };
  }

  // --------------------------------------------------------------------------------------------- pagination

  private paginate<T>(ctx: Ctx, items: T[]): { page: T[]; headers: Record<string, string> } {
    const perPage = Math.min(100, Math.max(1, Number(ctx.query["per_page"] ?? 30) || 30));
    const page = Math.max(1, Number(ctx.query["page"] ?? 1) || 1);
    const last = Math.max(1, Math.ceil(items.length / perPage));
    const slice = items.slice((page - 1) * perPage, page * perPage);
    const link = (p: number) => {
      const params = new URLSearchParams(ctx.query);
      params.set("per_page", String(perPage));
      params.set("page", String(p));
      return `<${this.apiUrl(ctx, ctx.path)}?${params.toString()}>`;
    };
    const rels: string[] = [];
    if (page > 1) rels.push(`${link(page - 1)}; rel="prev"`);
    if (page < last) rels.push(`${link(page + 1)}; rel="next"`);
    if (page < last) rels.push(`${link(last)}; rel="last"`);
    if (page > 1) rels.push(`${link(1)}; rel="first"`);
    return { page: slice, headers: rels.length ? { link: rels.join(", ") } : {} };
  }

  private list<T>(ctx: Ctx, items: T[]): Reply {
    const { page, headers } = this.paginate(ctx, items);
    return { status: 200, body: page, headers };
  }

  // ------------------------------------------------------------------------------------------------ helpers

  private repoOf(ctx: Ctx): RepoData {
    if (!ctx.repo) throw notFound();
    return ctx.repo;
  }

  private pullOf(ctx: Ctx, param = "pull_number"): PullData {
    const repo = this.repoOf(ctx);
    const pull = this.findPull(repo, Number(ctx.params[param]));
    if (!pull) throw notFound();
    return pull;
  }

  /** An issue's or pull request's number from `issue_number` (they share one number space); 404 for neither. */
  private issueNumberOf(ctx: Ctx): number {
    const repo = this.repoOf(ctx);
    const number = Number(ctx.params["issue_number"]);
    if (repo === this.main && this.issueMap.has(number)) return number;
    return this.pullOf(ctx, "issue_number").number;
  }

  private issueJson(issue: IssueData, ctx: Ctx) {
    const repo = this.main;
    const number = this.milestoneNumber(repo, issue.milestone ?? "");
    return {
      id: stableId(`issue:${repo.fullName}#${issue.number}`),
      node_id: `I_${Buffer.from(`${repo.fullName}#${issue.number}`).toString("base64url")}`,
      url: this.apiUrl(ctx, `/repos/${repo.fullName}/issues/${issue.number}`),
      repository_url: this.apiUrl(ctx, `/repos/${repo.fullName}`),
      labels_url: this.apiUrl(ctx, `/repos/${repo.fullName}/issues/${issue.number}/labels{/name}`),
      comments_url: this.apiUrl(ctx, `/repos/${repo.fullName}/issues/${issue.number}/comments`),
      events_url: this.apiUrl(ctx, `/repos/${repo.fullName}/issues/${issue.number}/events`),
      html_url: `https://github.com/${repo.fullName}/issues/${issue.number}`,
      number: issue.number,
      state: issue.state,
      title: issue.title,
      body: issue.body,
      user: this.userJson(issue.author),
      labels: this.labels(issue.number).map((n) => this.labelJson(repo, n, ctx)),
      assignee: null,
      assignees: [],
      milestone:
        issue.milestone !== undefined && number !== undefined
          ? {
              url: this.apiUrl(ctx, `/repos/${repo.fullName}/milestones/${number}`),
              html_url: `https://github.com/${repo.fullName}/milestone/${number}`,
              labels_url: this.apiUrl(ctx, `/repos/${repo.fullName}/milestones/${number}/labels`),
              id: stableId(`milestone:${repo.fullName}:${number}`),
              node_id: `MI_${Buffer.from(`${repo.fullName}:${number}`).toString("base64url")}`,
              number,
              title: issue.milestone,
              description: null,
              creator: this.userJson(repo.owner),
              open_issues: 0,
              closed_issues: 0,
              state: "open",
              created_at: issue.createdAt,
              updated_at: issue.createdAt,
              closed_at: null,
              due_on: null,
            }
          : null,
      locked: false,
      comments: this.comments.filter((c) => c.issue_number === issue.number).length,
      created_at: issue.createdAt,
      updated_at: issue.createdAt,
      closed_at: null,
      author_association: "MEMBER",
    };
  }

  private bodyOf<T>(ctx: Ctx): T {
    return (ctx.body ?? {}) as T;
  }

  /** Checks a review-comment position as GitHub does: the line must be inside a diff hunk of the file. */
  private checkDiffPosition(
    pull: PullData,
    commitId: string,
    c: { path: string; line?: number; side?: string; start_line?: number; start_side?: string; position?: number; subject_type?: string },
  ): void {
    const repo = this.main;
    if (!repo.commits.has(commitId)) {
      throw validationFailed("PullRequestReviewComment", "commit_id", "commit_id is not part of the pull request");
    }
    const file = pullFiles(repo, pull.baseSha, commitId).find((f) => f.filename === c.path);
    if (!file) {
      throw validationFailed("PullRequestReviewComment", "path", "Path could not be resolved");
    }
    if (c.subject_type === "file") return;
    if (c.line === undefined) {
      if (c.position !== undefined) {
        const positions = (file.diff.patch ?? "").split("\n").length - 1;
        if (c.position < 1 || c.position > positions) {
          throw validationFailed("PullRequestReviewComment", "position", "Position could not be resolved");
        }
        return;
      }
      throw validationFailed("PullRequestReviewComment", "line", '"line" wasn\'t supplied.', "missing_field");
    }
    const lines = (side: string | undefined) => ((side ?? "RIGHT") === "LEFT" ? file.diff.leftLines : file.diff.rightLines);
    if (!lines(c.side).has(c.line)) {
      throw validationFailed("PullRequestReviewComment", "pull_request_review_thread.line", "could not be resolved");
    }
    if (c.start_line !== undefined) {
      if (!lines(c.start_side ?? c.side).has(c.start_line)) {
        throw validationFailed("PullRequestReviewComment", "pull_request_review_thread.start_line", "could not be resolved");
      }
      if (c.start_line > c.line) {
        throw validationFailed("PullRequestReviewComment", "pull_request_review_thread.start_line", "must precede the end line");
      }
    }
  }

  /** Checks-API limits that the OpenAPI schema does not encode (or that GitHub enforces beyond it). */
  private checkRunRules(body: Record<string, unknown>, creating: boolean): void {
    const issues: ValidationIssue[] = [];
    const output = body["output"] as { summary?: unknown; text?: unknown; annotations?: unknown[] } | undefined;
    if (output) {
      for (const key of ["summary", "text"] as const) {
        const v = output[key];
        if (typeof v === "string" && v.length > CHECK_OUTPUT_TEXT_MAX) {
          issues.push({ location: "body", field: `output.${key}`, code: "invalid", message: `For 'output.${key}', only ${CHECK_OUTPUT_TEXT_MAX} characters are allowed; ${v.length} were supplied.` });
        }
      }
      const annotations = output.annotations ?? [];
      if (annotations.length > MAX_ANNOTATIONS_PER_REQUEST) {
        issues.push({ location: "body", field: "output.annotations", code: "invalid", message: `No more than ${MAX_ANNOTATIONS_PER_REQUEST} items are allowed; ${annotations.length} were supplied.` });
      }
      annotations.forEach((raw, i) => {
        const a = raw as Record<string, unknown>;
        const field = `output.annotations.${i}`;
        if (typeof a["title"] === "string" && a["title"].length > ANNOTATION_TITLE_MAX) {
          issues.push({ location: "body", field: `${field}.title`, code: "invalid", message: `For '${field}.title', only ${ANNOTATION_TITLE_MAX} characters are allowed; ${a["title"].length} were supplied.` });
        }
        for (const key of ["message", "raw_details"]) {
          const v = a[key];
          if (typeof v === "string" && Buffer.byteLength(v) > ANNOTATION_MESSAGE_MAX_BYTES) {
            issues.push({ location: "body", field: `${field}.${key}`, code: "invalid", message: `For '${field}.${key}', the maximum size is 64 KB.` });
          }
        }
        const start = a["start_line"];
        const end = a["end_line"];
        if (typeof start === "number" && typeof end === "number") {
          if (start < 1) issues.push({ location: "body", field: `${field}.start_line`, code: "invalid", message: "Line numbers start at 1." });
          if (end < start) issues.push({ location: "body", field: `${field}.end_line`, code: "invalid", message: "end_line must not precede start_line." });
          if ((a["start_column"] !== undefined || a["end_column"] !== undefined) && start !== end) {
            issues.push({ location: "body", field, code: "invalid", message: "Annotations only support start_column and end_column on the same line." });
          }
        }
      });
    }
    if (body["conclusion"] === "stale") {
      issues.push({ location: "body", field: "conclusion", code: "invalid", message: "You cannot change a check run conclusion to stale, only GitHub can set this." });
    }
    if (creating && (body["status"] === "completed" || body["completed_at"] !== undefined) && body["conclusion"] === undefined) {
      issues.push({ location: "body", field: "conclusion", code: "missing_field", message: '"conclusion" wasn\'t supplied.' });
    }
    if (issues.length) throw invalidRequest(issues);
  }

  // ----------------------------------------------------------------------------------------------- handlers

  private readonly handlers: Record<string, Handler> = {
    // ---- apps
    "apps/get-authenticated": () => ({ status: 200, body: this.appJson() }),
    "apps/list-installations": () => ({ status: 200, body: [this.installationJson()] }),
    "apps/get-installation": (ctx) => {
      if (Number(ctx.params["installation_id"]) !== this.installationId) throw notFound();
      return { status: 200, body: this.installationJson() };
    },
    "apps/get-repo-installation": () => ({ status: 200, body: this.installationJson() }),
    "apps/create-installation-access-token": (ctx) => {
      if (Number(ctx.params["installation_id"]) !== this.installationId) throw notFound();
      const token = this.issueToken();
      return {
        status: 201,
        body: {
          token,
          expires_at: new Date(Date.now() + 3600_000).toISOString().replace(/\.\d{3}Z$/, "Z"),
          permissions: TOKEN_PERMISSIONS,
          repository_selection: "selected",
        },
      };
    },
    "apps/list-repos-accessible-to-installation": (ctx) => {
      const repos = [...this.repos.values()].map((r) => this.repoJson(r, ctx));
      const { page, headers } = this.paginate(ctx, repos);
      return { status: 200, body: { total_count: repos.length, repository_selection: "selected", repositories: page }, headers };
    },
    "rate-limit/get": () => {
      const core = { limit: 5000, remaining: this.rateRemaining, reset: Math.floor(Date.now() / 1000) + 3600, used: 5000 - this.rateRemaining, resource: "core" };
      return { status: 200, body: { resources: { core, graphql: { ...core, resource: "graphql" } }, rate: core } };
    },

    // ---- repository contents
    "repos/get": (ctx) => ({ status: 200, body: this.repoJson(this.repoOf(ctx), ctx) }),
    "repos/get-content": (ctx) => {
      const repo = this.repoOf(ctx);
      const sha = resolveRev(repo, ctx.query["ref"]);
      const snapshot = sha ? repo.commits.get(sha) : undefined;
      if (!snapshot) throw new HttpError(404, { message: `No commit found for the ref ${ctx.query["ref"] ?? ""}`, documentation_url: DOCS, status: "404" });
      const path = (ctx.params["path"] ?? "").replace(/^\/+|\/+$/g, "");
      const raw = /\.raw\b/.test(String(ctx.headers.accept ?? ""));
      const fileEntry = (p: string, blobSha: string, size: number, type: "file" | "dir") => ({
        type,
        name: p.split("/").pop() ?? p,
        path: p,
        sha: blobSha,
        size,
        url: this.apiUrl(ctx, `/repos/${repo.fullName}/contents/${p}?ref=${sha}`),
        html_url: `https://github.com/${repo.fullName}/${type === "dir" ? "tree" : "blob"}/${sha}/${p}`,
        git_url: this.apiUrl(ctx, `/repos/${repo.fullName}/git/${type === "dir" ? "trees" : "blobs"}/${blobSha}`),
        download_url: type === "file" ? `https://raw.githubusercontent.com/${repo.fullName}/${sha}/${p}` : null,
      });
      const blob = snapshot.files.get(path);
      if (blob) {
        if (raw) return { status: 200, raw: blob.bytes };
        const tooBig = blob.bytes.length > CONTENTS_MAX_BYTES;
        return {
          status: 200,
          body: {
            ...fileEntry(path, blob.sha, blob.bytes.length, "file"),
            encoding: tooBig ? "none" : "base64",
            content: tooBig ? "" : base64Lines(blob.bytes),
          },
        };
      }
      const treeSha = snapshot.dirs.get(path);
      if (treeSha === undefined) throw notFound();
      const entries = listTree(snapshot, treeSha, false).map((e) => fileEntry(e.path, e.sha, e.size ?? 0, e.type === "tree" ? "dir" : "file"));
      return { status: 200, body: entries };
    },
    "git/get-tree": (ctx) => {
      const repo = this.repoOf(ctx);
      const wanted = ctx.params["tree_sha"] ?? "";
      let snapshot = repo.treeIndex.get(wanted);
      let treeSha = wanted;
      if (!snapshot) {
        const commitSha = resolveRev(repo, wanted);
        snapshot = commitSha ? repo.commits.get(commitSha) : undefined;
        if (snapshot) treeSha = snapshot.rootTree;
      }
      if (!snapshot) throw notFound();
      const tree = snapshot.trees.get(treeSha);
      const base = tree?.path ? `${tree.path}/` : "";
      const entries = listTree(snapshot, treeSha, ctx.query["recursive"] !== undefined);
      const limit = 100_000;
      return {
        status: 200,
        body: {
          sha: treeSha,
          url: this.apiUrl(ctx, `/repos/${repo.fullName}/git/trees/${treeSha}`),
          tree: entries.slice(0, limit).map((e) => ({
            path: e.path.slice(base.length),
            mode: e.mode,
            type: e.type,
            sha: e.sha,
            ...(e.type === "blob" ? { size: e.size ?? 0 } : {}),
            url: this.apiUrl(ctx, `/repos/${repo.fullName}/git/${e.type === "tree" ? "trees" : "blobs"}/${e.sha}`),
          })),
          truncated: entries.length > limit,
        },
      };
    },
    "git/get-blob": (ctx) => {
      const repo = this.repoOf(ctx);
      const sha = ctx.params["file_sha"] ?? "";
      const bytes = repo.blobs.get(sha);
      if (!bytes) throw notFound();
      if (/\.raw\b/.test(String(ctx.headers.accept ?? ""))) return { status: 200, raw: bytes };
      return {
        status: 200,
        body: {
          sha,
          node_id: `B_${sha}`,
          size: bytes.length,
          url: this.apiUrl(ctx, `/repos/${repo.fullName}/git/blobs/${sha}`),
          content: base64Lines(bytes),
          encoding: "base64",
        },
      };
    },

    // ---- pulls
    "pulls/get": (ctx) => ({ status: 200, body: this.pullJson(this.pullOf(ctx), ctx) }),
    "pulls/list": (ctx) => {
      const repo = this.repoOf(ctx);
      const state = ctx.query["state"] ?? "open";
      let pulls = state === "closed" ? [] : this.pullsOf(repo);
      if (ctx.query["base"]) pulls = pulls.filter((p) => p.baseRef === ctx.query["base"]);
      if (ctx.query["head"]) pulls = pulls.filter((p) => `${p.author}:${p.headRef}` === ctx.query["head"]);
      return this.list(ctx, pulls.map((p) => this.pullJson(p, ctx)));
    },
    "repos/list-pull-requests-associated-with-commit": (ctx) => {
      const repo = this.repoOf(ctx);
      const sha = ctx.params["commit_sha"] ?? "";
      return this.list(ctx, this.pullsOf(repo).filter((p) => p.headSha === sha).map((p) => this.pullJson(p, ctx)));
    },
    "pulls/list-files": (ctx) => {
      const pull = this.pullOf(ctx);
      const repo = this.main;
      const files = pullFiles(repo, pull.baseSha, pull.headSha).slice(0, PULL_FILES_MAX).map((f) => ({
        sha: f.sha,
        filename: f.filename,
        status: f.status,
        additions: f.diff.additions,
        deletions: f.diff.deletions,
        changes: f.diff.additions + f.diff.deletions,
        blob_url: `https://github.com/${repo.fullName}/blob/${pull.headSha}/${f.filename}`,
        raw_url: `https://github.com/${repo.fullName}/raw/${pull.headSha}/${f.filename}`,
        contents_url: this.apiUrl(ctx, `/repos/${repo.fullName}/contents/${f.filename}?ref=${pull.headSha}`),
        ...(f.diff.patch !== undefined && f.diff.patch !== "" ? { patch: f.diff.patch } : {}),
        ...(f.previous_filename !== undefined ? { previous_filename: f.previous_filename } : {}),
      }));
      return this.list(ctx, files);
    },
    "pulls/list-requested-reviewers": (ctx) => {
      const pull = this.pullOf(ctx);
      return { status: 200, body: { users: this.requestedReviewers(pull.number).map((l) => this.userJson(l)), teams: [] } };
    },
    "pulls/request-reviewers": (ctx) => {
      const pull = this.pullOf(ctx);
      const body = this.bodyOf<{ reviewers?: string[]; team_reviewers?: string[] }>(ctx);
      const reviewers = body.reviewers ?? [];
      if (reviewers.some((r) => r.toLowerCase() === pull.author.toLowerCase())) {
        throw new HttpError(422, { message: "Review cannot be requested from pull request author.", documentation_url: DOCS, status: "422" }, "semantic", [
          "Review cannot be requested from pull request author.",
        ]);
      }
      const current = this.reviewerMap.get(pull.number) ?? [];
      for (const r of reviewers) if (!current.includes(r)) current.push(r);
      this.reviewerMap.set(pull.number, current);
      return { status: 201, body: this.pullJson(pull, ctx) };
    },
    "pulls/remove-requested-reviewers": (ctx) => {
      const pull = this.pullOf(ctx);
      const body = this.bodyOf<{ reviewers?: string[] }>(ctx);
      const drop = new Set((body.reviewers ?? []).map((r) => r.toLowerCase()));
      this.reviewerMap.set(pull.number, (this.reviewerMap.get(pull.number) ?? []).filter((r) => !drop.has(r.toLowerCase())));
      return { status: 200, body: this.pullJson(pull, ctx) };
    },
    "pulls/list-reviews": (ctx) => {
      const pull = this.pullOf(ctx);
      const reviews = this.reviews
        .map((r, i) => ({ r, i }))
        .filter(({ r }) => r.pull_number === pull.number)
        .map(({ r, i }) => this.reviewJson(r, i, ctx));
      return this.list(ctx, reviews);
    },
    "pulls/get-review": (ctx) => {
      const pull = this.pullOf(ctx);
      const id = Number(ctx.params["review_id"]);
      const index = this.reviews.findIndex((r, i) => r.pull_number === pull.number && (r.id ?? realisticIds.review + i) === id);
      const review = this.reviews[index];
      if (!review) throw notFound();
      return { status: 200, body: this.reviewJson(review, index, ctx) };
    },
    "pulls/create-review": (ctx) => {
      const pull = this.pullOf(ctx);
      const body = this.bodyOf<{
        commit_id?: string;
        body?: string;
        event?: "APPROVE" | "REQUEST_CHANGES" | "COMMENT";
        comments?: { path: string; body: string; line?: number; side?: string; start_line?: number; start_side?: string; position?: number }[];
      }>(ctx);
      const commitId = body.commit_id ?? pull.headSha;
      if ((body.event === "REQUEST_CHANGES" || body.event === "COMMENT") && !body.body && !(body.comments ?? []).length) {
        throw validationFailed("PullRequestReview", "body", "Body is required when using REQUEST_CHANGES or COMMENT");
      }
      for (const c of body.comments ?? []) this.checkDiffPosition(pull, commitId, c);
      const state: ReviewState["state"] =
        body.event === "APPROVE" ? "APPROVED" : body.event === "REQUEST_CHANGES" ? "CHANGES_REQUESTED" : body.event === "COMMENT" ? "COMMENTED" : "PENDING";
      const id = this.nextId(this.reviews, realisticIds.review);
      const review: ReviewState = {
        id,
        pull_number: pull.number,
        user: `${this.appSlug}[bot]`,
        state,
        commit_id: commitId,
        body: body.body ?? "",
        ...(state === "PENDING" ? {} : { submitted_at: new Date().toISOString() }),
      };
      this.reviews.push(review);
      for (const c of body.comments ?? []) {
        this.reviewComments.push({
          id: this.nextId(this.reviewComments, realisticIds.reviewComment),
          pull_number: pull.number,
          path: c.path,
          line: c.line ?? 0,
          body: c.body,
          commit_id: commitId,
          side: (c.side as "LEFT" | "RIGHT" | undefined) ?? "RIGHT",
          ...(c.start_line !== undefined ? { start_line: c.start_line } : {}),
          user: { login: `${this.appSlug}[bot]`, type: "Bot" },
          review_id: id,
          created_at: new Date().toISOString(),
        });
      }
      return { status: 200, body: this.reviewJson(review, this.reviews.length - 1, ctx) };
    },
    "pulls/list-review-comments": (ctx) => {
      const pull = this.pullOf(ctx);
      return this.list(ctx, this.reviewComments.filter((c) => c.pull_number === pull.number).map((c) => this.reviewCommentJson(c, ctx)));
    },
    "pulls/create-review-comment": (ctx) => {
      const pull = this.pullOf(ctx);
      const body = this.bodyOf<{
        body: string;
        commit_id?: string;
        path?: string;
        line?: number;
        side?: "LEFT" | "RIGHT";
        start_line?: number;
        start_side?: string;
        position?: number;
        in_reply_to?: number;
        subject_type?: "line" | "file";
      }>(ctx);
      let path = body.path ?? "";
      let line = body.line;
      let commitId = body.commit_id ?? pull.headSha;
      if (body.in_reply_to !== undefined) {
        const parent = this.reviewComments.find((c) => c.id === body.in_reply_to && c.pull_number === pull.number);
        if (!parent) throw notFound();
        path = parent.path;
        line = parent.line;
        commitId = parent.commit_id;
      } else {
        this.checkDiffPosition(pull, commitId, { ...body, path });
      }
      const comment: ReviewCommentState = {
        id: this.nextId(this.reviewComments, realisticIds.reviewComment),
        pull_number: pull.number,
        path,
        line: line ?? 0,
        body: body.body,
        commit_id: commitId,
        side: body.side ?? "RIGHT",
        ...(body.start_line !== undefined ? { start_line: body.start_line } : {}),
        ...(body.in_reply_to !== undefined ? { in_reply_to_id: body.in_reply_to } : {}),
        user: { login: `${this.appSlug}[bot]`, type: "Bot" },
        created_at: new Date().toISOString(),
      };
      this.reviewComments.push(comment);
      return { status: 201, body: this.reviewCommentJson(comment, ctx) };
    },

    // ---- checks
    "checks/create": (ctx) => {
      const repo = this.repoOf(ctx);
      const body = this.bodyOf<Record<string, unknown>>(ctx);
      this.checkRunRules(body, true);
      const headSha = String(body["head_sha"]);
      if (!repo.commits.has(headSha)) {
        throw new HttpError(422, { message: `No commit found for SHA: ${headSha}`, documentation_url: DOCS, status: "422" }, "semantic", [
          `No commit found for SHA: ${headSha}`,
        ]);
      }
      const now = new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
      const output = body["output"] as { title: string; summary: string; text?: string; annotations?: unknown[] } | undefined;
      const conclusion = body["conclusion"] as string | undefined;
      const status = conclusion !== undefined ? "completed" : ((body["status"] as string | undefined) ?? "queued");
      const run: CheckRunState = {
        id: this.nextId(this.checkRuns, realisticIds.checkRun),
        name: String(body["name"]),
        head_sha: headSha,
        status,
        ...(conclusion !== undefined ? { conclusion } : {}),
        ...(body["external_id"] !== undefined ? { external_id: String(body["external_id"]) } : {}),
        ...(body["details_url"] !== undefined ? { details_url: String(body["details_url"]) } : {}),
        started_at: (body["started_at"] as string | undefined) ?? now,
        ...(status === "completed" ? { completed_at: (body["completed_at"] as string | undefined) ?? now } : {}),
        ...(output ? { output: { title: output.title, summary: output.summary, ...(output.text !== undefined ? { text: output.text } : {}) } } : {}),
        annotations: [...(output?.annotations ?? [])],
        ...(body["actions"] !== undefined ? { actions: body["actions"] as unknown[] } : {}),
      };
      this.checkRuns.push(run);
      return { status: 201, body: this.checkRunJson(run, ctx) };
    },
    "checks/update": (ctx) => {
      const run = this.checkRuns.find((r) => r.id === Number(ctx.params["check_run_id"]));
      if (!run) throw notFound();
      const body = this.bodyOf<Record<string, unknown>>(ctx);
      this.checkRunRules(body, false);
      if (body["name"] !== undefined) run.name = String(body["name"]);
      if (body["details_url"] !== undefined) run.details_url = String(body["details_url"]);
      if (body["external_id"] !== undefined) run.external_id = String(body["external_id"]);
      if (body["started_at"] !== undefined) run.started_at = String(body["started_at"]);
      if (body["status"] !== undefined) run.status = String(body["status"]);
      if (body["conclusion"] !== undefined) {
        run.conclusion = String(body["conclusion"]);
        run.status = "completed";
      }
      if (run.status === "completed") {
        run.completed_at = (body["completed_at"] as string | undefined) ?? run.completed_at ?? new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
      }
      const output = body["output"] as { title?: string; summary: string; text?: string; annotations?: unknown[] } | undefined;
      if (output) {
        run.output = {
          title: output.title ?? run.output?.title ?? "",
          summary: output.summary,
          ...(output.text !== undefined ? { text: output.text } : run.output?.text !== undefined ? { text: run.output.text } : {}),
        };
        // "Each time you update the check run, annotations are appended to the list of annotations that already exist."
        run.annotations.push(...(output.annotations ?? []));
      }
      if (body["actions"] !== undefined) run.actions = body["actions"] as unknown[];
      return { status: 200, body: this.checkRunJson(run, ctx) };
    },
    "checks/get": (ctx) => {
      const run = this.checkRuns.find((r) => r.id === Number(ctx.params["check_run_id"]));
      if (!run) throw notFound();
      return { status: 200, body: this.checkRunJson(run, ctx) };
    },
    "checks/list-annotations": (ctx) => {
      const run = this.checkRuns.find((r) => r.id === Number(ctx.params["check_run_id"]));
      if (!run) throw notFound();
      const repo = this.repoOf(ctx);
      return this.list(
        ctx,
        run.annotations.map((raw) => {
          const a = raw as Record<string, unknown>;
          return {
            path: a["path"],
            start_line: a["start_line"],
            end_line: a["end_line"],
            start_column: a["start_column"] ?? null,
            end_column: a["end_column"] ?? null,
            annotation_level: a["annotation_level"],
            title: a["title"] ?? null,
            message: a["message"],
            raw_details: a["raw_details"] ?? null,
            blob_href: `https://github.com/${repo.fullName}/blob/${run.head_sha}/${String(a["path"])}`,
          };
        }),
      );
    },
    "checks/list-for-ref": (ctx) => {
      const repo = this.repoOf(ctx);
      const sha = resolveRev(repo, ctx.params["ref"]);
      if (!sha) throw new HttpError(422, { message: `No commit found for SHA: ${ctx.params["ref"] ?? ""}`, documentation_url: DOCS, status: "422" });
      let runs = this.checkRuns.filter((r) => r.head_sha === sha);
      if (ctx.query["check_name"] !== undefined) runs = runs.filter((r) => r.name === ctx.query["check_name"]);
      if (ctx.query["status"] !== undefined) runs = runs.filter((r) => r.status === ctx.query["status"]);
      if (ctx.query["app_id"] !== undefined && Number(ctx.query["app_id"]) !== this.appId) runs = [];
      if ((ctx.query["filter"] ?? "latest") === "latest") {
        const latest = new Map<string, CheckRunState>();
        for (const r of runs) latest.set(r.name, r);
        runs = [...latest.values()];
      }
      runs = [...runs].sort((a, b) => b.id - a.id);
      const { page, headers } = this.paginate(ctx, runs);
      return { status: 200, body: { total_count: runs.length, check_runs: page.map((r) => this.checkRunJson(r, ctx)) }, headers };
    },

    // ---- teams
    "teams/get-membership-for-user-in-org": (ctx) => {
      const members = this.teams[`${ctx.params["org"]}/${ctx.params["team_slug"]}`] ?? [];
      const login = String(ctx.params["username"]).toLowerCase();
      if (!members.some((member) => member.toLowerCase() === login)) throw notFound();
      return { status: 200, body: { url: this.apiUrl(ctx, `/orgs/${ctx.params["org"]}/teams/${ctx.params["team_slug"]}/memberships/${ctx.params["username"]}`), role: "member", state: "active" } };
    },

    // ---- issues: labels and comments
    "issues/get": (ctx) => {
      const number = this.issueNumberOf(ctx);
      const issue = this.issueMap.get(number);
      if (issue) return { status: 200, body: this.issueJson(issue, ctx) };
      const pull = this.pullOf(ctx, "issue_number");
      const p = this.pullJson(pull, ctx);
      return {
        status: 200,
        body: {
          id: p.id,
          node_id: p.node_id,
          url: this.apiUrl(ctx, `/repos/${this.main.fullName}/issues/${pull.number}`),
          html_url: p.html_url,
          number: pull.number,
          state: "open",
          title: pull.title,
          body: pull.body,
          user: p.user,
          labels: p.labels,
          assignees: [],
          locked: false,
          comments: p.comments,
          created_at: p.created_at,
          updated_at: p.updated_at,
          closed_at: null,
          author_association: p.author_association,
          pull_request: { url: p.url, html_url: p.html_url },
        },
      };
    },
    "issues/list-labels-on-issue": (ctx) => {
      const pull = { number: this.issueNumberOf(ctx) };
      return this.list(ctx, this.labels(pull.number).map((n) => this.labelJson(this.main, n, ctx)));
    },
    "issues/add-labels": (ctx) => {
      const pull = { number: this.issueNumberOf(ctx) };
      const body = ctx.body as { labels?: (string | { name: string })[] } | (string | { name: string })[];
      const names = (Array.isArray(body) ? body : body.labels ?? []).map((l) => (typeof l === "string" ? l : l.name));
      const current = this.labelMap.get(pull.number) ?? [];
      for (const n of names) if (!current.some((c) => c.toLowerCase() === n.toLowerCase())) current.push(n);
      this.labelMap.set(pull.number, current);
      return { status: 200, body: current.map((n) => this.labelJson(this.main, n, ctx)) };
    },
    "issues/set-labels": (ctx) => {
      const pull = { number: this.issueNumberOf(ctx) };
      const body = ctx.body as { labels?: (string | { name: string })[] } | (string | { name: string })[] | undefined;
      const names = (Array.isArray(body) ? body : body?.labels ?? []).map((l) => (typeof l === "string" ? l : l.name));
      this.labelMap.set(pull.number, [...new Set(names)]);
      return { status: 200, body: this.labels(pull.number).map((n) => this.labelJson(this.main, n, ctx)) };
    },
    "issues/remove-label": (ctx) => {
      const pull = { number: this.issueNumberOf(ctx) };
      const name = ctx.params["name"] ?? "";
      const current = this.labelMap.get(pull.number) ?? [];
      const index = current.findIndex((c) => c.toLowerCase() === name.toLowerCase());
      if (index === -1) throw new HttpError(404, { message: "Label does not exist", documentation_url: DOCS, status: "404" });
      current.splice(index, 1);
      return { status: 200, body: current.map((n) => this.labelJson(this.main, n, ctx)) };
    },
    "issues/list-comments": (ctx) => {
      const pull = { number: this.issueNumberOf(ctx) };
      let comments = this.comments.filter((c) => c.issue_number === pull.number);
      const since = ctx.query["since"];
      if (since) comments = comments.filter((c) => (c.updated_at ?? this.commentTime(this.comments.indexOf(c))) >= since);
      return this.list(ctx, comments.map((c) => this.commentJson(c, ctx)));
    },
    "issues/create-comment": (ctx) => {
      const pull = { number: this.issueNumberOf(ctx) };
      const body = this.bodyOf<{ body: string }>(ctx);
      if (body.body.length > 65536) {
        throw validationFailed("IssueComment", "body", "Body is too long (maximum is 65536 characters)");
      }
      const comment = this.createIssueComment(this.main, pull.number, body.body);
      return { status: 201, body: this.commentJson(comment, ctx) };
    },
    "issues/get-comment": (ctx) => {
      this.repoOf(ctx);
      const c = this.comments.find((x) => x.id === Number(ctx.params["comment_id"]));
      if (!c || ctx.repo !== this.main) throw notFound();
      return { status: 200, body: this.commentJson(c, ctx) };
    },
    "issues/update-comment": (ctx) => {
      const c = this.comments.find((x) => x.id === Number(ctx.params["comment_id"]));
      if (!c || ctx.repo !== this.main) throw notFound();
      const body = this.bodyOf<{ body: string }>(ctx);
      if (body.body.length > 65536) {
        throw validationFailed("IssueComment", "body", "Body is too long (maximum is 65536 characters)");
      }
      c.body = body.body;
      c.updated_at = new Date().toISOString();
      return { status: 200, body: this.commentJson(c, ctx) };
    },
    "issues/delete-comment": (ctx) => {
      const index = this.comments.findIndex((x) => x.id === Number(ctx.params["comment_id"]));
      if (index === -1 || ctx.repo !== this.main) throw notFound();
      this.comments.splice(index, 1);
      return { status: 204 };
    },
  };
}

export type { FileContent };
