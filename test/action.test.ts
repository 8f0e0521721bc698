import { afterAll, describe, expect, test } from "@jest/globals";
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { TempGitRepo } from "./helpers/git-repo.js";
import { sarifProblems, sarifValidator } from "./helpers/sarif-schema.js";

/**
 * The GitHub Action's own steps (action.yml runs scripts/action/run.sh), run here as the runner runs them:
 * GITHUB_ACTION_PATH is this checkout (built by `pretest`), GITHUB_WORKSPACE holds the pull request's
 * checkout in a subdirectory, GITHUB_OUTPUT and RUNNER_TEMP are temporary, the inputs are INPUT_*.
 * (`run.sh install`, npm ci and build, is left to the runner: here it would replace node_modules.)
 */
const root = process.cwd();
const kep = "keps/sig-node/5897-container-log-rotation-by-age";
const validate = sarifValidator();
const cleanups: (() => void)[] = [];
afterAll(() => cleanups.forEach((cleanup) => cleanup()));

/** The bundled example as the base commit of a repository whose branch `main` is also `origin/main`. */
function exampleRepo(): TempGitRepo {
  const repo = new TempGitRepo();
  cleanups.push(() => repo.remove());
  cpSync(path.join(root, "examples/enhancements"), repo.dir, { recursive: true });
  repo.git("checkout", "-q", "-b", "main");
  const base = repo.commit("the example");
  repo.git("update-ref", "refs/remotes/origin/main", base);
  repo.git("checkout", "-q", "-b", "pull-request");
  return repo;
}

function runStep(step: "check" | "conclude", repo: TempGitRepo, inputs: Record<string, string>, event?: object) {
  const temp = mkdtempSync(path.join(tmpdir(), "kepbot-runner-"));
  cleanups.push(() => rmSync(temp, { recursive: true, force: true }));
  const outputFile = path.join(temp, "github-output");
  writeFileSync(outputFile, "");
  const eventFile = path.join(temp, "event.json");
  if (event) writeFileSync(eventFile, JSON.stringify(event));
  // A clean environment, as a runner step has: no INPUT_* or GITHUB_* of the machine running the tests.
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(INPUT_|GITHUB_|RUNNER_)/.test(name) && name !== "NODE_OPTIONS"));
  const result = spawnSync("bash", [path.join(root, "scripts/action/run.sh"), step], {
    cwd: temp,
    encoding: "utf8",
    env: {
      ...env,
      GITHUB_ACTION_PATH: root,
      GITHUB_WORKSPACE: path.dirname(repo.dir),
      GITHUB_OUTPUT: outputFile,
      RUNNER_TEMP: temp,
      ...(event ? { GITHUB_EVENT_PATH: eventFile } : {}),
      INPUT_PATH: path.basename(repo.dir),
      ...inputs,
    },
  });
  const outputs = Object.fromEntries(
    readFileSync(outputFile, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
  );
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, outputs, temp };
}

interface SarifResult {
  readonly ruleId: string;
  readonly level: string;
  readonly baselineState?: string;
  readonly fixes?: unknown[];
}
const resultsOf = (file: string) => (JSON.parse(readFileSync(file, "utf8")) as { runs: { results: SarifResult[] }[] }).runs[0]?.results ?? [];

describe("the Action's steps on a pull request", () => {
  test("a clean head: status 0, valid SARIF; base, author and description come from the event", () => {
    const repo = exampleRepo();
    repo.commit("more prose", { [`${kep}/README.md`]: `${readFileSync(path.join(repo.dir, kep, "README.md"), "utf8")}\nMore prose.\n` });
    const event = { pull_request: { number: 7, base: { ref: "main" }, user: { login: "alice" }, body: "Adds prose." } };
    const run = runStep("check", repo, {}, event);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`kepbot check ${repo.dir} --base origin/main --head HEAD --author alice --pr-body ${run.temp}/kepbot-pr-body.md --format sarif`);
    expect(readFileSync(path.join(run.temp, "kepbot-pr-body.md"), "utf8")).toBe("Adds prose.");
    expect(run.outputs).toEqual({ status: "0", "checkout-path": repo.dir, "sarif-file": path.join(run.temp, "kepbot.sarif") });
    const sarif = JSON.parse(readFileSync(run.outputs["sarif-file"] ?? "", "utf8"));
    expect(sarifProblems(validate, sarif)).toEqual([]);
    expect(resultsOf(run.outputs["sarif-file"] ?? "")).toEqual([]);
  });

  test("a head with an error: the check step records status 1 and succeeds (so the upload runs), the last step fails with annotations", () => {
    const repo = exampleRepo();
    const kepYaml = readFileSync(path.join(repo.dir, kep, "kep.yaml"), "utf8");
    repo.commit("a typo and a milestone without its v", {
      [`${kep}/kep.yaml`]: kepYaml.replace("status: implementable", "status: imlpemented").replace('latest-milestone: "v1.37"', "latest-milestone: 1.37"),
    });
    const check = runStep("check", repo, { INPUT_BASE: "main", INPUT_AUTHOR: "alice", INPUT_APPROVED_BY: "wojtek-t", INPUT_PROFILE: "default" });
    expect(check.code).toBe(0);
    expect(check.outputs["status"]).toBe("1");
    expect(check.stdout).toMatch(/kepbot: 1 errors, \d+ warnings, 0 notices, \d+ new, 0 already present/);
    const file = check.outputs["sarif-file"] ?? "";
    expect(sarifProblems(validate, JSON.parse(readFileSync(file, "utf8")))).toEqual([]);
    const results = resultsOf(file);
    expect(results).toContainEqual(expect.objectContaining({ ruleId: "kep/status-valid", level: "error", baselineState: "new" }));
    // The mechanical fix travels in SARIF's fixes.
    expect(results.find((result) => result.ruleId === "kep/milestone-format")?.fixes).toEqual([
      expect.objectContaining({ artifactChanges: [expect.objectContaining({ replacements: [expect.objectContaining({ insertedContent: { text: 'latest-milestone: "v1.37"' } })] })] }),
    ]);

    const conclude = runStep("conclude", repo, { INPUT_SARIF_FILE: file });
    expect(conclude.code).toBe(1);
    expect(conclude.stdout).toMatch(new RegExp(`^::error title=kep/status-valid,file=${kep}/kep\\.yaml,line=9::invalid status: imlpemented`, "m"));
    expect(conclude.stdout).toMatch(new RegExp(`^::warning title=kep/milestone-format,file=${kep}/kep\\.yaml,line=\\d+::`, "m"));
  });

  test("kepbot cannot run (an invalid config on the base): exit 2 with an ::error:: line naming the reason, no SARIF", () => {
    const repo = exampleRepo();
    repo.git("checkout", "-q", "main");
    const base = repo.commit("a bad config", { ".github/kepbot.yml": "profile: lenient\n" });
    repo.git("checkout", "-q", "-B", "pull-request");
    repo.commit("more prose", { [`${kep}/README.md`]: "# KEP-5897: changed\n" });
    const run = runStep("check", repo, { INPUT_BASE: base });
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/^::error title=kepbot could not run::kepbot: invalid config \.github\/kepbot\.yml:1: "profile" is "lenient".* \(exit status 2\)$/m);
    expect(run.outputs).toMatchObject({ status: "2", "sarif-file": "" });
    expect(existsSync(path.join(run.temp, "kepbot.sarif"))).toBe(false);
  });

  test("an unusable input is an ::error:: too, not a silent pass", () => {
    const repo = exampleRepo();
    const run = runStep("check", repo, { INPUT_BASE: "main", INPUT_PROFILE: "lenient" });
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/^::error title=kepbot could not run::error: option '--profile <profile>' argument 'lenient' is invalid/m);
  });

  test("without a base (a push) the whole tree is checked", () => {
    const repo = exampleRepo();
    const run = runStep("check", repo, { INPUT_PROFILE: "upstream" });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`kepbot check ${repo.dir} --profile upstream --format sarif`);
    expect(run.outputs["status"]).toBe("1");
    expect(resultsOf(run.outputs["sarif-file"] ?? "").map((result) => result.ruleId).sort()).toEqual(["prr/approver-unknown", "prr/stage-block", "readme/toc"]);
  });
});
