import { afterAll, describe, expect, test } from "@jest/globals";
import { main } from "../../src/cli/main.js";
import { TempGitRepo } from "../helpers/git-repo.js";
import { goodRepo, kepYaml, readme } from "../helpers/repo.js";

async function run(argv: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, { cwd: process.cwd(), stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text), colour: false });
  return { code, stdout, stderr };
}

const oldDir = "keps/sig-apps/100-other";
const newDir = "keps/sig-apps/200-new";
const oldKep = kepYaml({ "kep-number": "100", "owning-sig": "sig-apps", "creation-date": "2025-30-01", stage: "alpha", status: "provisional" });

/** Merges branch `name` into main the way GitHub's merge button does, and returns the merge commit. */
function mergePullRequest(repo: TempGitRepo, number: number, name: string, files: Record<string, string | null>, date: string): string {
  repo.git("checkout", "-q", "-b", name, "main");
  repo.commit(`change ${name}`, files);
  repo.git("checkout", "-q", "main");
  repo.gitAt(date, "merge", "-q", "--no-ff", "-m", `Merge pull request #${number} from someone/${name}`, name);
  return repo.git("rev-parse", "HEAD");
}

const repo = new TempGitRepo();
afterAll(() => repo.remove());
repo.commit("the repository", { ...goodRepo(), [`${oldDir}/kep.yaml`]: oldKep, [`${oldDir}/README.md`]: readme(100, "Other") });
mergePullRequest(repo, 1, "new-kep", { [`${newDir}/kep.yaml`]: kepYaml({ "kep-number": "200", "owning-sig": "sig-apps", "creation-date": "2025-02-30", stage: "alpha", status: "provisional" }), [`${newDir}/README.md`]: readme(200, "New") }, "2025-03-01T10:00:00Z");
mergePullRequest(repo, 2, "comment", { [`${oldDir}/kep.yaml`]: `# the other KEP\n${oldKep}` }, "2025-03-02T10:00:00Z");
mergePullRequest(repo, 3, "readme", { [`${oldDir}/README.md`]: `${readme(100, "Other")}\nMore words.\n` }, "2025-03-03T10:00:00Z");

describe("kepbot history replays merged pull requests", () => {
  test("json: per pull request, blocked or not, new versus already-present findings by rule; and in total", async () => {
    const result = await run(["history", repo.dir, "--last", "3", "--format", "json"]);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    const replay = JSON.parse(result.stdout);
    expect(replay.pullRequests.map((pr: { number: number; blockedBy: object; newFindings: object; oldFindings: object; mergedAt: string }) => [pr.number, pr.blockedBy, pr.oldFindings])).toEqual([
      // Editing the old KEP's README puts the KEP under judgement: its old defect is reported as old.
      [3, {}, { "kep/dates": 1 }],
      [2, {}, { "kep/dates": 1 }],
      [1, { "kep/dates": 1 }, {}],
    ]);
    expect(replay.totals).toMatchObject({ pullRequests: 3, blocked: 1, blockedByRule: { "kep/dates": 1 }, newByRule: { "kep/dates": 1 }, oldByRule: { "kep/dates": 2 } });
  });

  test("text: one line per pull request, then the totals", async () => {
    const result = await run(["history", repo.dir, "--last", "3"]);
    const lines = result.stdout.split("\n");
    expect(lines[0]).toMatch(/^#3\s+2025-03-03\s+ok\s+\(1 already present\)$/);
    expect(lines[1]).toMatch(/^#2\s+2025-03-02\s+ok\s+\(1 already present\)$/);
    expect(lines[2]).toMatch(/^#1\s+2025-03-01\s+BLOCKED\s+kep\/dates$/);
    expect(result.stdout).toMatch(/3 merged pull requests replayed \(profile default\): 1 would have been blocked \(33\.3%\)/);
    expect(result.stdout).toMatch(/findings: 1 new, 2 already present/);
  });

  test.each([
    ["a day before", "2025-03-01T10:00:00Z", {}],
    ["a day after", "2025-03-03T10:00:00Z", { "receipt/enhancements-freeze": 1 }],
  ])("the clock is each merge's time: a receipt proposed %s enhancements freeze", async (_when, mergedAt, blockedBy) => {
    const calendar = { ...goodRepo(), ".github/kepbot.yml": 'releases:\n  v1.33:\n    enhancements-freeze: "2025-03-02T00:00:00Z"\n', "releases/v1.33/OWNERS": "approvers:\n  - enh-lead\n" };
    const receipt = "title: Sidecar restarts\nkep-number: 4242\nowning-sig: sig-node\ntracking-status: proposed\nstage: beta\n";
    const dated = new TempGitRepo();
    try {
      dated.commit("the repository", calendar);
      mergePullRequest(dated, 9, "propose", { "releases/v1.33/proposed/4242.yaml": receipt }, mergedAt);
      const replay = JSON.parse((await run(["history", dated.dir, "--last", "1", "--format", "json"])).stdout);
      expect(replay.pullRequests[0]).toMatchObject({ number: 9, blockedBy });
    } finally {
      dated.remove();
    }
  });

  test("bad arguments exit 2", async () => {
    expect((await run(["history", repo.dir, "--last", "0"])).code).toBe(2);
    expect((await run(["history", "/nonexistent-kepbot-dir"])).code).toBe(2);
  });
});

describe("checks upstream added later are counted apart", () => {
  const upstream = new TempGitRepo();
  afterAll(() => upstream.remove());
  // An upstream-style repository (hack/verify.sh) whose CI did not check tables of contents yet.
  upstream.commit("the repository", { ...goodRepo(), "hack/verify.sh": "#!/bin/sh\n", "hack/verify-kep-metadata.sh": "#!/bin/sh\n" });
  mergePullRequest(upstream, 7, "stale-toc", { "keps/sig-node/4242-sidecar-restarts/README.md": "# KEP-4242: Sidecar restarts\n\n<!-- toc -->\n<!-- /toc -->\n\n## Summary\n" }, "2025-04-01T10:00:00Z");

  test("a TOC error on a base without hack/verify-toc.sh does not count as blocked", async () => {
    const replay = JSON.parse((await run(["history", upstream.dir, "--last", "1", "--format", "json", "--profile", "upstream"])).stdout);
    expect(replay.pullRequests[0]).toMatchObject({ number: 7, blockedBy: {}, laterChecks: { "readme/toc": 1 } });
    expect(replay.laterChecks["readme/toc"]).toEqual({ script: "hack/verify-toc.sh", reason: "hack/verify-toc.sh did not exist yet", since: null });
  });
});
