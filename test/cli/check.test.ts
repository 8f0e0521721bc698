import { afterAll, beforeEach, describe, expect, test } from "@jest/globals";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { main } from "../../src/cli/main.js";
import { goodRepo, kepDir, kepYaml, prrPath } from "../helpers/repo.js";
import { TempGitRepo } from "../helpers/git-repo.js";

async function run(argv: string[], cwd = process.cwd()) {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, { cwd, stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text), colour: false });
  return { code, stdout, stderr };
}

const kepPath = `${kepDir}/kep.yaml`;
const repos: TempGitRepo[] = [];
function newRepo(): TempGitRepo {
  const repo = new TempGitRepo();
  repos.push(repo);
  return repo;
}
afterAll(() => repos.forEach((repo) => repo.remove()));

describe("kepbot check on a tree", () => {
  const repo = newRepo();
  // Every test starts from the good repository and plants its own defect.
  beforeEach(() => repo.write({ ...goodRepo(), ".github/kepbot.yml": null }));

  test("a clean repository exits 0 and says so", async () => {
    const result = await run(["check", repo.dir]);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    // kep.yaml, its README and PRR file, and keps/README.md, which only the spelling check reads
    expect(result.stdout).toMatch(/✔ 0 errors, 0 warnings, 0 notices in 4 files checked/);
  });

  test("--format json prints { formatVersion, findings, summary } with repository-relative paths and columns", async () => {
    repo.write({ [kepPath]: kepYaml({ status: "imlpemented" }) });
    const result = await run(["check", repo.dir, "--format", "json"]);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(Object.keys(report)).toEqual(["formatVersion", "findings", "summary"]);
    expect(report.formatVersion).toBe(1);
    expect(report.summary).toEqual({ errors: 1, warnings: 0, notices: 0, files: 4 });
    expect(report.findings).toEqual([
      { rule: "kep/status-valid", severity: "error", path: kepPath, line: 8, column: 1, message: expect.stringMatching(/^invalid status: imlpemented, .*; did you mean "implemented"\?$/) },
    ]);
  });

  test("--format sarif prints SARIF 2.1.0 with rule metadata and regions", async () => {
    repo.write({ [prrPath]: "kep-number: 4242\nbeta:\n  approver: mallory\n" });
    const result = await run(["check", repo.dir, "--format", "sarif"]);
    const sarif = JSON.parse(result.stdout);
    expect(result.code).toBe(1);
    expect(sarif.version).toBe("2.1.0");
    expect(sarif.runs[0].tool.driver.rules).toEqual([expect.objectContaining({ id: "prr/approver-unknown", helpUri: expect.stringContaining("#prrapprover-unknown") })]);
    expect(sarif.runs[0].results[0]).toMatchObject({
      ruleId: "prr/approver-unknown",
      level: "error",
      locations: [{ physicalLocation: { artifactLocation: { uri: prrPath }, region: { startLine: 3 } } }],
    });
  });

  test("text output starts each finding with a clickable path:line:column and shows suggestions", async () => {
    repo.write({ [kepPath]: kepYaml({ "latest-milestone": '"v1.32"' }) });
    const result = await run(["check", repo.dir, "--profile", "default"]);
    expect(result.code).toBe(0);
    // an absolute DIR outside the working directory: absolute paths
    expect(result.stdout.startsWith(`${path.join(repo.dir, kepPath)}:15:1  warning  latest-milestone v1.32 is behind milestone.beta v1.33`)).toBe(true);
    expect(result.stdout).toContain('\n  suggestion: latest-milestone: "v1.33"\n');
  });

  test("text paths are relative to the working directory inside the repository", async () => {
    repo.write({ [kepPath]: kepYaml({ status: "implementible", "latest-milestone": '"v1.32"' }), "keps/README.md": "# KEPs\n\nThe the recieve\n" });
    const fromRoot = await run(["check", "--profile", "strict"], repo.dir);
    expect(fromRoot.stdout).toContain(`\n${kepPath}:8:1  error  invalid status: implementible, should be one of [provisional implementable implemented deferred rejected withdrawn replaced]; did you mean "implementable"?  kep/status-valid\n`);
    // the spelling check knows the column
    expect(fromRoot.stdout).toMatch(/^keps\/README\.md:3:9 {2}error {2}"recieve" is a misspelling of "receive"/);
    const fromKep = await run(["check", "--profile", "strict"], path.join(repo.dir, kepDir));
    expect(fromKep.stdout).toContain("\nkep.yaml:8:1  error  invalid status: implementible");
    expect(fromKep.stdout.startsWith("../../README.md:3:9  error")).toBe(true);
  });

  test("a config file sets the profile and overrides rules", async () => {
    repo.write({ [kepPath]: kepYaml({ status: "imlpemented" }), ".github/kepbot.yml": "profile: strict\nrules:\n  kep/status-valid: warning\n" });
    const result = await run(["check", repo.dir, "--format", "json"]);
    expect(JSON.parse(result.stdout).findings.map((f: { severity: string }) => f.severity)).toEqual(["warning"]);
  });
});

describe("kepbot check could not run: exit 2 with a one-line reason", () => {
  const empty = mkdtempSync(path.join(tmpdir(), "kepbot-empty-"));
  const badConfig = path.join(empty, "bad.yml");
  writeFileSync(badConfig, "profile: strict\nrulez: {}\n");

  test.each([
    ["a directory that does not exist", ["check", "/nonexistent/kepbot"], /is not a directory/],
    ["a directory without keps/", ["check", empty], /is not an enhancements repository: it has no keps\/ directory/],
    ["--base outside a git repository", ["check", empty, "--base", "main"], /is not a git repository \(--base judges a change between two commits\)/],
    ["--base naming no commit", ["check", ".", "--base", "no-such-branch"], /no-such-branch is not a commit/],
    ["an unknown profile", ["check", ".", "--profile", "lenient"], /argument 'lenient' is invalid/],
    ["an unknown format", ["check", ".", "--format", "xml"], /argument 'xml' is invalid/],
    ["an invalid --now", ["check", ".", "--now", "tomorrow"], /expected an ISO-8601 time/],
    ["--head without --base", ["check", ".", "--head", "abc"], /--head needs --base/],
    ["a config file that does not exist", ["check", ".", "--config", "/nonexistent.yml"], /cannot read config \/nonexistent.yml: no such file/],
    ["an invalid config file", ["check", ".", "--config", badConfig], /invalid config .*bad.yml:2: unknown field "rulez"/],
  ])("%s", async (_name, argv, reason) => {
    const result = await run(argv, path.resolve("examples/enhancements"));
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(reason);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
  });
});

describe("kepbot check --base --head judges what a pull request would be judged for", () => {
  const repo = newRepo();
  const otherDir = "keps/sig-apps/100-other";
  const base = repo.commit("base: one good KEP, one KEP with an old defect", {
    ...goodRepo(),
    [`${otherDir}/kep.yaml`]: kepYaml({ "kep-number": "100", "owning-sig": "sig-apps", status: "superseded" }),
    [`${otherDir}/README.md`]: "<!-- toc -->\n<!-- /toc -->\n",
  });
  repo.git("checkout", "-q", "-b", "pr");
  const head = repo.commit("head: promote KEP 4242 to stable, touch the other KEP's README", {
    [kepPath]: kepYaml({ stage: "stable", "latest-milestone": '"v1.34"', milestone: '\n  alpha: "v1.32"\n  beta: "v1.33"\n  stable: "v1.34"' }),
    [`${otherDir}/README.md`]: "<!-- toc -->\n<!-- /toc -->\n\nMore words.\n",
  });
  // The working tree must not matter: break it after committing.
  repo.write({ [kepPath]: "title: [broken" });

  test("default: the PR's own defect is an error, the untouched old defect a warning", async () => {
    const result = await run(["check", repo.dir, "--base", base, "--head", head, "--format", "json"]);
    expect(result.code).toBe(1);
    const findings = JSON.parse(result.stdout).findings.map((f: { rule: string; severity: string; path: string; line: number }) => `${f.severity} ${f.rule} ${f.path}:${f.line}`);
    expect(findings).toEqual([`error prr/stage-block ${prrPath}:1`, `warning kep/status-valid ${otherDir}/kep.yaml:8`]);
  });

  test("upstream: only upstream's rules", async () => {
    const result = await run(["check", repo.dir, "--base", base, "--head", head, "--format", "json", "--profile", "upstream"]);
    expect(JSON.parse(result.stdout).findings.map((f: { rule: string }) => f.rule)).toEqual(["prr/stage-block"]);
  });

  test("--head defaults to HEAD, and a branch name works as --base", async () => {
    const result = await run(["check", repo.dir, "--base", "main", "--format", "json"]);
    expect(JSON.parse(result.stdout).summary.errors).toBe(1);
  });

  test("a rename is one change: the moved KEP is judged at its new path", async () => {
    repo.git("checkout", "-q", "-f", "main");
    repo.git("checkout", "-q", "-b", "rename");
    repo.git("mv", otherDir, "keps/sig-apps/101-other");
    const renamed = repo.commit("rename the other KEP's directory");
    const result = await run(["check", repo.dir, "--base", base, "--head", renamed, "--format", "json", "--profile", "strict"]);
    const findings = JSON.parse(result.stdout).findings.map((f: { rule: string; path: string }) => `${f.rule} ${f.path}`);
    expect(findings).toEqual(["kep/directory-number keps/sig-apps/101-other/kep.yaml", "kep/status-valid keps/sig-apps/101-other/kep.yaml"]);
  });
});
