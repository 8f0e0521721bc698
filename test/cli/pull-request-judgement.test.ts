import { afterAll, describe, expect, test } from "@jest/globals";
import { readFileSync } from "node:fs";
import path from "node:path";
import { main } from "../../src/cli/main.js";
import { corpusDir } from "../helpers/corpus.js";
import { TempGitRepo } from "../helpers/git-repo.js";
import { goodRepo, kepDir, kepYaml, ownersAliases, prrPath, readme } from "../helpers/repo.js";

/**
 * `kepbot check --base B --head H` on temporary git repositories, as a pull request from a branch
 * would be judged: the head merged into the base, the change from their merge base, the lists from
 * the base, and findings the base already had kept apart from the ones the change introduces.
 */

interface JsonFinding {
  readonly rule: string;
  readonly severity: string;
  readonly path: string;
  readonly preexisting?: boolean;
  readonly message: string;
}

async function check(repo: TempGitRepo, base: string, head: string, profile?: string) {
  let stdout = "";
  let stderr = "";
  const code = await main(["check", repo.dir, "--base", base, "--head", head, "--format", "json", ...(profile ? ["--profile", profile] : [])], {
    cwd: repo.dir,
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    colour: false,
  });
  const report = stdout ? (JSON.parse(stdout) as { findings: JsonFinding[]; summary: Record<string, number> }) : undefined;
  return { code, stderr, report, brief: (report?.findings ?? []).map((f) => `${f.severity} ${f.rule} ${f.path}${f.preexisting ? " (old)" : ""}`) };
}

const repos: TempGitRepo[] = [];
/** A repository whose main branch holds `files`, with a branch `pr` checked out from it. */
function repoWith(files: Record<string, string>): { repo: TempGitRepo; base: string } {
  const repo = new TempGitRepo();
  repos.push(repo);
  const base = repo.commit("base", files);
  repo.git("checkout", "-q", "-b", "pr");
  return { repo, base };
}
afterAll(() => repos.forEach((repo) => repo.remove()));

const kepPath = `${kepDir}/kep.yaml`;
const oldDir = "keps/sig-apps/100-other";
const withOldDefect = (): Record<string, string> => ({
  ...goodRepo(),
  [`${oldDir}/kep.yaml`]: kepYaml({ "kep-number": "100", "owning-sig": "sig-apps", "creation-date": "2025-30-01", stage: "alpha", status: "provisional" }),
  [`${oldDir}/README.md`]: readme(100, "Other"),
});

describe("new findings block; old ones inform", () => {
  test("a finding present at base is a warning that says so; the pull request passes", async () => {
    const { repo, base } = repoWith(withOldDefect());
    const head = repo.commit("fix a comment in the old KEP", { [`${oldDir}/kep.yaml`]: `# Other KEP\n${withOldDefect()[`${oldDir}/kep.yaml`]}` });
    const result = await check(repo, base, head);
    expect(result.brief).toEqual([`warning kep/dates ${oldDir}/kep.yaml (old)`]);
    expect(result.report?.findings[0]?.message).toMatch(/already present before this pull request/);
    expect(result.report?.summary).toMatchObject({ errors: 0, new: 0, preexisting: 1 });
    expect(result.code).toBe(0);
  });

  test("the same finding introduced by the pull request is an error", async () => {
    const { repo, base } = repoWith(goodRepo());
    const head = repo.commit("a new KEP with an impossible date", { [`${oldDir}/kep.yaml`]: withOldDefect()[`${oldDir}/kep.yaml`] as string, [`${oldDir}/README.md`]: readme(100, "Other") });
    const result = await check(repo, base, head);
    expect(result.brief).toEqual([`error kep/dates ${oldDir}/kep.yaml`]);
    expect(result.report?.summary).toMatchObject({ errors: 1, new: 1, preexisting: 0 });
    expect(result.code).toBe(1);
  });

  test("a renamed KEP directory keeps its old findings old", async () => {
    const { repo, base } = repoWith(withOldDefect());
    repo.git("mv", oldDir, "keps/sig-apps/100-other-idea");
    const head = repo.commit("rename the directory");
    const result = await check(repo, base, head);
    expect(result.brief).toEqual([`warning kep/dates keps/sig-apps/100-other-idea/kep.yaml (old)`]);
    expect(result.code).toBe(0);
  });

  test("strict keeps every finding an error; upstream stays upstream", async () => {
    const { repo, base } = repoWith(withOldDefect());
    const head = repo.commit("touch the old KEP", { [`${oldDir}/kep.yaml`]: `# Other KEP\n${withOldDefect()[`${oldDir}/kep.yaml`]}` });
    expect((await check(repo, base, head, "strict")).brief).toEqual([`error kep/dates ${oldDir}/kep.yaml (old)`]);
    expect((await check(repo, base, head, "upstream")).brief).toEqual([]);
  });
});

describe("trust lists from the base branch as it is now", () => {
  test("a PRR approver added to OWNERS_ALIASES on the base after the pull request branched off is accepted", async () => {
    const { repo, base: forkPoint } = repoWith(goodRepo());
    const head = repo.commit("name a new PRR approver", { [prrPath]: 'kep-number: 4242\nalpha:\n  approver: "@johnbelamaric"\nbeta:\n  approver: "@newapprover"\n' });
    expect((await check(repo, forkPoint, head)).brief).toEqual([`error prr/approver-unknown ${prrPath}`]);
    repo.git("checkout", "-q", "main");
    const baseTip = repo.commit("welcome a new PRR approver", { OWNERS_ALIASES: ownersAliases.replace("    - wojtek-t\n", "    - wojtek-t\n    - newapprover\n") });
    const result = await check(repo, baseTip, head);
    expect(result.brief).toEqual([]);
    expect(result.code).toBe(0);
  });

  test("a stale branch is judged as it would merge: what the base fixed since is not held against it", async () => {
    const broken = { ...goodRepo(), [kepPath]: kepYaml({ "creation-date": "2025-30-01" }) };
    const { repo, base: forkPoint } = repoWith(broken);
    const head = repo.commit("edit the README", { [`${kepDir}/README.md`]: `${readme(4242)}\nMore words.\n` });
    expect((await check(repo, forkPoint, head, "strict")).brief).toEqual([`error kep/dates ${kepPath} (old)`]);
    repo.git("checkout", "-q", "main");
    const baseTip = repo.commit("fix the date", { [kepPath]: kepYaml() });
    expect((await check(repo, baseTip, head, "strict")).brief).toEqual([]);
  });
});

describe("two KEPs with one number", () => {
  test("a new KEP reusing a number is an error on the new one", async () => {
    const { repo, base } = repoWith(goodRepo());
    const newDir = "keps/sig-apps/4242-another-idea";
    const head = repo.commit("a KEP that reuses 4242", { [`${newDir}/kep.yaml`]: kepYaml({ "owning-sig": "sig-apps", title: "Another idea" }), [`${newDir}/README.md`]: readme(4242, "Another idea") });
    const result = await check(repo, base, head);
    const numbers = result.report?.findings.filter((finding) => finding.rule === "kep/number-unique") ?? [];
    expect(numbers.map((finding) => [finding.severity, finding.path])).toEqual([["error", `${newDir}/kep.yaml`]]);
    expect(numbers[0]?.message).toMatch(`kep-number 4242 is already the number of ${kepPath}`);
  });

  test("the real pair in kubernetes/enhancements (2133) is found when either is judged", async () => {
    const dirs = ["keps/sig-cloud-provider/2133-out-of-tree-credential-provider", "keps/sig-node/2133-kubelet-credential-providers"];
    const files: Record<string, string> = { ...goodRepo() };
    for (const dir of dirs) files[`${dir}/kep.yaml`] = readFileSync(path.join(corpusDir, dir, "kep.yaml"), "utf8");
    const { repo, base } = repoWith(files);
    const head = repo.commit("touch one", { [`${dirs[1]}/kep.yaml`]: `${files[`${dirs[1]}/kep.yaml`]}\n` });
    const numbers = (await check(repo, base, head, "strict")).report?.findings.filter((finding) => finding.rule === "kep/number-unique") ?? [];
    expect(numbers.map((finding) => [finding.path, finding.preexisting])).toEqual([[`${dirs[1]}/kep.yaml`, true]]);
  });
});

describe("a .github/kepbot.yml changed by the pull request", () => {
  test("its problems are reported on that file, while the base's config still governs the check", async () => {
    const { repo, base } = repoWith({ ...goodRepo(), ".github/kepbot.yml": "profile: default\n" });
    const head = repo.commit("loosen the checks", { ".github/kepbot.yml": "profile: lenient\nrules:\n  kep/dates: maybe\n", [kepPath]: kepYaml({ "creation-date": "2025-30-01" }) });
    const result = await check(repo, base, head);
    const config = result.report?.findings.filter((finding) => finding.path === ".github/kepbot.yml") ?? [];
    expect(config.map((finding) => finding.rule)).toEqual(["repo/config", "repo/config"]);
    expect(config.map((finding) => finding.message).join("\n")).toMatch(/lenient/);
    // The base's config (default profile) still judged the KEP: the new date defect blocks.
    expect(result.brief).toContain(`error kep/dates ${kepPath}`);
  });
});
