import { afterAll, describe, expect, test } from "@jest/globals";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { main } from "../../src/cli/main.js";
import { TempGitRepo } from "../helpers/git-repo.js";
import { goodRepo, kepYaml, ownersAliases, readme } from "../helpers/repo.js";

/**
 * One release, v1.37, from `release create` to a granted exception, driven only by the CLI in a
 * temporary git repository. Every step is a branch off main (a pull request), judged by
 * `kepbot check --base main --head <branch>` as the app would judge it, then merged.
 */

async function run(argv: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, { cwd: process.cwd(), stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text), colour: false });
  return { code, stdout, stderr };
}

const repo = new TempGitRepo();
// Pull request descriptions live outside the repository, as they do on GitHub.
const descriptions = mkdtempSync(path.join(tmpdir(), "kepbot-pr-bodies-"));
afterAll(() => {
  repo.remove();
  rmSync(descriptions, { recursive: true, force: true });
});

const jobKep = "keps/sig-apps/5000-job-retry-budget";
const lateKep = "keps/sig-node/6000-pod-restart-hints";
repo.commit("an enhancements repository with three ready KEPs and the v1.37 calendar", {
  ...goodRepo(),
  OWNERS_ALIASES: `${ownersAliases}  release-team-enhancements:\n    - enh-lead\n    - enh-shadow\n`,
  ".github/kepbot.yml": `releases:
  v1.37:
    prr-freeze: "2026-02-05T00:00:00Z"
    enhancements-freeze: "2026-02-12T00:00:00Z"
    code-freeze: "2026-03-19T00:00:00Z"
`,
  [`${jobKep}/kep.yaml`]: kepYaml({
    title: "Job retry budget",
    "kep-number": "5000",
    authors: '\n  - "@carol"',
    "owning-sig": "sig-apps",
    "participating-sigs": null,
    stage: "alpha",
    "latest-milestone": '"v1.36"',
    milestone: '\n  alpha: "v1.36"',
    metrics: null,
  }),
  [`${jobKep}/README.md`]: readme(5000, "Job retry budget"),
  "keps/prod-readiness/sig-apps/5000.yaml": 'kep-number: 5000\nalpha:\n  approver: "@deads2k"\n',
  [`${lateKep}/kep.yaml`]: kepYaml({ title: "Pod restart hints", "kep-number": "6000", stage: "alpha", "latest-milestone": '"v1.37"', milestone: '\n  alpha: "v1.37"', metrics: null }),
  [`${lateKep}/README.md`]: readme(6000, "Pod restart hints"),
  "keps/prod-readiness/sig-node/6000.yaml": 'kep-number: 6000\nalpha:\n  approver: "@wojtek-t"\n',
});

/** Starts a pull request: a branch off main. */
function branch(name: string): void {
  repo.git("checkout", "-q", "-f", "main");
  repo.git("checkout", "-q", "-b", name);
}

function merge(name: string): void {
  repo.git("checkout", "-q", "main");
  repo.git("merge", "-q", "--ff-only", name);
}

/** `kepbot check` of the pull request main...HEAD: its exit code and findings as `severity rule path`. */
async function judge(now: string, ...pullRequest: string[]) {
  const result = await run(["check", repo.dir, "--base", "main", "--head", "HEAD", "--format", "json", "--now", now, ...pullRequest]);
  const report = JSON.parse(result.stdout) as { findings: { severity: string; rule: string; path: string; message: string }[] };
  return { code: result.code, findings: report.findings.map((finding) => `${finding.severity} ${finding.rule} ${finding.path}`), messages: report.findings.map((finding) => finding.message) };
}

const clean = { code: 0, findings: [] };
const dir = ["--dir", repo.dir];

describe("the v1.37 release, driven by the CLI and judged by kepbot check", () => {
  test("1. the release team creates v1.37", async () => {
    branch("release-create");
    expect((await run(["release", "create", "v1.37", "--owners", "enh-lead,enh-shadow", ...dir])).code).toBe(0);
    repo.commit("Create v1.37");
    expect(await judge("2026-01-10T00:00:00Z", "--author", "enh-lead")).toMatchObject(clean);
    merge("release-create");
  });

  test("2. the KEP authors promote their KEPs before PRR freeze", async () => {
    branch("promote-4242");
    const promoted = await run(["promote", "sig-node/4242-sidecar-restarts", "--stage", "beta", "--release", "v1.37", "--now", "2026-01-20T00:00:00Z", ...dir]);
    expect(promoted).toMatchObject({ code: 0, stderr: "" });
    repo.commit("KEP-4242: beta in v1.37");
    expect(await judge("2026-01-20T00:00:00Z", "--author", "alice")).toMatchObject(clean);
    merge("promote-4242");

    branch("promote-5000");
    expect((await run(["promote", "sig-apps/5000-job-retry-budget", "--stage", "alpha", "--release", "v1.37", "--now", "2026-01-21T00:00:00Z", ...dir])).code).toBe(0);
    repo.commit("KEP-5000: alpha in v1.37");
    expect(await judge("2026-01-21T00:00:00Z", "--author", "carol")).toMatchObject(clean);
    merge("promote-5000");
  });

  test("3. the Enhancements team accepts one KEP; an outsider making the same move is an error unless the team approves", async () => {
    branch("accept-4242");
    expect((await run(["accept", "4242", "--release", "v1.37", ...dir])).code).toBe(0);
    repo.commit("Accept KEP-4242");
    expect(await judge("2026-02-01T00:00:00Z", "--author", "enh-lead")).toMatchObject(clean);
    const outsider = await judge("2026-02-01T00:00:00Z", "--author", "mallory");
    expect(outsider).toMatchObject({ code: 1, findings: ["error receipt/move releases/v1.37/accepted/4242.yaml"] });
    expect(outsider.messages).toEqual(["v1.37: moving KEP 4242 proposed → accepted is for the Enhancements team: @mallory is not in releases/v1.37/OWNERS and none of its members approved the pull request"]);
    expect(await judge("2026-02-01T00:00:00Z", "--author", "mallory", "--approved-by", "enh-lead")).toMatchObject(clean);
    merge("accept-4242");
  });

  test("4. the Enhancements team marks the other KEP at risk", async () => {
    branch("at-risk-5000");
    expect((await run(["accept", "5000", "--at-risk", "--release", "v1.37", ...dir])).code).toBe(0);
    repo.commit("KEP-5000 is at risk");
    expect(await judge("2026-02-01T00:00:00Z", "--author", "enh-shadow")).toMatchObject(clean);
    merge("at-risk-5000");
  });

  test("5. accepted → exception is no move: the CLI refuses it, and made by hand, check names the allowed moves", async () => {
    branch("accepted-to-exception");
    const refused = await run(["exception", "request", "4242", "--release", "v1.37", ...dir]);
    expect(refused).toEqual({
      code: 2,
      stdout: "",
      stderr: "kepbot: KEP 4242's receipt is releases/v1.37/accepted/4242.yaml, and `exception request` does not move accepted → exception; allowed from accepted: accepted→at-risk (`kepbot accept 4242 --at-risk --release v1.37`)\n",
    });
    repo.git("mv", "releases/v1.37/accepted/4242.yaml", "releases/v1.37/exception/4242.yaml");
    const moved = path.join(repo.dir, "releases/v1.37/exception/4242.yaml");
    writeFileSync(moved, readFileSync(moved, "utf8").replace("tracking-status: accepted", "tracking-status: exception"));
    repo.commit("Move KEP-4242 to exception by hand");
    const judged = await judge("2026-03-20T00:00:00Z", "--author", "alice", "--pr-body", answeredBody(4242));
    expect(judged).toMatchObject({ code: 1, findings: ["error receipt/move releases/v1.37/exception/4242.yaml"] });
    expect(judged.messages).toEqual(["v1.37: KEP 4242 cannot move accepted → exception; allowed from accepted: accepted→at-risk"]);
  });

  test("6. a new proposal after enhancements freeze: promote refuses it, and a hand-made receipt is an error (a warning between PRR and enhancements freeze)", async () => {
    branch("late-proposal");
    const refused = await run(["promote", "sig-node/6000-pod-restart-hints", "--stage", "alpha", "--release", "v1.37", "--now", "2026-02-13T00:00:00Z", ...dir]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^kepbot: v1\.37 passed enhancements freeze on 2026-02-12T00:00:00\.000Z: /);
    repo.commit("KEP-6000: alpha in v1.37, late", {
      "releases/v1.37/proposed/6000.yaml": "title: Pod restart hints\nkep-number: 6000\nowning-sig: sig-node\ntracking-status: proposed\nstage: alpha\n",
    });
    expect(await judge("2026-02-13T00:00:00Z", "--author", "alice")).toMatchObject({ code: 1, findings: ["error receipt/enhancements-freeze releases/v1.37/proposed/6000.yaml"] });
    expect(await judge("2026-02-06T00:00:00Z", "--author", "alice")).toMatchObject({ code: 0, findings: ["warning receipt/prr-freeze releases/v1.37/proposed/6000.yaml"] });
  });

  test("7. after code freeze the Enhancements team removes the at-risk KEP", async () => {
    branch("remove-5000");
    expect((await run(["remove", "5000", "--release", "v1.37", ...dir])).code).toBe(0);
    repo.commit("Remove KEP-5000");
    expect(await judge("2026-03-20T00:00:00Z", "--author", "enh-shadow")).toMatchObject(clean);
    merge("remove-5000");
  });

  test("8. the KEP's author requests an exception; the pull request needs the answered questionnaire", async () => {
    branch("exception-5000");
    const requested = await run(["exception", "request", "5000", "--release", "v1.37", ...dir]);
    expect(requested.code).toBe(0);
    repo.commit("Exception request for KEP-5000");
    const questionnaire = /answer every question:\n\n([\s\S]*?)\n\nNext:/.exec(requested.stdout)?.[1] ?? "";
    expect(questionnaire).toMatch(/^Enhancement name: Job retry budget\n/);
    const body = path.join(descriptions, "exception-5000.md");
    writeFileSync(body, questionnaire.replace(/:$/gm, ": 14 days; see the linked pull requests"));
    expect(await judge("2026-03-21T00:00:00Z", "--author", "carol", "--pr-body", body)).toMatchObject(clean);
    const withoutBody = await judge("2026-03-21T00:00:00Z", "--author", "carol");
    expect(withoutBody).toMatchObject({ code: 1, findings: ["error receipt/move releases/v1.37/exception/5000.yaml"] });
    expect(withoutBody.messages[0]).toMatch(/^v1\.37: an exception request for KEP 5000 answers the exception questionnaire in the pull request's description; unanswered: Enhancement name; /);
    merge("exception-5000");
  });

  test("9. the Enhancements team grants the exception: the KEP is at risk again", async () => {
    branch("grant-5000");
    expect((await run(["exception", "accept", "5000", "--release", "v1.37", ...dir])).code).toBe(0);
    repo.commit("Grant KEP-5000's exception");
    expect(await judge("2026-03-23T00:00:00Z", "--author", "enh-lead")).toMatchObject(clean);
    merge("grant-5000");
    expect(readFileSync(path.join(repo.dir, "releases/v1.37/at-risk/5000.yaml"), "utf8")).toContain("tracking-status: at-risk\n");
    const manifest = JSON.parse((await run(["manifest", "v1.37", "--format", "json", ...dir])).stdout);
    expect(manifest.counts).toEqual({ proposed: 0, accepted: 1, "at-risk": 1, exception: 0, removed: 0 });
  });
});

/** A pull request description answering the whole exception questionnaire. */
function answeredBody(number: number): string {
  const file = path.join(descriptions, `exception-${number}.md`);
  writeFileSync(
    file,
    [
      "Enhancement name: Sidecar restarts",
      "Enhancement status: beta",
      "SIG: sig-node",
      `k/enhancements repo issue #: ${number}`,
      "PR #'s: kubernetes/kubernetes#1",
      "Additional time needed (in days): 7",
      "Reason this enhancement is critical for this milestone: users wait for it",
      "Risks from adding code late: small",
      "Risks from cutting enhancement: another release of waiting",
    ].join("\n"),
  );
  return file;
}
