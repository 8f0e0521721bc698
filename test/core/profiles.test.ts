import { describe, expect, test } from "@jest/globals";
import type { ChangeSet } from "../../src/core/change-set.js";
import { brief, findingsFor, goodRepo, kepDir, kepYaml, ownersAliases, prrPath, reportFor } from "../helpers/repo.js";

const kepPath = `${kepDir}/kep.yaml`;
const otherDir = "keps/sig-apps/100-other";

/** The good repository plus a second KEP with an old defect (an invalid status). */
function repoWithOldDefect(): Record<string, string> {
  return {
    ...goodRepo(),
    [`${otherDir}/kep.yaml`]: kepYaml({ "kep-number": "100", "owning-sig": "sig-apps", status: "superseded" }),
    [`${otherDir}/README.md`]: "<!-- toc -->\n<!-- /toc -->\n",
  };
}

const severities = (findings: readonly { rule: string; severity: string }[]) => findings.map((finding) => `${finding.rule}=${finding.severity}`);

describe("profiles decide severities", () => {
  test.each([
    ["upstream", []],
    ["default", ["kep/status-valid=error"]],
    ["strict", ["kep/status-valid=error"]],
  ] as const)("whole tree, profile %s", async (profile, expected) => {
    expect(severities(await findingsFor(repoWithOldDefect(), { profile }))).toEqual(expected);
  });

  test("default: a warning-level rule stays a warning on touched content, strict makes it an error", async () => {
    const files = { ...goodRepo(), [kepPath]: kepYaml({ "latest-milestone": '"v1.32"' }) };
    expect(severities(await findingsFor(files, { profile: "default" }))).toEqual(["kep/latest-milestone-stage=warning"]);
    expect(severities(await findingsFor(files, { profile: "strict" }))).toEqual(["kep/latest-milestone-stage=error"]);
  });

  test("config overrides switch a rule off or change its severity", async () => {
    const files = repoWithOldDefect();
    expect(await findingsFor(files, { profile: "strict", config: { rules: { "kep/status-valid": "off" } } })).toEqual([]);
    expect(severities(await findingsFor(files, { profile: "upstream", config: { rules: { "kep/status-valid": "notice" } } }))).toEqual(["kep/status-valid=notice"]);
  });
});

describe("a change set: only what the change touches is judged, and old defects never block it", () => {
  const editsReadme: ChangeSet = { files: [{ path: `${otherDir}/README.md`, status: "modified" }] };
  const editsKep: ChangeSet = { files: [{ path: `${otherDir}/kep.yaml`, status: "modified" }] };
  const editsGoodKep: ChangeSet = { files: [{ path: kepPath, status: "modified" }] };
  const oldDefect = "kep/status-valid";

  test.each([
    ["default", "an old defect in the file the change edits is a warning", editsKep, "warning"],
    ["default", "an old defect in an untouched file of a touched KEP is a warning", editsReadme, "warning"],
    ["strict", "an old defect is still an error", editsKep, "error"],
  ] as const)("%s: %s, marked as already present", async (profile, _name, change, severity) => {
    const findings = await findingsFor(repoWithOldDefect(), { profile, change, base: repoWithOldDefect() });
    expect(findings.map((finding) => [finding.rule, finding.severity, finding.preexisting])).toEqual([[oldDefect, severity, true]]);
    expect(findings[0]?.message).toMatch(/\(already present before this pull request\)$/);
  });

  test("default: the same defect introduced by the change is an error, and new", async () => {
    const base = { ...repoWithOldDefect(), [`${otherDir}/kep.yaml`]: kepYaml({ "kep-number": "100", "owning-sig": "sig-apps", status: "implemented", stage: "stable" }) };
    const findings = await findingsFor(repoWithOldDefect(), { profile: "default", change: editsKep, base });
    expect(findings.map((finding) => [finding.rule, finding.severity, finding.preexisting])).toEqual([[oldDefect, "error", undefined]]);
  });

  test("upstream: an old upstream defect still fails, as upstream CI fails it", async () => {
    const broken = { ...goodRepo(), [prrPath]: "kep-number: 4242\nalpha:\n  approver: \"@johnbelamaric\"\n" };
    const findings = await findingsFor(broken, { profile: "upstream", change: editsGoodKep, base: broken });
    expect(findings.map((finding) => [finding.rule, finding.severity, finding.preexisting])).toEqual([["prr/stage-block", "error", true]]);
  });

  test("lines moved by unrelated edits do not make an old finding new", async () => {
    const head = { ...repoWithOldDefect(), [`${otherDir}/kep.yaml`]: `# a comment added above everything\n\n${repoWithOldDefect()[`${otherDir}/kep.yaml`]}` };
    const findings = await findingsFor(head, { profile: "default", change: editsKep, base: repoWithOldDefect() });
    expect(findings.map((finding) => [finding.rule, finding.severity, finding.preexisting])).toEqual([[oldDefect, "warning", true]]);
  });

  test("a defect that appears once more than on the base is one old finding and one new", async () => {
    const twoBadSigs = (sigs: string) => ({ ...goodRepo(), [kepPath]: kepYaml({ "participating-sigs": sigs }) });
    const base = twoBadSigs("\n  - sig-scheduler");
    const head = twoBadSigs("\n  - sig-scheduler\n  - sig-node\n  - sig-scheduler");
    const findings = await findingsFor(head, { profile: "default", change: editsGoodKep, base });
    expect(findings.map((finding) => [finding.rule, finding.severity, finding.preexisting ?? false])).toEqual([
      ["kep/participating-sigs-known", "warning", true],
      ["kep/participating-sigs-known", "error", false],
    ]);
  });

  describe("a renamed KEP directory keeps its old findings old", () => {
    const renamedDir = "keps/sig-apps/100-other-renamed";
    const renamed = (): Record<string, string> => {
      const files = repoWithOldDefect();
      for (const name of ["kep.yaml", "README.md"]) {
        files[`${renamedDir}/${name}`] = files[`${otherDir}/${name}`] as string;
        delete files[`${otherDir}/${name}`];
      }
      return files;
    };
    test.each([
      ["git saw renames", [{ path: `${renamedDir}/kep.yaml`, previousPath: `${otherDir}/kep.yaml`, status: "renamed" }, { path: `${renamedDir}/README.md`, previousPath: `${otherDir}/README.md`, status: "renamed" }]],
      ["git saw a delete and an add (paired by kep-number)", [{ path: `${otherDir}/kep.yaml`, status: "removed" }, { path: `${renamedDir}/kep.yaml`, status: "added" }]],
    ] as const)("%s", async (_name, files) => {
      const findings = await findingsFor(renamed(), { profile: "default", change: { files }, base: repoWithOldDefect() });
      expect(findings.map((finding) => [finding.rule, finding.path, finding.severity, finding.preexisting])).toEqual([[oldDefect, `${renamedDir}/kep.yaml`, "warning", true]]);
    });
  });

  test("the summary counts new and already-present findings only when a base was compared", async () => {
    const compared = await reportFor(repoWithOldDefect(), { profile: "default", change: editsKep, base: repoWithOldDefect() });
    expect(compared.summary).toMatchObject({ errors: 0, warnings: 1, new: 0, preexisting: 1 });
    const whole = await reportFor(repoWithOldDefect(), { profile: "default" });
    expect(whole.summary).not.toHaveProperty("new");
    expect(whole.summary).not.toHaveProperty("preexisting");
  });

  test("a KEP the change does not touch is not judged at all", async () => {
    expect(await findingsFor(repoWithOldDefect(), { profile: "strict", change: editsGoodKep })).toEqual([]);
  });

  test("promoting kep.yaml to a stage the PRR file lacks is the change's own error, reported on the PRR file", async () => {
    const files = { ...goodRepo(), [kepPath]: kepYaml({ stage: "stable", milestone: '\n  alpha: "v1.32"\n  beta: "v1.33"\n  stable: "v1.33"' }) };
    const findings = await findingsFor(files, { profile: "default", change: editsGoodKep });
    expect(brief(findings)).toEqual([`prr/stage-block ${prrPath}:1`]);
    expect(findings[0]?.severity).toBe("error");
  });

  test("a changed PRR file brings its KEP under judgement", async () => {
    const files = { ...goodRepo(), [prrPath]: 'kep-number: 4242\nbeta:\n  approver: "@mallory"\n' };
    const findings = await findingsFor(files, { profile: "default", change: { files: [{ path: prrPath, status: "modified" }] } });
    expect(severities(findings)).toEqual(["prr/approver-unknown=error"]);
  });

  test("PRR approvers come from the base: a PR cannot add its author to OWNERS_ALIASES", async () => {
    const head: Record<string, string> = {
      ...goodRepo(),
      [prrPath]: 'kep-number: 4242\nbeta:\n  approver: "@mallory"\n',
      OWNERS_ALIASES: ownersAliases.replace("    - ehashman\n", "    - ehashman\n    - mallory\n"),
    };
    const change: ChangeSet = { files: [{ path: prrPath, status: "modified" }, { path: "OWNERS_ALIASES", status: "modified" }] };
    expect(head.OWNERS_ALIASES).toContain("- mallory");
    expect(severities(await findingsFor(head, { profile: "default", change }))).toEqual([]);
    expect(severities(await findingsFor(head, { profile: "default", change, base: goodRepo() }))).toEqual(["prr/approver-unknown=error"]);
  });
});
