import { describe, expect, test } from "@jest/globals";
import fc from "fast-check";
import { maxCommandsPerComment, parseCommands, scanCommands } from "../../src/core/commands/parse-commands.js";
import { lineCount, params, parserBudgetMs, timed } from "./fuzz-support.js";

/**
 * Comment bodies are built from blocks whose meaning is known: visible command lines (the only lines
 * that may be returned), prose, and commands hidden in fences, quotes, indented code and HTML comments.
 * The scanner's answer is compared with that model.
 */

interface Expected {
  readonly name: string;
  readonly args: string;
  readonly raw: string;
}

interface Block {
  readonly lines: readonly string[];
  /** For each line, the command it must yield, if any. */
  readonly commands: readonly (Expected | undefined)[];
}

const commandName = fc.stringMatching(/^[A-Za-z0-9-]{1,12}$/);
/** Arguments: anything on one line without `<` or `>` (so no `<!--` or `-->` opens or closes a comment mid-command). */
const commandArgs = fc.string({ maxLength: 30, unit: "binary" }).map((args) => args.replace(/[\r\n<>]/g, ""));

const command = fc.tuple(commandName, fc.constantFrom(" ", "\t", "  "), commandArgs, fc.boolean()).map(([name, separator, args, withArgs]) => {
  const raw = withArgs ? `/${name}${separator}${args}` : `/${name}`;
  return { text: raw, expected: { name: name.toLowerCase(), args: withArgs ? `${separator}${args}`.trim() : "", raw: raw.trimEnd() } };
});

/** Prose: never starts with `/`, never opens a fence, a quote, indented code or a comment. */
const prose = fc.constantFrom(
  "Thanks for the review!",
  "see /label x in the docs",
  "path /usr/bin is fine",
  "@alice please /approve",
  "a `/label inline` code span",
  "stray --> close",
  "<b>bold</b> and <img src=x onerror=alert(1)>",
  "``not a fence",
  "~~ nor this",
  "# /heading",
  "日本語 😀",
  "",
  "   ",
);

function visible(text: string, expected?: Expected): Block {
  return { lines: [text], commands: [expected] };
}
function hidden(...lines: string[]): Block {
  return { lines, commands: lines.map(() => undefined) };
}

/**
 * A list item, perhaps with a fence in it (on the marker's line, or on its own line up to 3 columns past the
 * item's content). A thematic break at the end closes the item, so that the next block stands on its own.
 */
const listItem: fc.Arbitrary<Block> = fc
  .tuple(fc.constantFrom("- ", "* ", "1. ", "10) ", "- - "), fc.constantFrom("`", "~"), fc.constantFrom("none", "marker line", "own line"), fc.integer({ min: 0, max: 3 }), fc.array(command, { minLength: 1, maxLength: 2 }))
  .map(([marker, fenceChar, where, extra, commands]) => {
    const content = " ".repeat(marker.length);
    const fence = fenceChar.repeat(3);
    const inside = commands.map(({ text }) => `${content}${text}`);
    if (where === "none") return hidden(`${marker}/list item`, "***");
    const lines = where === "marker line" ? [`${marker}${fence}`, ...inside, `${content}${fence}`, "***"] : [`${marker}item`, `${content}${" ".repeat(extra)}${fence}`, ...inside, `${content}${fence}`, "***"];
    return hidden(...lines);
  });

const block: fc.Arbitrary<Block> = fc.oneof(
  { weight: 1, arbitrary: listItem },
  { weight: 4, arbitrary: fc.tuple(fc.constantFrom("", " ", "  ", "   "), command).map(([indent, { text, expected }]) => visible(`${indent}${text}`, expected)) },
  { weight: 3, arbitrary: prose.map((text) => visible(text)) },
  // A closed one-line comment before a command leaves the command visible.
  { weight: 1, arbitrary: command.map(({ text, expected }) => visible(`<!-- note -->${text}`, expected)) },
  { weight: 1, arbitrary: command.map(({ text }) => hidden(`<!-- ${text} -->`)) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(">", "> ", ">> ", " > "), command).map(([quote, { text }]) => hidden(`${quote}${text}`)) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom("    ", "\t", "  \t", "     "), command).map(([indent, { text }]) => hidden(`${indent}${text}`)) },
  {
    weight: 1,
    arbitrary: fc.array(command, { minLength: 1, maxLength: 3 }).map((commands) => hidden("<!--", ...commands.map(({ text }) => text), "-->")),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        fc.constantFrom("`", "~"),
        fc.integer({ min: 3, max: 5 }),
        fc.constantFrom("", "go", " yaml", "suggestion"),
        fc.constantFrom("", " ", "   "),
        fc.array(fc.oneof(command.map(({ text }) => text), fc.constantFrom("<!--", "-->", "``", "~~", "> /hold", "```` not closing")), { maxLength: 4 }),
        fc.integer({ min: 0, max: 2 }),
      )
      .map(([marker, length, info, indent, content, extra]) => {
        const other = marker === "`" ? "~" : "`";
        // Content never closes the fence: a shorter run, or the other marker, or text after the run.
        const inner = content.map((line) => (/^(`{3,}|~{3,})\s*$/.test(line) ? `${line} x` : line)).concat(`${other.repeat(length)}`, `${marker.repeat(length - 1)}`);
        return hidden(`${indent}${marker.repeat(length)}${info}`, ...inner, `${marker.repeat(length + extra)}`);
      }),
  },
);

/** One line-ending style per body: mixing them could turn a lone CR and the next LF into one CRLF. */
const lineEnding = fc.constantFrom("\n", "\n", "\r\n", "\r");

interface Body {
  readonly body: string;
  readonly expected: readonly (Expected & { readonly line: number })[];
}

/** A body from blocks; sometimes an unclosed fence or comment at the end hides everything after it. */
const body: fc.Arbitrary<Body> = fc
  .tuple(fc.array(block, { maxLength: 30 }), lineEnding, fc.boolean(), fc.constantFrom("", "```", "~~~~", "<!--"), fc.array(command, { maxLength: 3 }))
  .map(([blocks, ending, bom, unclosed, tail]) => {
    const lines: string[] = [];
    const expected: (Expected & { line: number })[] = [];
    for (const { lines: blockLines, commands } of blocks) {
      blockLines.forEach((line, index) => {
        const command = commands[index];
        if (command) expected.push({ ...command, line: lines.length + 1 });
        lines.push(line);
      });
    }
    if (unclosed !== "") lines.push(unclosed, ...tail.map(({ text }) => text));
    const text = lines.join(ending);
    return { body: `${bom ? "\ufeff" : ""}${text}`, expected };
  });

/** Many command lines, to cross the per-comment limit. */
const crowded: fc.Arbitrary<Body> = fc.tuple(fc.integer({ min: 40, max: 120 }), command).map(([count, { text, expected }]) => ({
  body: Array.from({ length: count }, () => text).join("\n"),
  expected: Array.from({ length: count }, (_, index) => ({ ...expected, line: index + 1 })),
}));

/** Fragments with no model: whatever they make, only the invariants must hold. */
const soup = fc
  .array(
    fc.oneof(
      fc.constantFrom("/label x", "/LGTM", " /hold", "    /x", "> /y", "```", "~~~", "````", "<!--", "-->", "<!-- /z -->", "\n", "\r\n", "\r", "\ufeff", "\t", "/", "//", "/-", "/é", "\u2028"),
      fc.string({ maxLength: 10, unit: "binary" }),
    ),
    { maxLength: 60 },
  )
  .map((parts) => parts.join(""));

function expectInvariants(text: string): void {
  const { commands, truncated } = timed(parserBudgetMs, () => scanCommands(text));
  expect(commands.length).toBeLessThanOrEqual(maxCommandsPerComment);
  if (truncated) expect(commands.length).toBe(maxCommandsPerComment);
  const lines = lineCount(text);
  let previous = 0;
  for (const parsed of commands) {
    expect(parsed.line).toBeGreaterThan(previous);
    expect(parsed.line).toBeLessThanOrEqual(lines);
    previous = parsed.line;
    expect(parsed.name).toMatch(/^[a-z0-9-]+$/);
    expect(parsed.raw.startsWith("/")).toBe(true);
    expect(parsed.raw).not.toMatch(/[\r\n]/);
    expect(parsed.raw).not.toContain("<!--");
    expect(parsed.args).toBe(parsed.args.trim());
  }
}

describe("comment command fuzzing", () => {
  test("commands: exactly the visible command lines are returned, never those in fences, quotes, code or comments", () => {
    fc.assert(
      fc.property(fc.oneof({ weight: 5, arbitrary: body }, { weight: 1, arbitrary: crowded }), ({ body: text, expected }) => {
        const scan = timed(parserBudgetMs, () => scanCommands(text));
        const want = expected.slice(0, maxCommandsPerComment);
        expect(scan.commands.map(({ name, args, raw, line }) => ({ name, args, raw, line }))).toEqual(want.map(({ name, args, raw, line }) => ({ name, args, raw, line })));
        expect(scan.truncated).toBe(expected.length > maxCommandsPerComment);
        expectInvariants(text);
      }),
      params(200),
    );
  });

  test("commands: any body gives at most the limit of commands, each on a line of the body, never an exception", () => {
    fc.assert(fc.property(fc.oneof(soup, fc.string({ maxLength: 300, unit: "binary" })), expectInvariants), params(300));
  });

  test("commands: large repetitive bodies (up to ~1 MB) are scanned in linear time", () => {
    const big = fc.tuple(soup, fc.integer({ min: 1_000, max: 20_000 })).map(([unit, count]) => (unit === "" ? "/x\n" : unit).repeat(count).slice(0, 1 << 20));
    fc.assert(
      fc.property(big, (text) => {
        const commands = timed(parserBudgetMs, () => parseCommands(text));
        expect(commands.length).toBeLessThanOrEqual(maxCommandsPerComment);
      }),
      params(30),
    );
  });
});
