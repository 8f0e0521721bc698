import { describe, expect, test } from "@jest/globals";
import { filesAfter, reconcilePullRequest, type PullRequestTarget } from "../../src/app/reconcile.js";
import type { PullRequestFile } from "../../src/github/port.js";
import { FakeGitHub } from "../fakes/fake-github.js";
import { goodRepo, kepDir, kepYaml, prrPath } from "../helpers/repo.js";

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
const kepPath = `${kepDir}/kep.yaml`;

function lineCount(text: string): number {
  return text.split("\n").length;
}

/**
 * A fake GitHub holding a pull request from `base` to `head`, and GitHub's test merge of it (the head
 * branched from the base's tip, so the merge holds the head's files); every changed file's diff shows every line.
 */
function setup(base: Record<string, string>, head: Record<string, string>): FakeGitHub {
  const github = new FakeGitHub();
  github.commits = { base, head, merge: head };
  github.merges = { head: { sha: "merge", baseSha: "base" } };
  const files: PullRequestFile[] = [];
  for (const path of new Set([...Object.keys(base), ...Object.keys(head)])) {
    if (base[path] === head[path]) continue;
    const status = base[path] === undefined ? "added" : head[path] === undefined ? "removed" : "modified";
    files.push({ path, status, diffRanges: head[path] === undefined ? [] : [[1, lineCount(head[path] ?? "")]] });
  }
  github.pull = { ...github.pull, files, changedFiles: files.length };
  return github;
}

function targetOf(github: FakeGitHub): PullRequestTarget {
  const { number, headSha, baseSha, author, labels, requestedReviewers, changedFiles } = github.pull;
  return { owner: "kubernetes", repo: "enhancements", number, headSha, baseSha, author, labels, requestedReviewers, changedFiles };
}

async function run(github: FakeGitHub) {
  return reconcilePullRequest({ github, log: silent, now: () => new Date("2026-11-21T12:00:00Z") }, targetOf(github));
}

/** The base without KEP 4242; the head adds it (kep.yaml, README, PRR file). */
function newKepPullRequest(): FakeGitHub {
  const head = goodRepo();
  const base = Object.fromEntries(Object.entries(head).filter(([path]) => !path.startsWith(kepDir) && path !== prrPath));
  return setup(base, head);
}

describe("a typical KEP pull request", () => {
  test("new KEP with a PRR approver: failing check until the approver approves, one review request, one summary comment", async () => {
    const github = newKepPullRequest();
    const outcome = await run(github);
    expect(outcome.conclusion).toBe("failure");
    // Three reads (files, one GraphQL round trip with the guessed files, the base's tree: the merge's is it plus the change) and one write for the check.
    expect(github.calls).toEqual([
      "listChangedFiles",
      "readPullRequest(10)",
      "listTree(base)",
      "createCheckRun(head,failure,1)",
      "addLabels(kind/kep,prr/awaiting-approval,sig/node)",
      "requestReviewers(wojtek-t)",
      "createComment",
    ]);
    expect(github.checkRuns).toEqual([
      expect.objectContaining({ name: "kepbot", headSha: "head", externalId: expect.stringMatching(/^1:[0-9a-f]{8}$/), status: "completed", conclusion: "failure", title: "1 error" }),
    ]);
    expect(github.checkRuns[0]?.annotations).toEqual([
      expect.objectContaining({ path: prrPath, start_line: 5, annotation_level: "failure", title: "prr/approval" }),
    ]);
    expect(github.comments).toHaveLength(1);
    expect(github.comments[0]?.body).toMatch(/names @\u200bwojtek-t as approver/);
  });

  test("after the approver approves, a rerun passes, relabels, edits the comment and asks nobody again", async () => {
    const github = newKepPullRequest();
    await run(github);
    github.reviews.push({ author: "wojtek-t", state: "APPROVED", submittedAt: "2026-11-21T13:00:00Z" });
    github.calls = [];
    const outcome = await run(github);
    expect(outcome.conclusion).toBe("success");
    expect(github.calls).toEqual([
      "listChangedFiles",
      "readPullRequest(10)",
      "listTree(base)",
      "createCheckRun(head,success,0)",
      "addLabels(prr/approved)",
      "removeLabel(prr/awaiting-approval)",
      "updateComment(1000)",
    ]);
    expect([...github.pull.labels].sort()).toEqual(["kind/kep", "prr/approved", "sig/node"]);
    expect(github.comments).toHaveLength(1);
    expect(github.comments[0]?.body).toMatch(/nothing blocks this pull request/);
  });

  test("a third run with nothing new writes nothing but the check run", async () => {
    const github = newKepPullRequest();
    github.reviews.push({ author: "wojtek-t", state: "APPROVED" });
    await run(github);
    github.calls = [];
    await run(github);
    expect(github.calls.filter((call) => !/^(createCheckRun|listChangedFiles|listTree|readPullRequest)/.test(call))).toEqual([]);
  });
});

describe("an approval counts only for the content it approved", () => {
  const twoGates = kepYaml({ "feature-gates": "\n  - name: SidecarRestarts\n    components:\n      - kubelet\n  - name: SidecarRestartsEverywhere\n    components:\n      - kubelet" });

  /** The PRR approver approved commit `approved` of the new KEP; the head is that commit with `later` on top. */
  function approvedThenPushed(later: Record<string, string>): FakeGitHub {
    const approved = goodRepo();
    const github = newKepPullRequest();
    const head = { ...approved, ...later };
    github.commits = { ...github.commits, approved, head, merge: head };
    github.pull.files = [...github.pull.files.filter((file) => !(file.path in later)), ...Object.keys(later).map((path) => ({ path, status: "added" as const, diffRanges: [[1, 40]] as [number, number][] }))];
    github.reviews.push({ author: "wojtek-t", state: "APPROVED", commitId: "approved" });
    return github;
  }

  test("the attack: approved, then a push adds a second feature gate; the approval is stale and the check says so", async () => {
    const github = approvedThenPushed({ [kepPath]: twoGates });
    expect((await run(github)).conclusion).toBe("failure");
    expect(github.checkRuns[0]?.annotations).toEqual([expect.objectContaining({ path: prrPath, message: expect.stringMatching(/approval was of an earlier commit, and keps\/sig-node\/4242-sidecar-restarts\/kep\.yaml changed since, so it must be given again/) })]);
  });

  test("a push that leaves the KEP's files as approved keeps the approval", async () => {
    const github = approvedThenPushed({ "keps/sig-apps/NOTES.txt": "notes\n" });
    expect((await run(github)).conclusion).toBe("success");
  });

  test("an approval of the head itself costs no extra read", async () => {
    const github = newKepPullRequest();
    github.reviews.push({ author: "wojtek-t", state: "APPROVED", commitId: "head" });
    expect((await run(github)).conclusion).toBe("success");
    expect(github.calls.filter((call) => call.startsWith("readBlobs") || call.startsWith("readBlobIds"))).toEqual([]);
  });

  test("an approval of an earlier commit: the head's blob ids come with the pull request's query, the approved commit's in one read of ids", async () => {
    const github = approvedThenPushed({ "keps/sig-apps/NOTES.txt": "notes\n" });
    await run(github);
    const compared = github.pull.files.filter((file) => file.path.startsWith("keps/")).length;
    expect(github.calls.filter((call) => call.startsWith("readBlobs") || call.startsWith("readBlobIds"))).toEqual([`readBlobIds(${compared})`]);
  });
});

describe("what is judged: GitHub's test merge of the head into the base", () => {
  const broken = kepYaml({ "creation-date": "2025-30-01" });
  /** The PR branched when the KEP had an impossible date, edited its README; the base has fixed the date since. */
  function staleBranch(): FakeGitHub {
    const forkPoint: Record<string, string> = { ...goodRepo(), [kepPath]: broken };
    const head = { ...forkPoint, [`${kepDir}/README.md`]: `${forkPoint[`${kepDir}/README.md`]}\nMore words.\n` };
    const github = setup(goodRepo(), head);
    github.commits.merge = { ...head, [kepPath]: kepYaml() };
    github.pull.files = [{ path: `${kepDir}/README.md`, status: "modified", diffRanges: [[1, 60]] }];
    return github;
  }

  test("a stale branch is judged as it would merge: what the base fixed since is not held against it", async () => {
    const github = staleBranch();
    expect((await run(github)).conclusion).toBe("success");
    expect(github.checkRuns[0]?.annotations).toEqual([]);
  });

  test("a PRR approver added to OWNERS_ALIASES on the base after the pull request branched off is accepted", async () => {
    // At the fork point the PRR approver of the new KEP was not yet an approver; the base added them since.
    const forkPoint = Object.fromEntries(Object.entries(goodRepo()).filter(([path]) => !path.startsWith(kepDir) && path !== prrPath));
    forkPoint["OWNERS_ALIASES"] = (forkPoint["OWNERS_ALIASES"] ?? "").replace("    - wojtek-t\n", "");
    const head = { ...goodRepo(), OWNERS_ALIASES: forkPoint["OWNERS_ALIASES"] };
    const tip = { ...forkPoint, OWNERS_ALIASES: goodRepo()["OWNERS_ALIASES"] ?? "" };
    const github = setup(forkPoint, head);
    github.commits.base = tip;
    github.commits.merge = { ...head, OWNERS_ALIASES: tip["OWNERS_ALIASES"] };
    github.pull.files = github.pull.files.filter((file) => file.path !== "OWNERS_ALIASES");
    github.reviews.push({ author: "wojtek-t", state: "APPROVED" });
    expect((await run(github)).conclusion).toBe("success");
  });

  test("without a current test merge, the head is judged against the base's tip, and the check says so", async () => {
    const github = staleBranch();
    github.merges = {};
    const outcome = await run(github);
    expect(github.calls.slice(0, 3)).toEqual(["listChangedFiles", expect.stringMatching(/^readPullRequest\(\d+\)$/), "listTree(head)"]);
    expect(github.calls).toContain("listTree(base)");
    expect(outcome.conclusion).toBe("failure");
    expect(github.checkRuns[0]?.summary).toMatch(/GitHub has no test merge of this head/);
  });

  test("a slow verdict shows the check in progress first, then completes it", async () => {
    const github = newKepPullRequest();
    const list = github.listChangedFiles.bind(github);
    github.listChangedFiles = async (pr, limit) => {
      await new Promise((resolve) => setTimeout(resolve, 30));
      return list(pr, limit);
    };
    await reconcilePullRequest({ github, log: silent, now: () => new Date(), showProgressAfterMs: 0 }, targetOf(github));
    expect(github.calls.filter((call) => /CheckRun/.test(call))).toEqual(["createCheckRun(head)", "updateCheckRun(1)"]);
    expect(github.checkRuns).toEqual([expect.objectContaining({ status: "completed", conclusion: "failure" })]);
  });
});

describe("suggestions", () => {
  test("a mechanical fix on a changed line is suggested once, not again on the next push", async () => {
    const head = { ...goodRepo(), [kepPath]: kepYaml({ "latest-milestone": '"v1.32"' }) };
    const github = setup(goodRepo(), head);
    await run(github);
    expect(github.reviewComments).toEqual([expect.objectContaining({ path: kepPath, line: 15, commitId: "head" })]);
    expect(github.reviewComments[0]?.body).toContain('```suggestion\nlatest-milestone: "v1.33"\n```');
    await run(github);
    expect(github.reviewComments).toHaveLength(1);
  });

  test("no suggestion on a line outside the diff", async () => {
    const head = { ...goodRepo(), [kepPath]: kepYaml({ "latest-milestone": '"v1.32"' }) };
    const github = setup(goodRepo(), head);
    github.pull.files = github.pull.files.map((file) => ({ ...file, diffRanges: [[1, 3]] }));
    await run(github);
    expect(github.reviewComments).toEqual([]);
  });
});

describe("the check run", () => {
  test("annotations go in batches of 50: the first completes the run, the rest append", async () => {
    const head = goodRepo();
    for (let index = 0; index < 120; index++) head[`keps/sig-node/${5000 + index}-x/README.md`] = "# no metadata\n<!-- toc -->\n<!-- /toc -->\n";
    const github = setup(goodRepo(), head);
    await run(github);
    expect(github.calls.filter((call) => /^(create|update)CheckRun/.test(call))).toEqual(["createCheckRun(head,failure,50)", "updateCheckRun(50)", "updateCheckRun(20)"]);
    expect(github.checkRuns[0]?.annotations).toHaveLength(120);
    expect(github.checkRuns[0]?.status).toBe("completed");
  });

  test("a failure inside kepbot still completes the check; the public text carries an error id, the log the details", async () => {
    const github = newKepPullRequest();
    github.failures.readPullRequest = new Error("connect ECONNREFUSED 10.0.3.7:443 (ghe-internal.corp.example)");
    const logged: object[] = [];
    const outcome = await reconcilePullRequest({ github, log: { ...silent, error: (details) => void logged.push(details) }, now: () => new Date("2026-11-21T12:00:00Z") }, targetOf(github));
    expect(outcome.conclusion).toBe("failure");
    expect(github.checkRuns[0]).toMatchObject({ status: "completed", conclusion: "failure", title: "kepbot could not check this pull request" });
    const summary = github.checkRuns[0]?.summary ?? "";
    expect(summary).not.toMatch(/10\.0\.3\.7|ghe-internal|ECONNREFUSED/);
    const errorId = /error id `([0-9a-f]{8})`/.exec(summary)?.[1];
    expect(logged).toEqual([expect.objectContaining({ errorId, err: expect.objectContaining({ message: expect.stringContaining("ghe-internal") }) })]);
    expect(github.calls).not.toContain("createComment");
  });

  test("the attack: a pull request padded past GitHub's 3,000-file listing gets a failing check saying so, never a passing one", async () => {
    const github = newKepPullRequest();
    github.pull = { ...github.pull, changedFiles: 3500 };
    const outcome = await run(github);
    expect(outcome.conclusion).toBe("failure");
    expect(github.calls).toEqual(["createCheckRun(head,failure,0)"]);
    expect(github.checkRuns[0]?.summary).toMatch(/changes 3500 files; GitHub lists at most 3000/);
  });

  test("an invalid .github/kepbot.yml on the base is reported in the check, and the defaults apply", async () => {
    const base = { ...goodRepo(), ".github/kepbot.yml": "profile: lenient\n" };
    const github = setup(base, { ...base, [kepPath]: kepYaml({ status: "imlpemented" }) });
    await run(github);
    expect(github.checkRuns[0]?.annotations).toEqual([
      expect.objectContaining({ path: ".github/kepbot.yml", start_line: 1, title: "repo/config" }),
      expect.objectContaining({ path: kepPath, title: "kep/status-valid" }),
    ]);
  });

  test("an old defect in a file the PR does not touch is a warning and does not fail the check", async () => {
    const base: Record<string, string> = { ...goodRepo(), [kepPath]: kepYaml({ status: "imlpemented" }) };
    const github = setup(base, { ...base, [`${kepDir}/README.md`]: `${base[`${kepDir}/README.md`]}\nMore words.\n` });
    const outcome = await run(github);
    expect(outcome.conclusion).toBe("success");
    expect(github.checkRuns[0]?.annotations).toEqual([expect.objectContaining({ annotation_level: "warning", title: "kep/status-valid" })]);
  });

  test("a failing side effect is logged and the others still run", async () => {
    const github = newKepPullRequest();
    github.failures.addLabels = new Error("secondary rate limit");
    const warnings: string[] = [];
    await reconcilePullRequest({ github, log: { ...silent, warn: (_details, message) => void warnings.push(message) }, now: () => new Date() }, targetOf(github));
    expect(warnings).toEqual(["kepbot could not update the labels"]);
    expect(github.calls).toEqual(expect.arrayContaining(["requestReviewers(wojtek-t)", "createComment"]));
  });
});

describe("a pull request that moves a receipt", () => {
  const ready = kepYaml({ "latest-milestone": '"v1.37"', milestone: '\n  alpha: "v1.36"\n  beta: "v1.37"' });
  const receipt = (state: string) => `title: Sidecar restarts\nkep-number: 4242\nowning-sig: sig-node\ntracking-status: ${state}\nstage: beta\n`;
  const files = (state: string): Record<string, string> => ({
    ...goodRepo(),
    [kepPath]: ready,
    "releases/v1.37/OWNERS": "approvers:\n  - enh-lead\n",
    [`releases/v1.37/${state}/4242.yaml`]: receipt(state),
  });

  function acceptPullRequest(): FakeGitHub {
    const github = setup(files("proposed"), files("accepted"));
    github.pull = { ...github.pull, author: "alice", files: [{ path: "releases/v1.37/accepted/4242.yaml", previousPath: "releases/v1.37/proposed/4242.yaml", status: "renamed", diffRanges: [] }] };
    return github;
  }

  test("by someone outside the release team: the check fails and lists the move with why, and the manifest after the PR", async () => {
    const github = acceptPullRequest();
    const outcome = await run(github);
    expect(outcome.conclusion).toBe("failure");
    const summary = github.checkRuns[0]?.summary ?? "";
    expect(summary).toMatch(/\| v1\.37 \| 4242 \| proposed → accepted \| ❌ v1\.37: moving KEP 4242 proposed → accepted is for the Enhancements team: @\u200balice is not in releases\/v1\.37\/OWNERS/);
    expect(summary).toMatch(/### accepted \(1\)\n\n\| KEP \| title \| SIG \| stage \| PRR approver \|\n\| ---: \| --- \| --- \| --- \| --- \|\n\| 4242 \| Sidecar restarts \| sig-node \| beta \| `wojtek-t` \|/);
  });

  test("once a member of the release team approves, the review re-evaluates the PR and it passes", async () => {
    const github = acceptPullRequest();
    github.reviews.push({ author: "enh-lead", state: "APPROVED" });
    const outcome = await run(github);
    expect(outcome.conclusion).toBe("success");
    expect(github.checkRuns[0]?.summary).toMatch(/\| proposed → accepted \| ✅ allowed \|/);
  });
});

describe("the test merge's file list is its base's plus the change", () => {
  const base = ["README.md", "keps/sig-node/1-a/kep.yaml", "keps/sig-node/2-b/kep.yaml", "keps/sig-node/2-b/README.md"];
  test.each<[string, PullRequestFile["status"], string, string | undefined, readonly string[]]>([
    ["an added file is there", "added", "keps/sig-node/3-c/kep.yaml", undefined, [...base, "keps/sig-node/3-c/kep.yaml"]],
    ["a removed file is gone", "removed", "keps/sig-node/1-a/kep.yaml", undefined, base.filter((path) => path !== "keps/sig-node/1-a/kep.yaml")],
    ["a modified file stays", "modified", "README.md", undefined, base],
    ["a renamed file moves", "renamed", "keps/sig-node/9-b/kep.yaml", "keps/sig-node/2-b/kep.yaml", ["README.md", "keps/sig-node/1-a/kep.yaml", "keps/sig-node/2-b/README.md", "keps/sig-node/9-b/kep.yaml"]],
    // The base tip moved on since the pull request's fork point: what both sides did is done once.
    ["a file the base added too is there once", "added", "README.md", undefined, base],
    ["a file the base removed too stays gone", "removed", "keps/sig-node/7-gone/kep.yaml", undefined, base],
  ])("%s", (_name, status, path, previousPath, expected) => {
    const change = [{ path, status, ...(previousPath ? { previousPath } : {}), diffRanges: [] }];
    expect(filesAfter(base, change).sort()).toEqual([...expected].sort());
  });
});
