import { describe, expect, test } from "@jest/globals";
import { brief, findingsFor, goodRepo, kepDir, kepYaml, prrPath, readme } from "../../helpers/repo.js";

const kepPath = `${kepDir}/kep.yaml`;
const readmePath = `${kepDir}/README.md`;

/** The process rules upstream never automated (RULES.md §4, §6), each failing once. */
const cases: { name: string; change: (files: Record<string, string>) => void; expected: string[]; message?: RegExp; suggestion?: string }[] = [
  { name: "an invalid status", change: (f) => void (f[kepPath] = kepYaml({ status: "imlpemented" })), expected: [`kep/status-valid ${kepPath}:8`], message: /invalid status: imlpemented, should be one of \[provisional implementable .*\]; did you mean "implemented"\?$/ },
  { name: "a misspelled status", change: (f) => void (f[kepPath] = kepYaml({ status: "implementible" })), expected: [`kep/status-valid ${kepPath}:8`], message: /; did you mean "implementable"\?$/ },
  { name: "a misspelled stage", change: (f) => void (f[kepPath] = kepYaml({ stage: "btea" })), expected: [`kep/stage-valid ${kepPath}:14`, `prr/stage-block ${kepPath}:14`], message: /invalid stage: btea, .*; did you mean "beta"\?$/m },
  { name: "an invalid stage", change: (f) => void (f[kepPath] = kepYaml({ stage: "alpha (deprecated)" })), expected: [`kep/stage-valid ${kepPath}:14`, `prr/stage-block ${kepPath}:14`] },
  { name: "implemented but still beta", change: (f) => void (f[kepPath] = kepYaml({ status: "implemented" })), expected: [`kep/implemented-stable ${kepPath}:8`], message: /status:implemented implies stage:stable but found: beta/ },
  { name: "an unknown owning SIG", change: (f) => void (f[kepPath] = kepYaml({ "owning-sig": "sig-nodes" })), expected: [`kep/owning-sig-known ${kepPath}:5`, `kep/directory-sig ${kepPath}:5`, `prr/file-missing ${kepPath}:2`, `prr/orphan ${prrPath}:1`] , message: /invalid owning-sig: sig-nodes is not a group in sigs.yaml; did you mean "sig-node"\?$/m },
  { name: "an unknown participating SIG", change: (f) => void (f[kepPath] = kepYaml({ "participating-sigs": "\n  - sig-apps\n  - sig-arch" })), expected: [`kep/participating-sigs-known ${kepPath}:8`], message: /invalid participating-sig: sig-arch is not a group in sigs.yaml$/ },
  { name: "a misspelled participating SIG", change: (f) => void (f[kepPath] = kepYaml({ "participating-sigs": "\n  - sig-aps" })), expected: [`kep/participating-sigs-known ${kepPath}:7`], message: /invalid participating-sig: sig-aps is not a group in sigs.yaml; did you mean "sig-apps"\?$/ },
  { name: "a milestone without its v", change: (f) => void (f[kepPath] = kepYaml({ milestone: '\n  alpha: 1.32\n  beta: "v1.33"' })), expected: [`kep/milestone-format ${kepPath}:17`], suggestion: '  alpha: "v1.32"' },
  { name: "milestones out of order", change: (f) => void (f[kepPath] = kepYaml({ milestone: '\n  alpha: "v1.34"\n  beta: "v1.33"' })), expected: [`kep/milestone-order ${kepPath}:18`] },
  { name: "latest-milestone behind the stage's milestone", change: (f) => void (f[kepPath] = kepYaml({ "latest-milestone": '"v1.32"' })), expected: [`kep/latest-milestone-stage ${kepPath}:15`], suggestion: 'latest-milestone: "v1.33"' },
  { name: "an impossible creation date", change: (f) => void (f[kepPath] = kepYaml({ "creation-date": "2025-30-01" })), expected: [`kep/dates ${kepPath}:9`] },
  { name: "last-updated set to a milestone", change: (f) => void (f[kepPath] = kepYaml({ "last-updated": "v1.30" })), expected: [`kep/dates ${kepPath}:26`] },
  { name: "a directory that does not start with the number", change: (f) => void (f[kepPath] = kepYaml({ "kep-number": "4243" })), expected: [`kep/directory-number ${kepPath}:2`, `prr/file-missing ${kepPath}:2`, `prr/orphan ${prrPath}:1`, `readme/title ${readmePath}:1`] },
  { name: "a README title naming another KEP", change: (f) => void (f[readmePath] = readme(2322)), expected: [`readme/title ${readmePath}:1`], suggestion: "# KEP-4242: Sidecar restarts" },
  { name: "a PRR file whose kep-number differs from its name", change: (f) => void (f[prrPath] = 'kep-number: 3299\nbeta:\n  approver: "@wojtek-t"\n'), expected: [`prr/number-mismatch ${prrPath}:1`], suggestion: "kep-number: 4242" },
  { name: "a PRR file that belongs to no KEP", change: (f) => void (f["keps/prod-readiness/sig-node/2273.yaml"] = 'kep-number: 2273\nalpha:\n  approver: "@deads2k"\n'), expected: ["prr/orphan keps/prod-readiness/sig-node/2273.yaml:1"] },
  { name: "alpha without feature gates", change: (f) => void (f[kepPath] = kepYaml({ stage: "alpha", "latest-milestone": '"v1.32"', milestone: '\n  alpha: "v1.32"', "feature-gates": null, metrics: null })), expected: [`kep/alpha-prr-fields ${kepPath}:14`] },
  { name: "beta without metrics", change: (f) => void (f[kepPath] = kepYaml({ metrics: null })), expected: [`kep/beta-metrics ${kepPath}:14`] },
  { name: "a README missing PRR sections for beta", change: (f) => void (f[readmePath] = (f[readmePath] ?? "").replace("### Scalability", "### Scale").replace("  - [Scalability](#scalability)", "  - [Scale](#scale)")), expected: [`readme/prr-questionnaire ${readmePath}:1`], message: /missing "Scalability", required at beta/ },
];

describe("process rules (profile strict)", () => {
  test("the good repository passes every rule", async () => {
    expect(brief(await findingsFor(goodRepo(), { profile: "strict" }))).toEqual([]);
  });

  test.each(cases)("$name", async ({ change, expected, message, suggestion }) => {
    const files = goodRepo();
    change(files);
    const findings = await findingsFor(files, { profile: "strict" });
    expect(brief(findings).sort()).toEqual([...expected].sort());
    if (message) expect(findings.map((finding) => finding.message).join("\n")).toMatch(message);
    if (suggestion) expect(findings.map((finding) => finding.suggestion)).toContain(suggestion);
    expect(findings.every((finding) => finding.severity === "error")).toBe(true);
  });

  test("a missing sigs.yaml skips the SIG rules with a notice", async () => {
    const files = goodRepo();
    delete files["sigs.yaml"];
    files[kepPath] = kepYaml({ "participating-sigs": "\n  - sig-whatever" });
    const findings = await findingsFor(files, { profile: "default" });
    expect(findings).toEqual([expect.objectContaining({ rule: "repo/lists", severity: "notice", path: "sigs.yaml" })]);
    expect(findings[0]?.message).toMatch(/kep\/owning-sig-known, kep\/participating-sigs-known skipped/);
  });
});
