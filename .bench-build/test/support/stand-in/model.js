/** Shared in-memory model of the stand-in: repositories, pulls and the state the app mutates. */
import { createHash } from "node:crypto";
import { buildSnapshot, changedFiles, syntheticCommitSha } from "./git.js";
/** A stable positive integer for a string (user ids, repo ids). */
export function stableId(s) {
    return createHash("sha1").update(s).digest().readUInt32BE(0) % 90_000_000 + 1_000_000;
}
export function isSha(s) {
    return /^[0-9a-f]{40}$/.test(s);
}
export function makeRepo(owner, repo, commits, defaultBranch, isMain) {
    const data = {
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
    for (const [sha, files] of Object.entries(commits))
        addCommit(data, sha, buildSnapshot(files));
    return data;
}
export function addCommit(repo, sha, snapshot) {
    repo.commits.set(sha, snapshot);
    for (const blob of snapshot.files.values())
        repo.blobs.set(blob.sha, blob.bytes);
    for (const treeSha of snapshot.trees.keys())
        repo.treeIndex.set(treeSha, snapshot);
}
/** A repository given only by its default-branch files: one synthetic commit. */
export function makeFileRepo(owner, repo, files, defaultBranch) {
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
export function resolveRev(repo, rev) {
    if (rev === undefined || rev === "" || rev === "HEAD")
        return repo.refs.get(repo.defaultBranch);
    if (repo.commits.has(rev))
        return rev;
    const name = rev.replace(/^refs\//, "").replace(/^heads\//, "");
    const ref = repo.refs.get(name);
    if (ref)
        return ref;
    if (/^[0-9a-f]{7,39}$/.test(rev)) {
        const matches = [...repo.commits.keys()].filter((sha) => sha.startsWith(rev));
        if (matches.length === 1)
            return matches[0];
    }
    return undefined;
}
const diffCache = new WeakMap();
export function pullFiles(repo, baseSha, headSha) {
    const base = repo.commits.get(baseSha);
    const head = repo.commits.get(headSha);
    if (!base || !head)
        return [];
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
