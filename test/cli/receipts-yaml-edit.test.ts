import { describe, expect, test } from "@jest/globals";
import { editYaml, YamlEditError, type YamlEdit } from "../../src/cli/yaml-edit.js";

const milestone = (stage: string, extra: Partial<YamlEdit> = {}): YamlEdit => ({ path: ["milestone", stage], value: "v1.37", style: "double-quoted", ...extra });

describe("editYaml splices values into the source and leaves every other byte alone", () => {
  test.each([
    ["a plain value keeps plain, its comment stays", "stage: alpha # why\n", [{ path: ["stage"], value: "beta", style: "keep" }], "stage: beta # why\n"],
    ["a single-quoted value stays single-quoted", "stage: 'alpha'\n", [{ path: ["stage"], value: "beta", style: "keep" }], "stage: 'beta'\n"],
    ["a double-quoted value stays double-quoted", 'last-updated: "2025-01-01"\n', [{ path: ["last-updated"], value: "2026-01-20", style: "keep" }], 'last-updated: "2026-01-20"\n'],
    ["milestones are double-quoted whatever they were", "latest-milestone: v1.36\n", [{ path: ["latest-milestone"], value: "v1.37", style: "double-quoted" }], 'latest-milestone: "v1.37"\n'],
    ["a value no plain scalar can hold is quoted", "title: x\n", [{ path: ["title"], value: "a: b", style: "keep" }], 'title: "a: b"\n'],
    ["an empty value gets one", "stage:\nx: 1\n", [{ path: ["stage"], value: "beta", style: "keep" }], "stage: beta\nx: 1\n"],
    ["a missing key goes after the named sibling", "status: implementable\nx: 1\n", [{ path: ["stage"], value: "beta", style: "keep", after: ["status"] }], "status: implementable\nstage: beta\nx: 1\n"],
    ["a missing key without a sibling goes at the end, even without a final newline", "x: 1", [{ path: ["stage"], value: "beta", style: "keep", after: ["status"] }], "x: 1\nstage: beta\n"],
    ["CRLF files get CRLF lines", "x: 1\r\nmilestone:\r\n  alpha: \"v1.36\"\r\ny: 2\r\n", [milestone("beta", { after: ["alpha"] })], 'x: 1\r\nmilestone:\r\n  alpha: "v1.36"\r\n  beta: "v1.37"\r\ny: 2\r\n'],
    ["a new stage lands after the one before it, before a comment block", 'milestone:\n  alpha: "v1.36" # done\n\n# next\nx: 1\n', [milestone("beta", { after: ["alpha"] })], 'milestone:\n  alpha: "v1.36" # done\n  beta: "v1.37"\n\n# next\nx: 1\n'],
    ["a new stage lands before the one after it", 'milestone:\n    stable: "v1.40"\n', [milestone("beta", { before: ["stable"] })], 'milestone:\n    beta: "v1.37"\n    stable: "v1.40"\n'],
    ["an empty milestone becomes a block mapping", "milestone:\nx: 1\n", [milestone("beta")], 'milestone:\n  beta: "v1.37"\nx: 1\n'],
    ["a null milestone becomes a block mapping", "milestone: ~\n", [milestone("beta")], 'milestone:\n  beta: "v1.37"\n'],
    ["an empty flow milestone stays flow, comment kept", "milestone: {} # external\n", [milestone("beta")], 'milestone: {beta: "v1.37"} # external\n'],
    ["a flow milestone gets one more entry", 'milestone: {alpha: "v1.36"}\n', [milestone("beta")], 'milestone: {alpha: "v1.36", beta: "v1.37"}\n'],
    ["a missing milestone is added after its sibling", 'stage: beta\nlatest-milestone: "v1.37"\nx: 1\n', [milestone("beta", { parentAfter: ["latest-milestone"] })], 'stage: beta\nlatest-milestone: "v1.37"\nmilestone:\n  beta: "v1.37"\nx: 1\n'],
    [
      "indentless lists, trailing spaces and odd spacing elsewhere are untouched",
      'reviewers: \n- "@a"\nfeature-gates:\n  - name: X\n    components:\n    - kubelet\nstage:   alpha\nmetrics: []',
      [{ path: ["stage"], value: "beta", style: "keep" }],
      'reviewers: \n- "@a"\nfeature-gates:\n  - name: X\n    components:\n    - kubelet\nstage:   beta\nmetrics: []',
    ],
  ] as [string, string, YamlEdit[], string][])("%s", (_name, text, edits, expected) => {
    expect(editYaml(text, edits)).toBe(expected);
  });

  test.each([
    ["duplicate keys", "stage: a\nstage: b\n", /already defined|unique/],
    ["a second document", "stage: a\n---\nx: 1\n", /multiple documents/],
    ["a document that is not a mapping", "- a\n", /not a block mapping/],
    ["a key that holds a list", "stage:\n  - alpha\n", /stage does not hold a single-line value/],
    ["a milestone that is a plain value", "milestone: TBD\n", /milestone is not a mapping/],
  ])("refuses %s", (_name, text, reason) => {
    const edits: YamlEdit[] = text.startsWith("milestone") ? [milestone("beta")] : [{ path: ["stage"], value: "beta", style: "keep" }];
    expect(() => editYaml(text, edits)).toThrow(YamlEditError);
    expect(() => editYaml(text, edits)).toThrow(reason);
  });
});
