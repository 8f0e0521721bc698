import { describe, expect, test } from "@jest/globals";
import { handleComment, type CommentDeps, type CommentEvent } from "../../src/app/commands.js";
import { handleLabeled } from "../../src/app/restricted-labels.js";
import type { ReconcileDeps } from "../../src/app/reconcile.js";
import { FakeGitHub } from "../fakes/fake-github.js";
import { goodRepo, kepDir, kepYaml } from "../helpers/repo.js";

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
const issue = { owner: "kubernetes", repo: "enhancements", number: 4242, isPullRequest: false, defaultBranch: "master" };
const pull = { ...issue, number: 1, isPullRequest: true };

function world(files: Record<string, string> = goodRepo()): { github: FakeGitHub; deps: ReconcileDeps } {
  const github = new FakeGitHub();
  github.commits = { master: files, base: files, head: { ...files, [`${kepDir}/kep.yaml`]: kepYaml({ "latest-milestone": '"v1.33"' }) } };
  github.pull = { ...github.pull, files: [{ path: `${kepDir}/kep.yaml`, status: "modified", diffRanges: [[1, 30]] }] };
  github.teams = { "kubernetes/release-team-enhancements": ["shadow"] };
  return { github, deps: { github, log: silent, now: () => new Date("2026-11-21T12:00:00Z") } };
}

function comment(body: string, author: string, subject = issue, labels: string[] = []): CommentEvent {
  return { subject, body, author, labels, createdAt: new Date("2026-11-21T12:00:00Z") };
}


const existing = ["kind/feature", "kind/bug", "sig/node", "area/kubectl", "priority/important-soon", "triage/accepted", "lgtm", "approved", "cncf-cla: yes", "ok-to-test", "do-not-merge/hold", "tracked/yes", "tracked\u2215yes", "needs-sig"];

/** A repository that does not use Prow: kepbot answers `/label` there. */
function labelWorld(config = "prow: false\n"): { github: FakeGitHub; deps: CommentDeps; lookups: () => string[] } {
  const { github, deps } = world({ ...goodRepo(), ".github/kepbot.yml": config });
  github.repoLabels = [...existing];
  const lookups = () => github.calls.flatMap((call) => /^findLabel\((.*)\)$/.exec(call)?.[1] ?? []);
  return { github, deps, lookups };
}

const writes = (github: FakeGitHub) => github.calls.filter((call) => /^(addLabels|removeLabel|createComment|requestReviewers|createCheckRun)/.test(call));

describe("commands on an enhancement issue (its number is the KEP's number)", () => {
  test("a lead of the owning SIG opts the KEP in: label added, one reply quoting the command", async () => {
    const { github, deps } = world();
    const results = await handleComment(deps, comment("/lead-opted-in", "mrunalp"));
    expect(results).toEqual([expect.objectContaining({ outcome: "done", text: expect.stringContaining("added `lead-opted-in` (@\u200bmrunalp leads sig-node)") })]);
    expect(writes(github)).toEqual(["addLabels(lead-opted-in)", "createComment"]);
    expect(github.comments[0]?.body).toContain("> /lead-opted-in");
    expect(github.calls.filter((call) => call.startsWith("isTeamMember"))).toEqual([]);
  });

  test("an outsider is refused after the team check, in one reply naming who may", async () => {
    const { github, deps } = world();
    const results = await handleComment(deps, comment("/lead-opted-in", "mallory"));
    expect(results[0]).toMatchObject({ outcome: "refused", text: "only leads of `sig-node` or members of `release-team-enhancements` or `release-team-leads` may opt a KEP in or out" });
    expect(writes(github)).toEqual(["createComment"]);
    expect(github.calls.filter((call) => call.startsWith("isTeamMember"))).toEqual(["isTeamMember(release-team-enhancements,mallory)", "isTeamMember(release-team-leads,mallory)"]);
  });

  test("a member of the Enhancements team may opt in", async () => {
    const { github, deps } = world();
    await handleComment(deps, comment("/lead-opted-in", "shadow"));
    expect(writes(github)).toEqual(["addLabels(lead-opted-in)", "createComment"]);
  });

  test("several commands, one reply: done, refused and unchanged side by side", async () => {
    const { github, deps } = labelWorld();
    const results = await handleComment(deps, comment("/lead-opted-in\n/label tracked/yes\n/label kind/feature\n/remove-label kind/bug", "mrunalp"));
    expect(results.map((result) => result.outcome)).toEqual(["done", "refused", "done", "unchanged"]);
    expect(github.comments).toHaveLength(1);
    expect(writes(github)).toEqual(["addLabels(lead-opted-in)", "addLabels(kind/feature)", "createComment"]);
  });

  test("comments without kepbot commands cost no request", async () => {
    const { github, deps } = world();
    await handleComment(deps, comment("/lgtm\n/approve\n> /lead-opted-in\n```\n/lead-opted-in\n```", "mrunalp"));
    expect(github.calls).toEqual([]);
  });

  test("opting in after the PRR freeze of the current release adds a note on what that means", async () => {
    const files = { ...goodRepo(), ".github/kepbot.yml": 'current-release: v1.37\nreleases:\n  v1.37:\n    prr-freeze: "2026-10-09"\n' };
    const { github, deps } = world(files);
    await handleComment(deps, comment("/lead-opted-in", "mrunalp"));
    expect(github.comments[0]?.body).toMatch(/set after the PRR freeze of v1\.37 \(2026-10-09\)/);
  });

  test("/kepbot help answers with the command table", async () => {
    const { github, deps } = world();
    await handleComment(deps, comment("/kepbot help", "anyone"));
    expect(github.comments[0]?.body).toMatch(/\| `\/lead-opted-in` \|/);
    expect(github.comments[0]?.body).toMatch(/\| `\/kepbot help` \|/);
  });

  test("plain /help is Prow's (it adds `help wanted`): kepbot neither answers it nor spends a request", async () => {
    const { github, deps } = world();
    expect(await handleComment(deps, comment("/help", "anyone"))).toEqual([]);
    expect(github.calls).toEqual([]);
  });
});

describe("/label and /remove-label follow Prow's label policy", () => {
  test.each([
    ["/label lgtm"],
    ["/label approved"],
    ["/label cncf-cla: yes"],
    ["/label ok-to-test"],
    ["/remove-label do-not-merge/hold"],
  ])("an account without rights cannot %s", async (body) => {
    const { github, deps } = labelWorld("prow: false\nlabels:\n  additional: [lgtm, approved, ok-to-test]\n");
    github.pull = { ...github.pull, labels: ["do-not-merge/hold"] };
    const results = await handleComment(deps, comment(body, "mallory", pull, ["do-not-merge/hold"]));
    expect(results).toEqual([expect.objectContaining({ outcome: "refused", text: expect.stringMatching(/gates merging or testing/) })]);
    expect(writes(github)).toEqual(["createComment"]);
  });

  test("a label the repository does not have is refused: commands never create labels", async () => {
    const { github, deps, lookups } = labelWorld();
    const results = await handleComment(deps, comment("/label kind/made-up", "mallory", pull));
    expect(results[0]).toMatchObject({ outcome: "refused", text: expect.stringMatching(/not a label of this repository/) });
    expect(lookups()).toEqual(["kind/made-up"]);
    expect(writes(github)).toEqual(["createComment"]);
  });

  test("a repository without the label: /label adds nothing (fails closed)", async () => {
    const { github, deps } = world({ ...goodRepo(), ".github/kepbot.yml": "prow: false\n" });
    const results = await handleComment(deps, comment("/label kind/feature", "mallory", pull));
    expect(results[0]?.outcome).toBe("refused");
    expect(writes(github)).toEqual(["createComment"]);
  });

  test("an existing label is added as the repository spells it", async () => {
    const { github, deps } = labelWorld();
    await handleComment(deps, comment("/label Kind/Bug", "mallory", pull));
    expect(writes(github)).toEqual(["addLabels(kind/bug)", "createComment"]);
  });

  test("a label outside the prefixes is refused (needs-sig is Prow's require-matching-label)", async () => {
    const { github, deps } = labelWorld();
    const results = await handleComment(deps, comment("/remove-label needs-sig", "mallory", pull, ["needs-sig"]));
    expect(results[0]).toMatchObject({ outcome: "refused", text: expect.stringMatching(/not a label commands may set/) });
    expect(writes(github)).toEqual(["createComment"]);
  });

  test(`a comment cannot make more than a handful of label writes`, async () => {
    const { github, deps } = labelWorld();
    const body = ["kind/feature", "kind/bug", "sig/node", "area/kubectl", "priority/important-soon", "triage/accepted"].map((label) => `/label ${label}`).join("\n");
    const results = await handleComment(deps, comment(body, "mallory", pull));
    expect(results.map((result) => result.outcome)).toEqual(["done", "done", "done", "done", "done", "refused"]);
    expect(results[5]?.text).toBe("a comment changes at most 5 labels");
    expect(writes(github).filter((call) => call.startsWith("addLabels"))).toHaveLength(5);
  });

  test("where Prow serves the repository (the default), kepbot leaves /label to Prow: no reply, one config read", async () => {
    const { github, deps } = world();
    github.repoLabels = [...existing];
    expect(await handleComment(deps, comment("/label kind/feature\n/remove-label kind/bug", "mallory", pull))).toEqual([]);
    expect(writes(github)).toEqual([]);
    expect(github.calls).toEqual(["readBlobs(1)"]);
  });

  test("where Prow serves the repository, /label beside another command is dropped, not answered", async () => {
    const { github, deps } = world();
    github.repoLabels = [...existing];
    const results = await handleComment(deps, comment("/label kind/feature\n/lead-opted-in", "mrunalp"));
    expect(results.map((result) => result.raw)).toEqual(["/lead-opted-in"]);
    expect(writes(github)).toEqual(["addLabels(lead-opted-in)", "createComment"]);
  });

  test("labels.commands: true turns /label on beside Prow", async () => {
    const { github, deps } = labelWorld("labels:\n  commands: true\n");
    await handleComment(deps, comment("/label kind/feature", "mallory", pull));
    expect(writes(github)).toEqual(["addLabels(kind/feature)", "createComment"]);
  });

  test.each([
    ["tracked\u2215yes (division slash)", "tracked\u2215yes"],
    ["tracked/\u200byes (zero-width space)", "tracked/\u200byes"],
    ["lead-opted-in\u2060 (word joiner)", "lead-opted-in\u2060"],
    ["ｔｒａｃｋｅｄ/yes (fullwidth)", "\uff54\uff52\uff41\uff43\uff4b\uff45\uff44/yes"],
  ])("an account without rights cannot /label %s", async (_name, label) => {
    const { github, deps } = labelWorld();
    const results = await handleComment(deps, comment(`/label ${label}`, "mallory", pull));
    expect(results[0]?.outcome).toBe("refused");
    expect(writes(github)).toEqual(["createComment"]);
  });
});

describe("commands on a pull request", () => {
  test("/prr-approver asks a PRR approver for a review and refuses anyone else", async () => {
    const { github, deps } = world();
    const results = await handleComment(deps, comment("/prr-approver @wojtek-t\n/prr-approver @mallory", "alice", pull));
    expect(results.map((result) => result.outcome)).toEqual(["done", "refused"]);
    expect(results[1]?.text).toMatch(/`mallory` is not a PRR approver \(PRR approvers: `deads2k`, `ehashman`, `johnbelamaric`, `wojtek-t`\)/);
    expect(writes(github)).toEqual(["requestReviewers(wojtek-t)", "createComment"]);
  });

  test("/kepbot recheck runs the check again", async () => {
    const { github, deps } = world();
    const results = await handleComment(deps, comment("/kepbot recheck", "alice", pull));
    expect(results[0]).toMatchObject({ outcome: "done", text: expect.stringMatching(/checked head again: success/) });
    expect(github.checkRuns).toHaveLength(1);
  });
});

describe("restricted labels set through the UI or the API", () => {
  test("by an outsider: removed again, with one comment naming who may set it", async () => {
    const { github, deps } = world();
    github.pull = { ...github.pull, labels: ["lead-opted-in"] };
    const verdict = await handleLabeled(deps, { subject: issue, label: "lead-opted-in", sender: "mallory", at: new Date() });
    expect(verdict).toBe("reverted");
    expect(writes(github)).toEqual(["removeLabel(lead-opted-in)", "createComment"]);
    expect(github.comments[0]?.body).toMatch(/only leads of `sig-node`, members of `release-team-enhancements` or `release-team-leads` may set/);
  });

  test("by a lead of the owning SIG: kept, no write", async () => {
    const { github, deps } = world();
    expect(await handleLabeled(deps, { subject: issue, label: "lead-opted-in", sender: "dchen1107", at: new Date() })).toBe("kept");
    expect(writes(github)).toEqual([]);
  });

  test("by Prow's bot, which checked the permission itself: kept", async () => {
    const { github, deps } = world();
    expect(await handleLabeled(deps, { subject: issue, label: "lead-opted-in", sender: "k8s-ci-robot", at: new Date() })).toBe("kept");
    expect(writes(github)).toEqual([]);
  });

  test.each([
    ["tracked\u2215yes (division slash)", "tracked\u2215yes"],
    ["tracked\u2044yes (fraction slash)", "tracked\u2044yes"],
    ["tracked/\u200byes (zero-width space)", "tracked/\u200byes"],
    ["\ufefflead-opted-in (byte-order mark)", "\ufefflead-opted-in"],
  ])("a lookalike of a restricted label, %s, set by an outsider is removed again", async (_name, label) => {
    const { github, deps } = world();
    github.pull = { ...github.pull, labels: [label] };
    expect(await handleLabeled(deps, { subject: issue, label, sender: "mallory", at: new Date() })).toBe("reverted");
    expect(writes(github)).toEqual([`removeLabel(${label})`, "createComment"]);
  });

  test("an unrestricted label costs one read of the config", async () => {
    const { github, deps } = world();
    expect(await handleLabeled(deps, { subject: issue, label: "sig/node", sender: "mallory", at: new Date() })).toBe("unrestricted");
    expect(github.calls).toEqual(["readBlobs(1)"]);
  });
});
