/**
 * What one process keeps of what GitHub said about commits (src/github/content-cache.ts), seen through the
 * requests the Octokit port makes to the GitHub stand-in: content named by a commit SHA is read once, anything
 * named by a branch is read every time, and one installation's reads never answer another's.
 */
import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { ProbotOctokit } from "probot";
import { ContentCache, isCommitSha, sizeOf } from "../../src/github/content-cache.js";
import { OctokitGitHub } from "../../src/github/octokit-github.js";
import { blobKey } from "../../src/github/port.js";
import { goodRepo, kepDir, prrPath } from "../helpers/repo.js";
import { GitHubStandIn } from "../support/github-stand-in.js";

const owner = "kubernetes";
const name = "enhancements";
const repo = { owner, repo: name };
const baseSha = "1".repeat(40);
const headSha = "2".repeat(40);
const otherHeadSha = "3".repeat(40);
const head = goodRepo();
const base = Object.fromEntries(Object.entries(head).filter(([path]) => !path.startsWith(kepDir) && path !== prrPath));

let github: GitHubStandIn;

beforeAll(async () => {
  github = await GitHubStandIn.start({
    owner,
    repo: name,
    installationId: 42,
    commits: { [baseSha]: base, [headSha]: head, [otherHeadSha]: { ...head, "extra.md": "more\n" } },
    pulls: [{ number: 7, baseSha, headSha, author: "alice", labels: [] }],
  });
}, 30_000);

afterAll(async () => {
  await github?.stop();
});

/** A port as one delivery gets it: a fresh Octokit, the process's cache scoped to an installation. */
const portFor = (cache: ContentCache, installation = "42") =>
  new OctokitGitHub(new ProbotOctokit({ auth: { token: github.issueToken() }, baseUrl: github.baseUrl, throttle: { enabled: false }, retry: { enabled: false } }), undefined, cache.scope(installation));

/** The requests made while `work` ran, as "METHOD path". */
async function requestsDuring(work: () => Promise<unknown>): Promise<string[]> {
  const mark = github.requests.length;
  await work();
  return github.requests.slice(mark).map((request) => `${request.method} ${request.path}`);
}

const tree = (sha: string) => `GET /repos/${owner}/${name}/git/trees/${sha}`;
const files = `GET /repos/${owner}/${name}/pulls/7/files`;

describe("the content cache", () => {
  test.each([
    ["a commit SHA", headSha, true],
    ["a SHA-256 commit", "a".repeat(64), true],
    ["a branch", "master", false],
    ["HEAD", "HEAD", false],
    ["an abbreviated SHA", headSha.slice(0, 12), false],
    ["upper-case hex (GitHub writes lower case)", "A".repeat(40), false],
  ])("is %s (%s) content that cannot change? %s", (_case, ref, expected) => {
    expect(isCommitSha(ref)).toBe(expected);
  });

  test("a commit's tree is read once; a branch's every time", async () => {
    const cache = new ContentCache(1_000_000);
    expect(await requestsDuring(() => portFor(cache).listTree(repo, headSha))).toEqual([tree(headSha)]);
    expect(await requestsDuring(() => portFor(cache).listTree(repo, headSha))).toEqual([]);
    expect(await portFor(cache).listTree(repo, headSha)).toContain(`${kepDir}/kep.yaml`);
    expect(await requestsDuring(() => portFor(cache).listTree(repo, "master"))).toHaveLength(1);
    expect(await requestsDuring(() => portFor(cache).listTree(repo, "master"))).toHaveLength(1);
  });

  test("files at a commit are read once, a missing one too; at a branch every time", async () => {
    const cache = new ContentCache(1_000_000);
    const atHead = [`${kepDir}/kep.yaml`, "no/such/file"].map((path) => ({ ...repo, ref: headSha, path }));
    const first = await portFor(cache).readBlobs(atHead);
    expect(await requestsDuring(() => portFor(cache).readBlobs(atHead))).toEqual([]);
    const again = await portFor(cache).readBlobs(atHead);
    expect(new TextDecoder().decode(again.blobs.get(blobKey(atHead[0]!)))).toBe(String(head[`${kepDir}/kep.yaml`]));
    expect(again.blobs.has(blobKey(atHead[1]!))).toBe(true);
    expect(again.blobs.get(blobKey(atHead[1]!))).toBeUndefined();
    expect([...again.blobs.keys()]).toEqual([...first.blobs.keys()]);

    // One cached and one not: only the other is asked for.
    const mixed = [atHead[0]!, { ...repo, ref: headSha, path: prrPath }];
    const asked = github.requests.length;
    await portFor(cache).readBlobs(mixed);
    expect(JSON.stringify(github.requests.slice(asked).map((request) => request.body))).not.toContain("kep.yaml");

    const atBranch = [{ ...repo, ref: "master", path: "OWNERS_ALIASES" }];
    expect(await requestsDuring(() => portFor(cache).readBlobs(atBranch))).toEqual(["POST /graphql"]);
    expect(await requestsDuring(() => portFor(cache).readBlobs(atBranch))).toEqual(["POST /graphql"]);
  });

  test("a pull request's changed files are read once per head and base; without them, every time", async () => {
    const cache = new ContentCache(1_000_000);
    const pr = { ...repo, number: 7, headSha, baseSha };
    expect(await requestsDuring(() => portFor(cache).listChangedFiles(pr, 3000))).toEqual([files]);
    expect(await requestsDuring(() => portFor(cache).listChangedFiles(pr, 3000))).toEqual([]);
    expect((await portFor(cache).listChangedFiles(pr, 3000)).map((file) => file.path).sort()).toEqual([`${kepDir}/README.md`, `${kepDir}/kep.yaml`, prrPath].sort());
    // A push: another head is another list.
    github.setPullHead(7, otherHeadSha);
    try {
      expect(await requestsDuring(() => portFor(cache).listChangedFiles({ ...pr, headSha: otherHeadSha }, 3000))).toEqual([files]);
      expect(await requestsDuring(() => portFor(cache).listChangedFiles({ ...repo, number: 7 }, 3000))).toEqual([files]);
    } finally {
      github.setPullHead(7, headSha);
    }
  });

  test("blob ids at a commit are read once, the head's with the pull request; equal content, equal ids", async () => {
    const cache = new ContentCache(1_000_000);
    const paths = [`${kepDir}/kep.yaml`, "extra.md", "no/such/file", kepDir];
    const at = (commit: string, path: string) => blobKey({ ...repo, ref: commit, path });
    // The pull request's one query brings the ids at the head it names.
    const { blobIds } = await portFor(cache).readPullRequest({ ...repo, number: 7 }, { merged: [], base: [], headIds: { sha: headSha, paths } });
    expect(blobIds.get(at(headSha, `${kepDir}/kep.yaml`))).toMatch(/^[0-9a-f]{40}$/);
    // No file there, or a directory: no blob id.
    for (const path of ["extra.md", "no/such/file", kepDir]) {
      expect(blobIds.has(at(headSha, path))).toBe(true);
      expect(blobIds.get(at(headSha, path))).toBeUndefined();
    }
    // Kept: asking for the head's ids again costs nothing; another commit's, one query for it alone.
    expect(await requestsDuring(() => portFor(cache).readBlobIds(repo, [headSha], paths))).toEqual([]);
    const asked = github.requests.length;
    const ids = await portFor(cache).readBlobIds(repo, [headSha, otherHeadSha], paths);
    expect(github.requests.slice(asked).map((request) => `${request.method} ${request.path}`)).toEqual(["POST /graphql"]);
    expect(JSON.stringify(github.requests.slice(asked).map((request) => request.body))).not.toContain(headSha);
    // The other head adds extra.md and leaves the KEP as it was.
    expect(ids.get(at(otherHeadSha, `${kepDir}/kep.yaml`))).toBe(blobIds.get(at(headSha, `${kepDir}/kep.yaml`)));
    expect(ids.get(at(otherHeadSha, "extra.md"))).toMatch(/^[0-9a-f]{40}$/);
    expect(await requestsDuring(() => portFor(cache).readBlobIds(repo, [otherHeadSha], paths))).toEqual([]);
    expect(github.invalidRequests).toEqual([]);
  });

  test("one installation's reads never answer another's", async () => {
    const cache = new ContentCache(1_000_000);
    await portFor(cache, "42").listTree(repo, headSha);
    expect(await requestsDuring(() => portFor(cache, "43").listTree(repo, headSha))).toEqual([tree(headSha)]);
  });

  test("the cache holds at most its size: what no longer fits is read again", async () => {
    // Room for either tree, not both: the second evicts the first.
    const [headTree, baseTree] = await Promise.all([headSha, baseSha].map((sha) => portFor(new ContentCache(0)).listTree(repo, sha)));
    const room = sizeOf({ paths: headTree! }) + sizeOf({ paths: baseTree! }) - 1;
    const cache = new ContentCache(room, room);
    await portFor(cache).listTree(repo, headSha);
    expect(await requestsDuring(() => portFor(cache).listTree(repo, headSha))).toEqual([]);
    await portFor(cache).listTree(repo, baseSha);
    expect(await requestsDuring(() => portFor(cache).listTree(repo, headSha))).toEqual([tree(headSha)]);
  });

  test("an entry larger than an eighth of the cache is not kept", async () => {
    const [headTree] = await Promise.all([portFor(new ContentCache(0)).listTree(repo, headSha)]);
    const small = new ContentCache(8 * sizeOf({ paths: headTree! }) - 8);
    await portFor(small).listTree(repo, headSha);
    expect(await requestsDuring(() => portFor(small).listTree(repo, headSha))).toEqual([tree(headSha)]);
    const enough = new ContentCache(8 * sizeOf({ paths: headTree! }));
    await portFor(enough).listTree(repo, headSha);
    expect(await requestsDuring(() => portFor(enough).listTree(repo, headSha))).toEqual([]);
  });
});
