import { describe, expect, test } from "@jest/globals";
import type { ChangeSet } from "../../src/core/change-set.js";
import { brief, findingsFor, goodRepo, kepDir, kepYaml, ownersAliases, prrPath } from "../helpers/repo.js";

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

  test("default: a defect in an untouched file of a touched KEP is a warning", async () => {
    expect(severities(await findingsFor(repoWithOldDefect(), { profile: "default", change: editsReadme }))).toEqual(["kep/status-valid=warning"]);
  });

  test("default: the same defect in the file the change edits is an error", async () => {
    expect(severities(await findingsFor(repoWithOldDefect(), { profile: "default", change: editsKep }))).toEqual(["kep/status-valid=error"]);
  });

  test("strict: untouched content is still an error", async () => {
    expect(severities(await findingsFor(repoWithOldDefect(), { profile: "strict", change: editsReadme }))).toEqual(["kep/status-valid=error"]);
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
