import { describe, expect, test } from "@jest/globals";
import { lineAt, readYaml, textAt, toPlain } from "../../../src/core/parse/yaml-tree.js";

function parsed(source: string) {
  const result = readYaml(source);
  if (!result.ok) throw new Error(`unexpected problems: ${JSON.stringify(result.problems)}`);
  return result.tree;
}

describe("readYaml keeps each scalar's source text, as yaml.v3 fills a Go string", () => {
  test.each([
    ["a milestone written as a float", "latest-milestone: 1.30", "latest-milestone", "1.30"],
    ["a zero-padded kep-number", "kep-number: 0752", "kep-number", "0752"],
    ["an impossible date", "creation-date: 2025-30-01", "creation-date", "2025-30-01"],
    ["the legacy 0.0 milestone", 'latest-milestone: "0.0"', "latest-milestone", "0.0"],
    ["a quoted milestone", 'latest-milestone: "v1.30"', "latest-milestone", "v1.30"],
    ["a boolean word", "disable-supported: yes", "disable-supported", "yes"],
  ])("%s", (_name, source, key, expected) => {
    expect(textAt(parsed(source), key)).toBe(expected);
  });

  test.each([["empty", "title:"], ["tilde", "title: ~"], ["null", "title: null"], ["Null", "title: Null"]])("%s is an empty value", (_name, source) => {
    expect(toPlain(parsed(source))).toEqual({ title: null });
  });

  test("a quoted null word is text", () => {
    expect(toPlain(parsed('title: "null"'))).toEqual({ title: "null" });
  });
});

describe("readYaml reports problems with their lines and never throws", () => {
  test("a duplicate key names both lines", () => {
    const result = readYaml("title: a\nstatus: b\ntitle: c\n");
    expect(result).toEqual({ ok: false, problems: [{ message: 'mapping key "title" already defined at line 1', line: 3, column: 1 }] });
  });

  test("a syntax error carries its line", () => {
    const result = readYaml("title: a\nauthors: [unclosed\nstatus: b\n");
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0]?.line).toBeGreaterThanOrEqual(2);
  });

  test("an alias bomb stops at the node limit", () => {
    const bomb = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (let level = 1; level < 9; level++) {
      const previous = String.fromCharCode(96 + level);
      const name = String.fromCharCode(97 + level);
      bomb.push(`${name}: &${name} [${Array(10).fill(`*${previous}`).join(", ")}]`);
    }
    const started = Date.now();
    const result = readYaml(bomb.join("\n"));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0]?.message).toMatch(/more than 50000 nodes/);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  test("deep nesting is refused, not a stack overflow", () => {
    const result = readYaml(`${"[".repeat(5000)}${"]".repeat(5000)}`);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0]?.message).toMatch(/nested/);
  });

  test("an empty document has no tree", () => {
    expect(readYaml("# only a comment\n")).toEqual({ ok: true, tree: undefined });
  });
});

describe("lineAt", () => {
  const tree = parsed("title: x\nmilestone:\n  alpha: v1.1\n  beta: v1.2\nauthors:\n  - a\n  - b\n");
  test.each([
    [["milestone", "beta"], 4],
    [["authors", 1], 7],
    [["missing"], 1],
    [["milestone", "stable"], 2],
  ] as const)("%j is on line %d", (path, line) => {
    expect(lineAt(tree, path)).toBe(line);
  });
});
