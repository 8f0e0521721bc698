import { afterAll, describe, expect, test } from "@jest/globals";
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { corpusDir } from "./helpers/corpus.js";

/**
 * The README's examples run as written: every ```sh block is either run here or set aside below with the
 * reason. A block that starts with `npx kepbot` runs whole, line by line, in order (`cp` and `git` lines
 * set up its repository); in the others only the `npx kepbot` lines run. `npx kepbot` is the built CLI
 * (bin/kepbot.js, as `npx` finds it in a checkout), the working directory a temporary copy of the example
 * (as `examples/enhancements`, beside the unpacked corpus), and `/tmp/enh` a fresh temporary path. The exit
 * status is the one the line's comment documents (`exit N`), else 0, and no line may be refused as a usage
 * error (an unknown option, a missing argument).
 */
const root = process.cwd();
const readme = readFileSync("README.md", "utf8");

/** How a block that does not start with `npx kepbot` is treated, by the start of its first command. */
const otherBlocks: readonly [string, "its kepbot lines" | `set aside: ${string}`][] = [
  ["npm ci", "its kepbot lines"], // npm ci and npm test are what runs this test
  ["npm run corpus", "its kepbot lines"], // the tests' global setup has unpacked the corpus
  ["git clone https://", "set aside: clones kubernetes/enhancements and kubernetes/community from GitHub"],
  ["export APP_ID=", "set aside: starts the GitHub App against GitHub"],
  ["gh issue list", "set aside: reads issues from GitHub"],
  ["GITHUB_TOKEN=", "set aside: edits issues on GitHub (test/app/tracking-extras.test.ts runs it against the stand-in)"],
];

interface Line {
  readonly command: string;
  readonly comment: string;
}

/** The commands of a block: continuation lines joined, each command's trailing `# comment` apart. */
function commandsOf(block: string): Line[] {
  return block
    .replace(/\\\n\s*/g, " ")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"))
    .map((line) => {
      const at = line.search(/\s#\s/);
      return at < 0 ? { command: line, comment: "" } : { command: line.slice(0, at).trim(), comment: line.slice(at).trim() };
    });
}

const blocks = [...readme.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map((match) => commandsOf(match[1] ?? ""));
const isKepbot = (line: Line) => line.command.startsWith("npx kepbot ");

const cleanups: (() => void)[] = [];
afterAll(() => cleanups.forEach((cleanup) => cleanup()));

/** A working directory laid out like the checkout, for one block. */
function workspace() {
  const dir = mkdtempSync(path.join(tmpdir(), "kepbot-readme-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(path.join(dir, "examples"));
  cpSync(path.join(root, "examples/enhancements"), path.join(dir, "examples/enhancements"), { recursive: true });
  mkdirSync(path.join(dir, ".corpus"));
  symlinkSync(corpusDir, path.join(dir, ".corpus/enhancements"));
  return dir;
}

function run(line: Line, cwd: string) {
  const shell = line.command.replace(/^npx kepbot /, `node ${JSON.stringify(path.join(root, "bin/kepbot.js"))} `).replace(/\/tmp\/enh\b/g, path.join(cwd, "enh"));
  const identity = { GIT_AUTHOR_NAME: "readme", GIT_AUTHOR_EMAIL: "readme@kepbot.invalid", GIT_COMMITTER_NAME: "readme", GIT_COMMITTER_EMAIL: "readme@kepbot.invalid" };
  const env = { ...process.env, ...identity, NO_COLOR: "1", GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: "/dev/null", NODE_OPTIONS: "" };
  return spawnSync("bash", ["-c", shell], { cwd, encoding: "utf8", env, timeout: 60_000 });
}

const expectedStatus = (line: Line) => Number(/\bexit (\d)\b/.exec(line.comment)?.[1] ?? 0);

describe("README.md's example commands", () => {
  test("every sh block is run here or set aside with a reason", () => {
    const unknown = blocks.filter((block) => !isKepbot(block[0] ?? { command: "", comment: "" }) && !otherBlocks.some(([start]) => block[0]?.command.startsWith(start)));
    expect(unknown.map((block) => block[0]?.command)).toEqual([]);
    // The walk-throughs this test exists for are there.
    expect(blocks.flat().filter(isKepbot).length).toBeGreaterThanOrEqual(10);
  });

  const runnable = blocks.flatMap((block, index) => {
    const first = block[0];
    if (!first) return [];
    if (isKepbot(first)) return [{ name: `block ${index + 1} (${first.command})`, lines: block }];
    const how = otherBlocks.find(([start]) => first.command.startsWith(start))?.[1];
    return how === "its kepbot lines" ? [{ name: `block ${index + 1} (${first.command}): its kepbot lines`, lines: block.filter(isKepbot) }] : [];
  });

  test.each(runnable)("$name runs as documented", ({ lines }) => {
    const cwd = workspace();
    for (const line of lines) {
      const result = run(line, cwd);
      const seen = { command: line.command, status: result.status, stderr: result.stderr };
      expect(seen).toEqual({ command: line.command, status: expectedStatus(line), stderr: expect.not.stringMatching(/unknown option|unknown command|too many arguments|missing required argument|^error: |^Usage:/m) });
    }
  }, 120_000);
});
