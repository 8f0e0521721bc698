import { describe, expect, test } from "@jest/globals";
import { handleComment, type CommentEvent } from "../../src/app/commands.js";
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
    const { github, deps } = world();
    const results = await handleComment(deps, comment("/lead-opted-in\n/label tracked/yes\n/label kind/feature\n/remove-label needs-sig", "mrunalp"));
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

  test("an unrestricted label costs one read of the config", async () => {
    const { github, deps } = world();
    expect(await handleLabeled(deps, { subject: issue, label: "sig/node", sender: "mallory", at: new Date() })).toBe("unrestricted");
    expect(github.calls).toEqual(["readBlobs(1)"]);
  });
});
