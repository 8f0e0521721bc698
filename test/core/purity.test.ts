import { describe, expect, test } from "@jest/globals";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

const coreDir = path.resolve("src/core");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(full) : entry.name.endsWith(".ts") ? [full] : [];
  });
}

/** What the pure core may not reach for: GitHub, the file system, processes, the environment. */
const forbidden: { name: string; pattern: RegExp }[] = [
  { name: "probot", pattern: /from\s+["']probot["']/ },
  { name: "@octokit/*", pattern: /from\s+["']@octokit\// },
  { name: "node:fs", pattern: /from\s+["'](node:)?fs(\/promises)?["']/ },
  { name: "node:child_process", pattern: /from\s+["'](node:)?child_process["']/ },
  { name: "node:http", pattern: /from\s+["'](node:)?https?["']/ },
  { name: "process", pattern: /\bprocess\.(env|argv|cwd|exit|stdout|stderr)\b/ },
  { name: "a module outside the core", pattern: /from\s+["']\.\.\/\.\.\/(?!core)/ },
];

describe("the core is pure", () => {
  const files = sourceFiles(coreDir);

  test("there is a core to check", () => {
    expect(files.length).toBeGreaterThan(20);
  });

  test.each(forbidden)("no file in src/core uses $name", ({ pattern }) => {
    const offenders = files.filter((file) => pattern.test(readFileSync(file, "utf8"))).map((file) => path.relative(coreDir, file));
    expect(offenders).toEqual([]);
  });

  test("the checker catches a violation (the patterns are not dead)", () => {
    expect(forbidden.find((rule) => rule.name === "node:fs")?.pattern.test('import { readFile } from "node:fs/promises";')).toBe(true);
    expect(forbidden.find((rule) => rule.name === "process")?.pattern.test("const token = process.env.TOKEN;")).toBe(true);
  });
});
