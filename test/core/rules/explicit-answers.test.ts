import { describe, expect, test } from "@jest/globals";
import { readFileSync } from "node:fs";
import path from "node:path";
import { corpusDir } from "../../helpers/corpus.js";
import { brief, findingsFor, goodRepo, kepDir, kepYaml } from "../../helpers/repo.js";

const kepPath = `${kepDir}/kep.yaml`;
const alpha = { stage: "alpha", "latest-milestone": '"v1.32"', milestone: '\n  alpha: "v1.32"' };
const prrFieldRules = new Set(["kep/alpha-prr-fields", "kep/beta-metrics"]);

/** The PRR template's kep.yaml questions, answered or not: an explicit "none" is an answer. */
const cases: { name: string; fields: Record<string, string | null>; expected: string[] }[] = [
  { name: "metrics: [] at beta", fields: { metrics: "[]" }, expected: [] },
  { name: "metrics: with a comment saying none", fields: { metrics: "\n  # none: the feature only changes a default" }, expected: [] },
  { name: "metrics: null at stable", fields: { stage: "stable", milestone: '\n  beta: "v1.32"\n  stable: "v1.33"', metrics: "null" }, expected: [] },
  { name: "metrics: ~ at beta", fields: { metrics: "~" }, expected: [] },
  { name: "metrics absent at beta", fields: { metrics: null }, expected: ["kep/beta-metrics"] },
  { name: "feature-gates: [] at alpha: no gate, so nothing to disable either", fields: { ...alpha, "feature-gates": "[]", "disable-supported": null, metrics: null }, expected: [] },
  { name: "feature-gates: with a comment, out of tree", fields: { ...alpha, "feature-gates": "# not applicable, out of tree", "disable-supported": null, metrics: null }, expected: [] },
  { name: "feature-gates absent at alpha", fields: { ...alpha, "feature-gates": null, metrics: null }, expected: ["kep/alpha-prr-fields"] },
  { name: "feature-gates absent, disable-supported: false", fields: { ...alpha, "feature-gates": null, "disable-supported": "false", metrics: null }, expected: [] },
  { name: "a gate listed, disable-supported absent", fields: { ...alpha, "disable-supported": null, metrics: null }, expected: ["kep/alpha-prr-fields"] },
  { name: "a gate listed, disable-supported: with nothing after it", fields: { ...alpha, "disable-supported": "", metrics: null }, expected: [] },
];

describe("an explicit answer is an answer (profile strict)", () => {
  test.each(cases)("$name", async ({ fields, expected }) => {
    const files = { ...goodRepo(), [kepPath]: kepYaml(fields) };
    const findings = await findingsFor(files, { profile: "strict" });
    expect(findings.filter((finding) => prrFieldRules.has(finding.rule)).map((finding) => finding.rule)).toEqual(expected);
  });

  test("the real KEP 6072 (stable directly, feature-gates: [], metrics: []) is asked for nothing", async () => {
    const dir = "keps/sig-node/6072-dra-standard-numanode";
    const real = readFileSync(path.join(corpusDir, dir, "kep.yaml"), "utf8");
    expect(real).toMatch(/^feature-gates: \[\]$/m);
    expect(real).toMatch(/^metrics: \[\]$/m);
    const files = { ...goodRepo(), [`${dir}/kep.yaml`]: real, [`${dir}/README.md`]: readFileSync(path.join(corpusDir, dir, "README.md"), "utf8") };
    const findings = await findingsFor(files, { profile: "strict" });
    expect(brief(findings.filter((finding) => prrFieldRules.has(finding.rule) || finding.rule === "receipt/kep-ready"))).toEqual([]);
  });
});
