import { describe, expect, test } from "@jest/globals";
import { readFileSync } from "node:fs";
import path from "node:path";
import { main } from "../../src/cli/main.js";
import { goodRepo } from "../helpers/repo.js";
import { TempGitRepo } from "../helpers/git-repo.js";
import { sarifProblems, sarifValidator } from "../helpers/sarif-schema.js";

async function sarifOf(argv: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, { cwd: process.cwd(), stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text), colour: false });
  return { code, stderr, sarif: JSON.parse(stdout) as { runs: { results: Record<string, unknown>[] }[] } };
}

interface Replacement {
  readonly deletedRegion: { readonly startLine: number };
  readonly insertedContent: { readonly text: string };
}
interface Fix {
  readonly artifactChanges: { readonly artifactLocation: { readonly uri: string }; readonly replacements: Replacement[] }[];
}

/** Applies a SARIF fix as a SARIF consumer would: each deleted region is a whole line's text (its line break stays). */
function applyFix(root: string, fix: Fix): Map<string, string> {
  const files = new Map<string, string>();
  for (const change of fix.artifactChanges) {
    const lines = readFileSync(path.join(root, change.artifactLocation.uri), "utf8").split("\n");
    for (const replacement of change.replacements) lines[replacement.deletedRegion.startLine - 1] = replacement.insertedContent.text;
    files.set(change.artifactLocation.uri, lines.join("\n"));
  }
  return files;
}

describe("SARIF output", () => {
  const validate = sarifValidator();

  test.each(["default", "upstream", "strict"])("the bundled example's report under --profile %s is valid SARIF 2.1.0", async (profile) => {
    const { code, sarif } = await sarifOf(["check", "examples/enhancements", "--format", "sarif", "--profile", profile]);
    expect(code).toBe(1);
    expect(sarifProblems(validate, sarif)).toEqual([]);
  });

  test("a report without findings is valid SARIF too", async () => {
    const repo = new TempGitRepo();
    try {
      repo.write(goodRepo());
      const { code, sarif } = await sarifOf(["check", repo.dir, "--format", "sarif"]);
      expect(code).toBe(0);
      expect(sarif.runs[0]?.results).toEqual([]);
      expect(sarifProblems(validate, sarif)).toEqual([]);
    } finally {
      repo.remove();
    }
  });

  test("the validator is not vacuous: a fix without its changes, or a bad level, is refused", async () => {
    const { sarif } = await sarifOf(["check", "examples/enhancements", "--format", "sarif", "--profile", "strict"]);
    const result = sarif.runs[0]?.results.find((candidate) => candidate["fixes"] !== undefined) ?? {};
    result["fixes"] = [{ description: { text: "nothing" } }];
    result["level"] = "fatal";
    expect(sarifProblems(validate, sarif)).toEqual(expect.arrayContaining([expect.stringMatching(/fixes\/0 must have required property 'artifactChanges'/), expect.stringMatching(/level must be equal to one of the allowed values/)]));
  });

  test("a suggestion travels in SARIF's own `fixes`: its line replaced by the suggested text", async () => {
    const { sarif } = await sarifOf(["check", "examples/enhancements", "--format", "sarif", "--profile", "strict"]);
    const results = sarif.runs[0]?.results ?? [];
    const withFix = results.filter((result) => result["fixes"] !== undefined);
    // Every finding with a suggestion and a line has exactly one fix; no other finding has one.
    expect(withFix.length).toBeGreaterThan(0);
    expect(withFix).toEqual(results.filter((result) => (result["properties"] as { suggestion?: string } | undefined)?.suggestion !== undefined));
    const root = "examples/enhancements";
    const number = withFix.find((result) => result["ruleId"] === "prr/number-mismatch");
    expect(number?.["fixes"]).toEqual([
      {
        description: { text: "Replace line 2 with: kep-number: 5871" },
        artifactChanges: [
          {
            artifactLocation: { uri: "keps/prod-readiness/sig-storage/5871.yaml", uriBaseId: "%SRCROOT%" },
            replacements: [{ deletedRegion: { startLine: 2 }, insertedContent: { text: "kep-number: 5871" } }],
          },
        ],
      },
    ]);
    // Applied, the fixes correct what they are about: the milestones gain their `v`, the number its digits.
    for (const result of withFix) {
      const fix = (result["fixes"] as Fix[])[0] as Fix;
      const change = fix.artifactChanges[0];
      const line = change?.replacements[0]?.deletedRegion.startLine ?? 0;
      const before = readFileSync(path.join(root, change?.artifactLocation.uri ?? ""), "utf8").split("\n");
      const after = applyFix(root, fix).get(change?.artifactLocation.uri ?? "")?.split("\n") ?? [];
      expect(after.length).toBe(before.length);
      expect(after.filter((text, index) => text !== before[index])).toEqual([change?.replacements[0]?.insertedContent.text]);
      expect(line).toBe((result["locations"] as { physicalLocation: { region: { startLine: number } } }[])[0]?.physicalLocation.region.startLine);
    }
    expect(withFix.map((result) => result["ruleId"]).sort()).toEqual(["kep/latest-milestone-stage", "kep/milestone-format", "kep/milestone-format", "prr/number-mismatch", "readme/title"]);
  });
});
