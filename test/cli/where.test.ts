import { afterAll, beforeEach, describe, expect, test } from "@jest/globals";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { main } from "../../src/cli/main.js";
import { TempGitRepo } from "../helpers/git-repo.js";
import { goodRepo, kepDir, kepYaml, readme } from "../helpers/repo.js";

async function run(argv: string[], cwd: string) {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, { cwd, stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text), colour: false });
  return { code, stdout, stderr };
}

const otherDir = "keps/sig-node/4343-other-thing";
const otherPrr = "keps/prod-readiness/sig-node/4343.yaml";
const repo = new TempGitRepo();
const outside = mkdtempSync(path.join(tmpdir(), "kepbot-outside-"));
afterAll(() => {
  repo.remove();
  rmSync(outside, { recursive: true, force: true });
});

describe("run from anywhere inside the repository", () => {
  beforeEach(() => repo.write({ ...goodRepo(), ".github/kepbot.yml": null }));

  test("check without DIR finds the root above the working directory", async () => {
    const result = await run(["check", "--format", "json"], path.join(repo.dir, kepDir));
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(JSON.parse(result.stdout).summary).toMatchObject({ errors: 0, files: 4 });
  });

  test("the --dir commands find it too (query from a SIG directory)", async () => {
    const result = await run(["query", "--format", "json"], path.join(repo.dir, "keps/sig-node"));
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).map((kep: { number: number }) => kep.number)).toEqual([4242]);
  });

  test("outside any repository: exit 2 and why", async () => {
    const nested = path.join(outside, "a", "b");
    mkdirSync(nested, { recursive: true });
    for (const argv of [["check"], ["query"]]) {
      const result = await run(argv, nested);
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(`kepbot: ${nested} is not inside an enhancements repository: no keps/ directory here or above (or name the repository's root)\n`);
    }
  });

  test("a DIR that is given is still the root: no search above it", async () => {
    const result = await run(["check", "keps/sig-node"], repo.dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/sig-node is not an enhancements repository: it has no keps\/ directory/);
  });
});

describe("check one KEP: its directory as DIR", () => {
  beforeEach(() =>
    repo.write({
      ...goodRepo(),
      ".github/kepbot.yml": null,
      // another KEP with a misspelled participating SIG and a PRR file with an unknown approver
      [`${otherDir}/kep.yaml`]: kepYaml({ "kep-number": "4343", title: "Other thing", "participating-sigs": "\n  - sig-aps" }),
      [`${otherDir}/README.md`]: readme(4343, "Other thing"),
      [otherPrr]: "kep-number: 4343\nalpha:\n  approver: \"@johnbelamaric\"\nbeta:\n  approver: mallory\n",
    }),
  );

  test("the whole tree has the other KEP's findings", async () => {
    const result = await run(["check", "--format", "json", "--profile", "strict"], repo.dir);
    expect(result.code).toBe(1);
    const paths = JSON.parse(result.stdout).findings.map((finding: { path: string }) => finding.path);
    expect(paths).toEqual(expect.arrayContaining([`${otherDir}/kep.yaml`, otherPrr]));
  });

  test("a clean KEP is judged alone: exit 0, its three files", async () => {
    const result = await run(["check", kepDir, "--format", "json"], repo.dir);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(JSON.parse(result.stdout)).toMatchObject({ findings: [], summary: { errors: 0, files: 3 } });
  });

  test("the other KEP reports its kep.yaml and its PRR file, and nothing else", async () => {
    const result = await run(["check", `./${otherDir}/`, "--format", "json", "--profile", "strict"], repo.dir);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(new Set(report.findings.map((finding: { path: string }) => finding.path))).toEqual(new Set([`${otherDir}/kep.yaml`, otherPrr]));
    expect(report.findings.map((finding: { rule: string }) => finding.rule)).toEqual(expect.arrayContaining(["kep/participating-sigs-known", "prr/approver-unknown"]));
    expect(report.summary.files).toBe(3);
  });

  test("relative to the working directory, from inside the repository", async () => {
    const result = await run(["check", "4343-other-thing", "--format", "json"], path.join(repo.dir, "keps/sig-node"));
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).findings.every((finding: { path: string }) => finding.path === otherPrr || finding.path.startsWith(`${otherDir}/`))).toBe(true);
  });

  test("a kep.yaml outside keps/ is refused", async () => {
    repo.write({ "elsewhere/kep.yaml": kepYaml() });
    const result = await run(["check", "elsewhere"], repo.dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/elsewhere holds a kep.yaml but is not below the keps\/ directory of an enhancements repository/);
    repo.write({ "elsewhere/kep.yaml": null });
  });

  test("with --base: the change, narrowed to the KEP", async () => {
    repo.commit("base");
    repo.write({ [`${kepDir}/kep.yaml`]: kepYaml({ status: "implementible" }) });
    repo.commit("head");
    const result = await run(["check", kepDir, "--base", "HEAD~1", "--format", "json"], repo.dir);
    const report = JSON.parse(result.stdout);
    expect(report.findings.map((finding: { rule: string; path: string }) => `${finding.rule} ${finding.path}`)).toEqual([`kep/status-valid ${kepDir}/kep.yaml`]);
    expect(report.findings[0].message).toMatch(/did you mean "implementable"\?$/);
  });
});
