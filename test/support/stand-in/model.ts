/** Shared in-memory model of the stand-in: repositories, pulls and the state the app mutates. */
import { createHash } from "node:crypto";
import { buildSnapshot, changedFiles, syntheticCommitSha, type ChangedFile, type FileContent, type Snapshot } from "./git.js";

export interface RepoData {
  owner: string;
  repo: string;
  fullName: string;
  id: number;
  nodeId: string;
  defaultBranch: string;
  isMain: boolean;
  /** commit sha → snapshot */
  commits: Map<string, Snapshot>;
  /** branch / ref name → commit sha */
  refs: Map<string, string>;
  /** blob sha → bytes (every blob of every commit) */
  blobs: Map<string, Buffer>;
  /** tree sha → the snapshot that holds it */
  treeIndex: Map<string, Snapshot>;
}

export interface PullData {
  number: number;
  baseSha: string;
  headSha: string;
  baseRef: string;
  headRef: string;
  author: string;
  title: string;
  body: string;
  createdAt: string;
}

export interface CheckRunState {
  id: number;
  name: string;
  head_sha: string;
  status: string;
  conclusion?: string;
  external_id?: string;
  details_url?: string;
  started_at?: string;
  completed_at?: string;
  output?: { title: string; summary: string; text?: string };
  annotations: unknown[];
  actions?: unknown[];
}

export interface CommentState {
  id: number;
  issue_number: number;
  body: string;
  user: { login: string; type: "Bot" | "User" };
  created_at?: string;
  updated_at?: string;
  /** set by the GraphQL minimizeComment mutation */
  minimized_reason?: string;
}

export interface ReviewCommentState {
  id: number;
  pull_number: number;
  path: string;
  line: number;
  body: string;
  commit_id: string;
  side?: "LEFT" | "RIGHT";
  start_line?: number;
  in_reply_to_id?: number;
  user?: { login: string; type: "Bot" | "User" };
  review_id?: number;
  created_at?: string;
}

export interface ReviewState {
  pull_number: number;
  user: string;
  state: "APPROVED" | "CHANGES_REQUESTED" | "COMMENTED" | "DISMISSED" | "PENDING";
  commit_id: string;
  id?: number;
  body?: string;
  submitted_at?: string;
}

/** A stable positive integer for a string (user ids, repo ids). */
export function stableId(s: string): number {
  return createHash("sha1").update(s).digest().readUInt32BE(0) % 90_000_000 + 1_000_000;
}

export function isSha(s: string): boolean {
  return /^[0-9a-f]{40}$/.test(s);
}

export function makeRepo(
  owner: string,
  repo: string,
  commits: Record<string, Record<string, FileContent>>,
  defaultBranch: string,
  isMain: boolean,
): RepoData {
  const data: RepoData = {
    owner,
    repo,
    fullName: `${owner}/${repo}`,
    id: stableId(`repo:${owner}/${repo}`),
    nodeId: `R_${Buffer.from(`${owner}/${repo}`).toString("base64url")}`,
    defaultBranch,
    isMain,
    commits: new Map(),
    refs: new Map(),
    blobs: new Map(),
    treeIndex: new Map(),
  };
  for (const [sha, files] of Object.entries(commits)) addCommit(data, sha, buildSnapshot(files));
  return data;
}

export function addCommit(repo: RepoData, sha: string, snapshot: Snapshot): void {
  repo.commits.set(sha, snapshot);
  for (const blob of snapshot.files.values()) repo.blobs.set(blob.sha, blob.bytes);
  for (const treeSha of snapshot.trees.keys()) repo.treeIndex.set(treeSha, snapshot);
}

/** A repository given only by its default-branch files: one synthetic commit. */
export function makeFileRepo(owner: string, repo: string, files: Record<string, FileContent>, defaultBranch: string): RepoData {
  const snapshot = buildSnapshot(files);
  const sha = syntheticCommitSha(snapshot.rootTree, `${owner}/${repo}`);
  const data = makeRepo(owner, repo, {}, defaultBranch, false);
  addCommit(data, sha, snapshot);
  data.refs.set(defaultBranch, sha);
  return data;
}

/**
 * Resolves a revision as GitHub does for `ref=` / `tree_sha` / GraphQL expressions: a full sha, an abbreviated sha
 * (≥ 7 hex digits, unique), "HEAD", a branch name, "heads/x", "refs/heads/x" or "refs/pull/N/head".
 */
export function resolveRev(repo: RepoData, rev: string | undefined): string | undefined {
  if (rev === undefined || rev === "" || rev === "HEAD") return repo.refs.get(repo.defaultBranch);
  if (repo.commits.has(rev)) return rev;
  const name = rev.replace(/^refs\//, "").replace(/^heads\//, "");
  const ref = repo.refs.get(name);
  if (ref) return ref;
  if (/^[0-9a-f]{7,39}$/.test(rev)) {
    const matches = [...repo.commits.keys()].filter((sha) => sha.startsWith(rev));
    if (matches.length === 1) return matches[0];
  }
  return undefined;
}

const diffCache = new WeakMap<Snapshot, WeakMap<Snapshot, ChangedFile[]>>();

export function pullFiles(repo: RepoData, baseSha: string, headSha: string): ChangedFile[] {
  const base = repo.commits.get(baseSha);
  const head = repo.commits.get(headSha);
  if (!base || !head) return [];
  let inner = diffCache.get(base);
  if (!inner) {
    inner = new WeakMap();
    diffCache.set(base, inner);
  }
  let files = inner.get(head);
  if (!files) {
    files = changedFiles(base, head);
    inner.set(head, files);
  }
  return files;
}

const mergeCache = new WeakMap<RepoData, Map<string, string | null>>();

/**
 * GitHub's test merge of a pull request (`potentialMergeCommit`, `refs/pull/N/merge`): the base
 * branch's tip merged with the head, file by file from their fork point (`pull.baseSha`). A path both
 * sides changed differently is a conflict, and then there is no test merge (null), as on GitHub.
 */
export function testMerge(repo: RepoData, pull: PullData): { sha: string; parents: [string, string] } | null {
  const tip = repo.refs.get(pull.baseRef) ?? pull.baseSha;
  const key = `${pull.baseSha}:${tip}:${pull.headSha}`;
  let cache = mergeCache.get(repo);
  if (!cache) mergeCache.set(repo, (cache = new Map()));
  if (!cache.has(key)) cache.set(key, mergeCommit(repo, pull.baseSha, tip, pull.headSha));
  const sha = cache.get(key);
  return sha ? { sha, parents: [tip, pull.headSha] } : null;
}

function mergeCommit(repo: RepoData, forkSha: string, tipSha: string, headSha: string): string | null {
  const [fork, tip, head] = [repo.commits.get(forkSha), repo.commits.get(tipSha), repo.commits.get(headSha)];
  if (!fork || !tip || !head) return null;
  const merged: Record<string, FileContent> = {};
  const paths = new Set([...fork.files.keys(), ...tip.files.keys(), ...head.files.keys()]);
  for (const path of paths) {
    const [was, ours, theirs] = [fork.files.get(path)?.sha, tip.files.get(path), head.files.get(path)];
    const headChanged = theirs?.sha !== was;
    const baseChanged = ours?.sha !== was;
    if (headChanged && baseChanged && ours?.sha !== theirs?.sha) return null;
    const kept = headChanged ? theirs : ours;
    if (kept) merged[path] = kept.bytes;
  }
  const snapshot = buildSnapshot(merged);
  const sha = syntheticCommitSha(snapshot.rootTree, `merge ${tipSha} ${headSha}`);
  addCommit(repo, sha, snapshot);
  return sha;
}

/**
 * Ids as github.com hands them out now: issue comments passed 2^31 in 2024, review comments and reviews
 * too, and check runs are past 2^34. A client that stores one in 32 bits, or reads it through GraphQL's
 * `databaseId` (an `Int`), breaks here as it would on github.com.
 */
export const realisticIds = {
  issueComment: 2_600_000_000,
  reviewComment: 2_300_000_000,
  review: 3_100_000_000,
  checkRun: 30_000_000_000,
} as const;

/** An issue (not a pull request) of the fixture repository; its labels live with the pulls' (one number space). */
export interface IssueData {
  number: number;
  title: string;
  body: string;
  author: string;
  state: "open" | "closed";
  /** the milestone's title */
  milestone?: string;
  createdAt: string;
}

/** A single-select field of a Projects (v2) board. */
export interface ProjectFieldData {
  id: string;
  name: string;
  options: { id: string; name: string }[];
}

/** An issue on a project board, with the option chosen per single-select field id. */
export interface ProjectItemData {
  id: string;
  /** the issue's node id */
  contentId: string;
  values: Record<string, string>;
}

/** An organization's Projects (v2) board. */
export interface ProjectData {
  id: string;
  owner: string;
  number: number;
  title: string;
  fields: ProjectFieldData[];
  items: ProjectItemData[];
}

/** Ids in the shapes github.com uses for Projects (v2): `PVT_…`, `PVTSSF_…`, `PVTI_…`, 8-hex option ids. */
export function projectNodeId(prefix: "PVT" | "PVTSSF" | "PVTI", key: string): string {
  return `${prefix}_kwDO${createHash("sha1").update(key).digest("base64url").slice(0, 16)}`;
}

export function projectOptionId(key: string): string {
  return createHash("sha1").update(key).digest("hex").slice(0, 8);
}
