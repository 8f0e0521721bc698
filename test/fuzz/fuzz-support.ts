import fc from "fast-check";
import { expect } from "@jest/globals";
import type { Finding } from "../../src/core/finding.js";
import { kepSchema } from "../../src/core/schemas/kep.schema.js";

/**
 * Shared pieces of the property-based fuzz suite: run counts, time budgets, and arbitraries that build
 * hostile-but-plausible inputs from fragments of the real formats.
 *
 * `FUZZ_RUNS=<factor>` multiplies every run count (a deep local run: `FUZZ_RUNS=20`); `FUZZ_SEED=<n>`
 * replays a failure that fast-check reported with its seed.
 */

const factor = Number(process.env.FUZZ_RUNS ?? "1");
// CI is a gate, so it explores the same inputs every run; locally every run explores new ones.
const seed = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : process.env.CI ? 20261121 : undefined;

/**
 * fc.assert parameters: `runs` scaled by FUZZ_RUNS, the seed when one is replayed, and `examples` (each a
 * tuple of the property's arguments) tried before the random inputs.
 */
export function params<T>(runs: number, examples: T[] = []): fc.Parameters<T> {
  return {
    numRuns: Math.max(1, Math.round(runs * (Number.isFinite(factor) && factor > 0 ? factor : 1))),
    ...(seed !== undefined && Number.isFinite(seed) ? { seed } : {}),
    ...(examples.length > 0 ? { examples } : {}),
  };
}

/** A parser's budget per input: inputs here are at most a few hundred KiB, so this is two orders of magnitude of slack. */
export const parserBudgetMs = 200;
/** The whole engine over one repository (every rule, every file). */
export const engineBudgetMs = 2000;

/** Runs `work` and fails when it took longer than `budgetMs`; returns what it returned. */
export function timed<T>(budgetMs: number, work: () => T): T {
  const started = performance.now();
  const result = work();
  expect(performance.now() - started).toBeLessThan(budgetMs);
  return result;
}

export async function timedAsync<T>(budgetMs: number, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await work();
  expect(performance.now() - started).toBeLessThan(budgetMs);
  return result;
}

/** Lines of a text as an editor shows them: CRLF, LF and lone CR each end a line; a final line end opens no new line. */
export function lineCount(text: string): number {
  const pieces = text.split(/\r\n|\r|\n/);
  if (pieces.length > 1 && pieces[pieces.length - 1] === "") pieces.pop();
  return Math.max(1, pieces.length);
}

/** A rule that threw is turned into a finding by `evaluate`; for the fuzz suite that is a crash. */
export function expectNoRuleCrash(findings: readonly Finding[]): void {
  const crashes = findings.filter((finding) => /^kepbot's rule .* failed/.test(finding.message));
  expect(crashes).toEqual([]);
}

/** The invariants every finding keeps: a rule id, a path, a 1-based line within the file it names. */
export function expectWellFormedFindings(findings: readonly Finding[], files: Readonly<Record<string, string | Uint8Array>>): void {
  expectNoRuleCrash(findings);
  for (const finding of findings) {
    expect(finding.rule).toMatch(/^[a-z]+\/[a-z0-9-]+$/);
    expect(finding.path.length).toBeGreaterThan(0);
    expect(finding.message.length).toBeGreaterThan(0);
    if (finding.line === undefined) continue;
    expect(Number.isInteger(finding.line)).toBe(true);
    expect(finding.line).toBeGreaterThanOrEqual(1);
    const content = files[finding.path];
    if (typeof content === "string") {
      if (finding.line > lineCount(content)) throw new Error(`${finding.rule} ${finding.path}:${finding.line} is past the file's ${lineCount(content)} line(s): ${finding.message}`);
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// YAML-ish text

/** Every key of kep.yaml's schema, plus milestone stages and near-misses. */
export const kepKeys: readonly string[] = [
  ...Object.keys(kepSchema.properties),
  "alpha",
  "beta",
  "stable",
  "name",
  "components",
  "Title",
  "kep_number",
  "<<",
  "",
];

/** Values that trip YAML readers: numbers that must stay text, nulls, flow openers, anchors, separators, odd bytes. */
export const yamlValueFragments: readonly string[] = [
  "1.30",
  "0752",
  "v1.33",
  '"v1.33"',
  "'v1.32'",
  "~",
  "null",
  "NULL",
  "[",
  "]",
  "{",
  "}",
  "[a, b]",
  "{a: 1}",
  "[[[[",
  "&a",
  "*a",
  "&a x",
  "*b",
  "---",
  "...",
  "|",
  "|-",
  ">",
  ">+",
  "yes",
  "on",
  "true",
  "0x1F",
  "1e3",
  ".inf",
  "-",
  "- x",
  "? x",
  ": x",
  ":",
  "#c",
  " # comment",
  "!!str",
  "!!map",
  "!local",
  "%YAML 1.2",
  "@alice",
  '"@bob"',
  "`x`",
  "\t",
  "é",
  "日本",
  "😀",
  "\u0000",
  "\u2028",
  "\ufeff",
  "\u00a0",
  '"\\u0000"',
  '"a\\n\\n@x <b>"',
  '"\\r"',
  '"unterminated',
  "'it''s'",
  "<script>alert(1)</script>",
  "implementable",
  "sig-node",
  "4242",
  "2025-01-15",
];

const lineEnding = fc.constantFrom("\n", "\n", "\n", "\n", "\r\n", "\r");

/** One line of YAML-ish text: indentation, maybe a list dash, maybe a key, some value fragments. */
export const yamlishLine: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom("", "", "", "  ", "    ", " ", "\t", "      "),
    fc.constantFrom("", "", "", "- ", "-", "? "),
    fc.option(fc.oneof(fc.constantFrom(...kepKeys), fc.string({ maxLength: 8 })), { nil: undefined }),
    fc.constantFrom(": ", ":", " : ", ":\t"),
    fc.array(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...yamlValueFragments) }, { weight: 1, arbitrary: fc.string({ maxLength: 10, unit: "binary" }) }), { maxLength: 3 }),
  )
  .map(([indent, dash, key, colon, values]) => `${indent}${dash}${key === undefined ? "" : `${key}${colon}`}${values.join(" ")}`);

/** YAML-ish text: lines of fragments joined by a mix of LF, CRLF and lone CR. */
export const yamlishText: fc.Arbitrary<string> = fc
  .array(fc.tuple(yamlishLine, lineEnding), { maxLength: 40 })
  .map((lines) => lines.map(([line, end]) => line + end).join(""));

/** Anything at all: printable, binary (lone surrogates, NUL), or YAML-ish. */
export const anyText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ maxLength: 200, unit: "binary" }),
  fc.string({ maxLength: 200, unit: "grapheme" }),
  yamlishText,
);

// ---------------------------------------------------------------------------------------------------
// Line mutations of a valid file

/** Values that keep a file valid YAML but change what it says: the states, stages and milestones rules judge. */
export const semanticValues: readonly string[] = [
  ...["provisional", "implementable", "implemented", "deferred", "rejected", "withdrawn", "replaced", "bogus"],
  ...["alpha", "beta", "stable", "deprecated", "disabled", "removed", "gamma"],
  ...['"v1.21"', '"v1.20"', '"v1.33"', '"v1.36"', "v1.40", "1.30", '"0.0"', "v2.0", '"v1.33.1"', '"v1.x"'],
  ...["2025-01-15", "2025-13-45", "yesterday", "sig-node", "sig-apps", "sig-unknown", "wg-batch", "4242", "0042", "4243", "abc"],
  ...["true", "false", "yes", "off", "~", '""', "[]", "{}", '"@alice"', '"@wojtek-t"', '"@deads2k"', '"@nobody"', "\n  - sig-apps\n  - sig-node"],
];

export type Mutation =
  | { readonly kind: "set-value"; readonly at: number; readonly value: string }
  | { readonly kind: "delete"; readonly at: number }
  | { readonly kind: "duplicate"; readonly at: number }
  | { readonly kind: "insert"; readonly at: number; readonly line: string }
  | { readonly kind: "replace"; readonly at: number; readonly line: string }
  | { readonly kind: "swap"; readonly at: number; readonly other: number }
  | { readonly kind: "append"; readonly at: number; readonly text: string };

/** Line mutations whose new lines come from `line` and whose appended text comes from `text`. */
export function mutationWith(line: fc.Arbitrary<string>, text: fc.Arbitrary<string>, setValueWeight = 6): fc.Arbitrary<Mutation> {
  return fc.oneof(
    { weight: setValueWeight, arbitrary: fc.record({ kind: fc.constant("set-value" as const), at: fc.nat(), value: fc.constantFrom(...semanticValues) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("delete" as const), at: fc.nat() }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("duplicate" as const), at: fc.nat() }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), line }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("replace" as const), at: fc.nat(), line }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("swap" as const), at: fc.nat(), other: fc.nat() }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("append" as const), at: fc.nat(), text }) },
  );
}

/** Mutations of YAML files: mostly value changes, some structural damage. */
export const mutation: fc.Arbitrary<Mutation> = mutationWith(yamlishLine, fc.constantFrom(...yamlValueFragments));

/** Applies line mutations to `text`; `crlf` re-joins the lines with CRLF. */
export function mutate(text: string, mutations: readonly Mutation[], crlf = false): string {
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  for (const change of mutations) {
    const at = lines.length === 0 ? 0 : change.at % lines.length;
    switch (change.kind) {
      case "set-value": {
        // The value of the `at`-th line that has one (`key: value` or `- value`), keeping its indentation.
        const valued = [...lines.keys()].filter((index) => /^\s*(-\s+)?([^:#\s][^:]*:\s|-\s)/.test(lines[index] ?? ""));
        const index = valued[change.at % Math.max(1, valued.length)];
        if (index === undefined) break;
        const line = lines[index] ?? "";
        const head = /^(\s*(?:-\s+)?(?:[^:#\s][^:]*:\s+)?)/.exec(line)?.[1] ?? "";
        lines.splice(index, 1, ...`${head}${change.value}`.split("\n"));
        break;
      }
      case "delete":
        lines.splice(at, 1);
        break;
      case "duplicate":
        if (lines[at] !== undefined) lines.splice(at, 0, lines[at]);
        break;
      case "insert":
        lines.splice(at, 0, change.line);
        break;
      case "replace":
        lines.splice(at, 1, change.line);
        break;
      case "swap": {
        const other = lines.length === 0 ? 0 : change.other % lines.length;
        const [a, b] = [lines[at], lines[other]];
        if (a !== undefined && b !== undefined) [lines[at], lines[other]] = [b, a];
        break;
      }
      case "append":
        if (lines[at] !== undefined) lines[at] = `${lines[at]} ${change.text}`;
        break;
    }
  }
  return lines.map((line) => `${line}${crlf ? "\r\n" : "\n"}`).join("");
}

/**
 * Inserts a second `key: value` entry for a key the top-level map already has, at a top-level boundary
 * (before a line that starts in column 0, or at the end). `spelling` picks how the key is written.
 */
export function withDuplicateKey(text: string, pick: number, where: number, spelling: number, value: string): { text: string; key: string } {
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  const keys = lines.flatMap((line) => /^([a-z][a-z-]*):/.exec(line)?.[1] ?? []);
  const key = keys[pick % keys.length] ?? "title";
  const boundaries = [...lines.keys()].filter((index) => /^\S/.test(lines[index] ?? "")).concat(lines.length);
  const at = boundaries[where % boundaries.length] ?? lines.length;
  const spelled = [key, `"${key}"`, `'${key}'`, `${key}  `, `"\\x${key.charCodeAt(0).toString(16)}${key.slice(1)}"`][spelling % 5];
  lines.splice(at, 0, `${spelled}: ${value}`);
  return { text: lines.map((line) => `${line}\n`).join(""), key };
}

// ---------------------------------------------------------------------------------------------------
// Markdown-ish text

/** Whitespace runs long enough to expose super-linear regexes, short enough to keep a run cheap. */
export const whitespaceRun: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom(" ", "\t", " \t"), fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 0, max: 8 }) }, { weight: 1, arbitrary: fc.integer({ min: 100, max: 1500 }) }))
  .map(([unit, count]) => unit.repeat(count));

export const markdownFragments: readonly string[] = [
  "# KEP-4242: Sidecar restarts",
  "# KEP-1:",
  "# KEP 17 —",
  "#",
  "## Summary",
  "### Feature Enablement and Rollback",
  "## Production Readiness Review Questionnaire",
  "#######",
  "## Heading ##",
  "Setext",
  "===",
  "---",
  "<!-- toc -->",
  "<!-- /toc -->",
  "<!--",
  "-->",
  "- [Summary](#summary)",
  "  - [Dependencies](#dependencies)",
  "```",
  "```go",
  "~~~",
  "````",
  "    indented code",
  "> quote",
  "> # quoted heading",
  "* item",
  "1. item",
  "| a | b |",
  "|---|---|",
  "[ref]: https://example.com",
  "[link](https://x) ![img](y) <https://auto>",
  "*em* **strong** _u_ `code` ``co`de``",
  "&amp; &#x20; &bogus;",
  "<div>",
  "</div>",
  "<script>alert(1)</script>",
  "\\# not a heading",
  "@alice /label x",
  "\r",
  "\u2028",
  "日本語 😀",
  "",
];

/** One markdown-ish line: fragments and whitespace runs, sometimes with a lone CR inside. */
export const markdownLine: fc.Arbitrary<string> = fc
  .array(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...markdownFragments) }, { weight: 1, arbitrary: whitespaceRun }, { weight: 1, arbitrary: fc.string({ maxLength: 12 }) }), { minLength: 1, maxLength: 6 })
  .map((parts) => parts.join(""));

export const markdownText: fc.Arbitrary<string> = fc
  .array(fc.tuple(markdownLine, lineEnding), { maxLength: 60 })
  .map((lines) => lines.map(([line, end]) => line + end).join(""));

/** Mutations of markdown files: lines deleted, duplicated, swapped, or replaced by markdown-ish lines. */
export const markdownMutation: fc.Arbitrary<Mutation> = mutationWith(markdownLine, fc.constantFrom(...markdownFragments), 1);

