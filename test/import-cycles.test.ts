import { expect, test } from "@jest/globals";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

/**
 * No two source files import each other, directly or around a loop: types both sides need belong in a
 * module below both (as `app/deps.ts` holds the handlers' shared types, and `core/labels.ts` states
 * what it needs of a KEP instead of importing the evaluator).
 */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(full) : entry.name.endsWith(".ts") ? [full] : [];
  });
}

/** Relative imports of a file (type-only included: a loop of types is still a loop for a reader). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(/^(?:import|export)\s[^;]*?from\s+["'](\.[^"']+)["']/gms)].map((match) => path.resolve(path.dirname(file), (match[1] ?? "").replace(/\.js$/, ".ts")));
}

export function findCycle(graph: ReadonlyMap<string, readonly string[]>): string[] | undefined {
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (node: string): string[] | undefined => {
    if (state.get(node) === "done") return undefined;
    if (state.get(node) === "open") return [...stack.slice(stack.indexOf(node)), node];
    state.set(node, "open");
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(node, "done");
    return undefined;
  };
  for (const node of graph.keys()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return undefined;
}

test("src has no import cycle", () => {
  const files = sourceFiles(path.resolve("src"));
  const graph = new Map(files.map((file) => [file, importsOf(file).filter((target) => files.includes(target))]));
  expect(graph.size).toBeGreaterThan(50);
  expect(findCycle(graph)?.map((file) => path.relative("src", file))).toBeUndefined();
});

test("the cycle finder finds a loop of three and none in a tree", () => {
  expect(findCycle(new Map([["a", ["b"]], ["b", ["c"]], ["c", ["a"]]]))).toEqual(["a", "b", "c", "a"]);
  expect(findCycle(new Map([["a", ["b", "c"]], ["b", ["c"]], ["c", []]]))).toBeUndefined();
});

test("the edges do not reach into each other: the CLI imports nothing of the app, the app nothing of the CLI", () => {
  const crossings = sourceFiles(path.resolve("src")).flatMap((file) => {
    const edge = path.relative("src", file).split(path.sep)[0];
    const other = edge === "cli" ? "app" : edge === "app" ? "cli" : undefined;
    if (!other) return [];
    return importsOf(file)
      .filter((target) => path.relative("src", target).split(path.sep)[0] === other)
      .map((target) => `${path.relative("src", file)} → ${path.relative("src", target)}`);
  });
  expect(crossings).toEqual([]);
});
