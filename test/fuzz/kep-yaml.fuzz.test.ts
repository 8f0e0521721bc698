import { beforeAll, describe, expect, test } from "@jest/globals";
import fc from "fast-check";
import { readKepYaml } from "../../src/core/parse/kep-yaml.js";
import { readYaml } from "../../src/core/parse/yaml-tree.js";
import { findingsFor, goodRepo, kepDir, kepYaml } from "../helpers/repo.js";
import {
  anyText,
  engineBudgetMs,
  expectWellFormedFindings,
  lineCount,
  mutate,
  mutation,
  params,
  parserBudgetMs,
  timed,
  timedAsync,
  withDuplicateKey,
  yamlishText,
} from "./fuzz-support.js";

const kepPath = `${kepDir}/kep.yaml`;

/** Whatever the file holds, each reported problem points at a line of it. */
function expectProblemLinesInFile(text: string): void {
  const source = timed(parserBudgetMs, () => readKepYaml(text));
  const lines = lineCount(text);
  if (!source.result.ok) {
    expect(source.result.problems.length).toBeGreaterThan(0);
    for (const problem of source.result.problems) {
      expect(problem.message.length).toBeGreaterThan(0);
      expect(problem.line).toBeGreaterThanOrEqual(1);
      expect(problem.line).toBeLessThanOrEqual(lines);
    }
  }
  for (const line of [...source.separatorLines, ...source.ignoredLines]) {
    expect(line).toBeGreaterThanOrEqual(1);
    expect(line).toBeLessThanOrEqual(lines);
  }
}

async function engineOn(text: string): Promise<void> {
  const files = { ...goodRepo(), [kepPath]: text };
  const findings = await timedAsync(engineBudgetMs, () => findingsFor(files, { profile: "strict" }));
  expectWellFormedFindings(findings, files);
  // Every finding on the mutated file names its line, so that GitHub can annotate it.
  for (const finding of findings.filter((item) => item.path === kepPath)) expect(finding.line).toBeDefined();
}

describe("kep.yaml fuzzing", () => {
  beforeAll(async () => {
    // The first run compiles the schemas; keep that out of the per-input budget.
    await findingsFor(goodRepo(), { profile: "strict" });
  });

  test("kep.yaml reader: any text gives a tree or problems on lines of the file, never an exception", () => {
    fc.assert(fc.property(anyText, expectProblemLinesInFile), params(300));
  });

  test("YAML reader: any text gives a result within budget, and problems have lines ≥ 1", () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const result = timed(parserBudgetMs, () => readYaml(text));
        if (!result.ok) for (const problem of result.problems) expect(problem.line).toBeGreaterThanOrEqual(1);
      }),
      params(300),
    );
  });

  test("kep.yaml: any text gives findings, never an exception, each on a line of the file", async () => {
    await fc.assert(fc.asyncProperty(anyText, engineOn), params(150));
  });

  test("kep.yaml: a valid file with lines deleted, duplicated, swapped or inserted gives well-formed findings", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 6 }), fc.boolean(), async (mutations, crlf) => {
        const text = mutate(kepYaml(), mutations, crlf);
        expectProblemLinesInFile(text);
        await engineOn(text);
      }),
      params(200),
    );
  });

  test("kep.yaml: a duplicate top-level key always gives a kep/yaml finding", async () => {
    const safeValue = fc.constantFrom("x", "1.30", "0752", "~", '"v1.33"', "[a]", "{a: b}", "yes", "@carol", "é");
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ kind: fc.constant("replace-value" as const), at: fc.nat(), value: safeValue }), { maxLength: 3 }),
        fc.nat(),
        fc.nat(),
        fc.nat(),
        safeValue,
        async (edits, pick, where, spelling, value) => {
          // Values change; the structure (and every top-level key) stays.
          let text = kepYaml();
          for (const edit of edits) {
            const lines = text.split("\n");
            const scalarLines = [...lines.keys()].filter((index) => /^[a-z-]+: \S/.test(lines[index] ?? ""));
            const index = scalarLines[edit.at % scalarLines.length];
            if (index !== undefined) lines[index] = (lines[index] ?? "").replace(/: .*$/, `: ${edit.value}`);
            text = lines.join("\n");
          }
          const duplicated = withDuplicateKey(text, pick, where, spelling, value);
          const files = { ...goodRepo(), [kepPath]: duplicated.text };
          const findings = await timedAsync(engineBudgetMs, () => findingsFor(files, { profile: "upstream" }));
          expectWellFormedFindings(findings, files);
          expect(findings.filter((finding) => finding.rule === "kep/yaml" && finding.path === kepPath)).not.toEqual([]);
        },
      ),
      params(150),
    );
  });

  test("YAML reader: a mapping key written twice, at any depth, is a problem", () => {
    const key = fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/);
    fc.assert(
      fc.property(fc.array(key, { minLength: 1, maxLength: 5 }), fc.nat(), fc.nat(), (path, depthPick, valuePick) => {
        const depth = depthPick % path.length;
        const indent = "  ".repeat(depth);
        const opening = path.slice(0, depth).map((segment, level) => `${"  ".repeat(level)}${segment}:`);
        const leaf = path[depth] ?? "k";
        const value = ["x", "1", "~", "[a]"][valuePick % 4];
        const text = [...opening, `${indent}${leaf}: ${value}`, `${indent}other-${leaf}: y`, `${indent}${leaf}: ${value}`].join("\n");
        const result = readYaml(text);
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.problems.map((problem) => problem.message).join("\n")).toContain("already defined");
      }),
      params(200),
    );
  });

  test("kep.yaml: YAML-ish text framed by `---` lines keeps every line it reports inside the file", () => {
    fc.assert(
      fc.property(yamlishText, yamlishText, yamlishText, (before, middle, after) => {
        expectProblemLinesInFile(`${before}---\n${middle}\n---\n${after}`);
      }),
      params(200),
    );
  });
});
