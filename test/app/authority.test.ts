import { describe, expect, test } from "@jest/globals";
import { handleComment, type CommentEvent } from "../../src/app/commands.js";
import type { ReconcileDeps } from "../../src/app/reconcile.js";
import type { PullRequestFile } from "../../src/github/port.js";
import { FakeGitHub } from "../fakes/fake-github.js";
import { goodRepo, kepDir, kepYaml, readme, sigsYaml } from "../helpers/repo.js";

/**
 * Who may opt a pull request's KEPs in is judged on the base branch as it is now: the owning SIG of a
 * KEP the base has is the base's, whatever the pull request does to it.
 */
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
const pull = { owner: "kubernetes", repo: "enhancements", number: 1, isPullRequest: true, defaultBranch: "master" };
/** sig-apps gets a chair, `applead`, who leads nothing in sig-node. */
const withAppsLead = sigsYaml.replace("  - dir: sig-apps\n    name: Apps\n", "  - dir: sig-apps\n    name: Apps\n    leadership:\n      chairs:\n        - github: applead\n          name: App Lead\n");
const base: Record<string, string> = { ...goodRepo(), "sigs.yaml": withAppsLead };
const appsDir = "keps/sig-apps/4242-sidecar-restarts";
const appsKep = "keps/sig-apps/5000-app-thing";

function world(head: Record<string, string>, files: PullRequestFile[]): { github: FakeGitHub; deps: ReconcileDeps } {
  const github = new FakeGitHub();
  github.commits = { master: base, base, head };
  github.pull = { ...github.pull, files };
  return { github, deps: { github, log: silent, now: () => new Date("2026-11-21T12:00:00Z") } };
}

function optIn(author: string): CommentEvent {
  return { subject: pull, body: "/lead-opted-in", author, labels: [], createdAt: new Date("2026-11-21T12:00:00Z") };
}

/** Moves every file of the sig-node KEP into sig-apps and makes sig-apps its owner. */
function movedIntoApps(): Record<string, string> {
  const head = Object.fromEntries(Object.entries(base).map(([path, text]) => [path.replace(kepDir, appsDir), text]));
  head[`${appsDir}/kep.yaml`] = kepYaml({ "owning-sig": "sig-apps" });
  return head;
}

const renamed = (name: string): PullRequestFile => ({ path: `${appsDir}/${name}`, previousPath: `${kepDir}/${name}`, status: "renamed", diffRanges: [] });

describe("the attack: a lead of one SIG opts in another SIG's KEP through the pull request", () => {
  test("by renaming the KEP's directory into their SIG: refused, the base says sig-node owns it", async () => {
    const { github, deps } = world(movedIntoApps(), [renamed("kep.yaml"), renamed("README.md")]);
    const [result] = await handleComment(deps, optIn("applead"));
    expect(result).toMatchObject({ outcome: "refused", text: expect.stringContaining("only leads of `sig-apps` and `sig-node`") });
    expect(github.calls.filter((call) => call.startsWith("addLabels"))).toEqual([]);
  });

  test("by the same rename shown as a removal and an addition: refused too", async () => {
    const files: PullRequestFile[] = [
      { path: `${kepDir}/kep.yaml`, status: "removed", diffRanges: [] },
      { path: `${appsDir}/kep.yaml`, status: "added", diffRanges: [[1, 20]] },
    ];
    const { deps } = world(movedIntoApps(), files);
    expect((await handleComment(deps, optIn("applead")))[0]?.outcome).toBe("refused");
  });

  test("by adding a KEP of their SIG beside it: refused, they do not lead sig-node", async () => {
    const head = { ...base, [`${kepDir}/kep.yaml`]: kepYaml({ "latest-milestone": '"v1.34"' }), [`${appsKep}/kep.yaml`]: kepYaml({ "kep-number": "5000", "owning-sig": "sig-apps" }), [`${appsKep}/README.md`]: readme(5000) };
    const files: PullRequestFile[] = [
      { path: `${kepDir}/kep.yaml`, status: "modified", diffRanges: [[1, 20]] },
      { path: `${appsKep}/kep.yaml`, status: "added", diffRanges: [[1, 20]] },
    ];
    const { deps } = world(head, files);
    expect((await handleComment(deps, optIn("applead")))[0]?.outcome).toBe("refused");
  });
});

describe("what stays allowed", () => {
  test("the owning SIG's lead opts in a pull request that edits only their KEP", async () => {
    const head = { ...base, [`${kepDir}/kep.yaml`]: kepYaml({ "latest-milestone": '"v1.34"' }) };
    const { github, deps } = world(head, [{ path: `${kepDir}/kep.yaml`, status: "modified", diffRanges: [[1, 20]] }]);
    expect((await handleComment(deps, optIn("mrunalp")))[0]?.outcome).toBe("done");
    expect(github.calls).toContain("addLabels(lead-opted-in)");
  });

  test("a lead of every SIG the pull request touches may opt it in", async () => {
    const leadOfBoth = withAppsLead.replace("        - github: applead\n", "        - github: applead\n          name: App Lead\n        - github: mrunalp\n");
    const head = { ...movedIntoApps(), "sigs.yaml": leadOfBoth };
    const { github, deps } = world(head, [renamed("kep.yaml")]);
    github.commits.base = { ...base, "sigs.yaml": leadOfBoth };
    expect((await handleComment(deps, optIn("mrunalp")))[0]?.outcome).toBe("done");
  });

  test("leadership is read from the base branch's tip, not from the pull request's sigs.yaml", async () => {
    const selfMadeLead = withAppsLead.replace("        - github: mrunalp\n", "        - github: mrunalp\n        - github: mallory\n");
    const head = { ...base, "sigs.yaml": selfMadeLead, [`${kepDir}/kep.yaml`]: kepYaml({ "latest-milestone": '"v1.34"' }) };
    const { deps } = world(head, [{ path: "sigs.yaml", status: "modified", diffRanges: [[1, 20]] }, { path: `${kepDir}/kep.yaml`, status: "modified", diffRanges: [[1, 20]] }]);
    expect((await handleComment(deps, optIn("mallory")))[0]?.outcome).toBe("refused");
  });
});
