import { beforeAll, describe, expect, test } from "@jest/globals";
import fc from "fast-check";
import { findingsFor, goodRepo, prrPath } from "../helpers/repo.js";
import { anyText, engineBudgetMs, expectWellFormedFindings, lineCount, mutate, mutation, params, timedAsync, withDuplicateKey } from "./fuzz-support.js";

const goodPrr = goodRepo()[prrPath] ?? "";

/** PRR approval files as a pull request can leave them: any text, or a valid file with lines mangled. */
const prrText = fc.oneof(
  anyText,
  fc.tuple(fc.array(mutation, { minLength: 1, maxLength: 5 }), fc.boolean()).map(([mutations, crlf]) => mutate(goodPrr, mutations, crlf)),
);

describe("PRR approval file fuzzing", () => {
  beforeAll(async () => {
    await findingsFor(goodRepo(), { profile: "strict" });
  });

  test("PRR file: any text gives findings, never an exception, each on a line of the file", async () => {
    await fc.assert(
      fc.asyncProperty(prrText, fc.constantFrom("upstream" as const, "default" as const, "strict" as const), async (text, profile) => {
        const files = { ...goodRepo(), [prrPath]: text };
        const findings = await timedAsync(engineBudgetMs, () => findingsFor(files, { profile }));
        // prr/yaml may name the line after the last line break: a known off-by-one, pinned below.
        expectWellFormedFindings(findings, files);
      }),
      params(150),
    );
  });

  test("PRR file: a duplicate top-level key always gives a prr/yaml finding", async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.nat(), fc.nat(), fc.constantFrom("4242", "x", "~", '"@wojtek-t"', "{approver: a}"), async (pick, where, spelling, value) => {
        const { text } = withDuplicateKey(goodPrr, pick, where, spelling, value);
        const files = { ...goodRepo(), [prrPath]: text };
        const findings = await timedAsync(engineBudgetMs, () => findingsFor(files, { profile: "upstream" }));
        expectWellFormedFindings(findings, files);
        expect(findings.filter((finding) => finding.rule === "prr/yaml" && finding.path === prrPath)).not.toEqual([]);
      }),
      params(100),
    );
  });

  /**
   * BUG (found by the first property): a PRR file whose YAML error is at the end of input gets a prr/yaml
   * finding on the line after its last line break: `[: \n[: \nalpha:…` (6 lines) is reported at line 7,
   * where GitHub has no line to annotate. repo/lists findings on OWNERS_ALIASES and sigs.yaml share the
   * cause (`': \n` + the 9 good lines of OWNERS_ALIASES is reported at line 11 of 10); readKepYaml
   * does not. Fixed since; kept as a regression test.
   */
  test("PRR file: a syntax error at the end of the file is reported on a line of the file", async () => {
    const text = '[: \n[: \nalpha:\n  approver: "@johnbelamaric"\nbeta:\n  approver: "@wojtek-t"\n';
    const findings = await findingsFor({ ...goodRepo(), [prrPath]: text }, { profile: "upstream" });
    const onPrr = findings.filter((finding) => finding.path === prrPath);
    expect(onPrr).not.toEqual([]);
    for (const finding of onPrr) expect(finding.line ?? 1).toBeLessThanOrEqual(lineCount(text));
  });
});
