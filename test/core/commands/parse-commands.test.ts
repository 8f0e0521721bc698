import { describe, expect, test } from "@jest/globals";
import { maxCommandsPerComment, parseCommands, scanCommands } from "../../../src/core/commands/parse-commands.js";

/** name, args and line of each command: what the cases compare (raw has its own cases). */
type Brief = [name: string, args: string, line: number];

function brief(body: string): Brief[] {
  return parseCommands(body).map(({ name, args, line }) => [name, args, line]);
}

const fence = "```";

const cases: { name: string; body: string; expected: Brief[] }[] = [
  { name: "empty body", body: "", expected: [] },
  { name: "only whitespace", body: "  \n\t\n", expected: [] },
  { name: "simple command", body: "/lead-opted-in", expected: [["lead-opted-in", "", 1]] },
  { name: "command with args", body: "/label kind/feature", expected: [["label", "kind/feature", 1]] },
  { name: "args are trimmed", body: "/label \t kind/feature  \t", expected: [["label", "kind/feature", 1]] },
  { name: "tab between name and args", body: "/label\tkind/feature", expected: [["label", "kind/feature", 1]] },
  { name: "several commands in one comment", body: "Thanks!\n/label kind/feature\n\n/prr-approver @jane-doe\n/help", expected: [["label", "kind/feature", 2], ["prr-approver", "@jane-doe", 4], ["help", "", 5]] },
  { name: "the same command twice is returned twice", body: "/label a\n/label a", expected: [["label", "a", 1], ["label", "a", 2]] },
  { name: "CRLF line ends", body: "hi\r\n/label x\r\n/help\r\n", expected: [["label", "x", 2], ["help", "", 3]] },
  { name: "lone CR line ends", body: "hi\r/label x\r/help", expected: [["label", "x", 2], ["help", "", 3]] },
  { name: "up to 3 leading spaces", body: " /help\n  /help\n   /help", expected: [["help", "", 1], ["help", "", 2], ["help", "", 3]] },
  { name: "upper-case name is lower-cased, args keep their case", body: "/LABEL Kind/Feature\n/Lead-Opted-In", expected: [["label", "Kind/Feature", 1], ["lead-opted-in", "", 2]] },
  { name: "/kepbot recheck is kepbot with args recheck", body: "/kepbot recheck", expected: [["kepbot", "recheck", 1]] },
  { name: "unknown names are returned (the registry decides)", body: "/frobnicate now", expected: [["frobnicate", "now", 1]] },
  { name: "/label with no argument", body: "/label", expected: [["label", "", 1]] },
  { name: "/label with only trailing spaces", body: "/label   ", expected: [["label", "", 1]] },
  { name: "unicode args: emoji", body: "/label 🚀", expected: [["label", "🚀", 1]] },
  { name: "unicode args: accented", body: "/label sig/nödé", expected: [["label", "sig/nödé", 1]] },
  { name: "non-breaking space separates name and args", body: "/label\u00a0x", expected: [["label", "x", 1]] },
  { name: "a byte-order mark does not hide the first line", body: "\uFEFF/help", expected: [["help", "", 1]] },

  { name: "text before the slash", body: "please /lead-opted-in", expected: [] },
  { name: "inline code span", body: "run `/lead-opted-in` when ready", expected: [] },
  { name: "path-like token /usr/bin", body: "/usr/bin/env node", expected: [] },
  { name: "path-like token /keps/sig-node", body: "/keps/sig-node/1234-foo is the KEP", expected: [] },
  { name: "name glued to punctuation", body: "/lgtm.\n/label: x\n/help!", expected: [] },
  { name: "non-ASCII in the name", body: "/lábel x", expected: [] },
  { name: "emoji glued to the name", body: "/label🚀", expected: [] },
  { name: "a bare slash", body: "/\n/ label x", expected: [] },
  { name: "a zero-width space before the slash", body: "\u200b/help", expected: [] },

  { name: "backtick fence", body: `${fence}\n/lead-opted-in\n${fence}\n/help`, expected: [["help", "", 4]] },
  { name: "tilde fence", body: "~~~\n/lead-opted-in\n~~~\n/help", expected: [["help", "", 4]] },
  { name: "fence with an info string", body: `${fence}sh\n/label x\n${fence}\n/help`, expected: [["help", "", 4]] },
  { name: "longer fence is not closed by a shorter one", body: "````\n```\n/label x\n````\n/help", expected: [["help", "", 5]] },
  { name: "tilde fence is not closed by backticks", body: `~~~\n${fence}\n/label x\n~~~\n/help`, expected: [["help", "", 5]] },
  { name: "closing fence with trailing text does not close", body: `${fence}\n${fence} not a close\n/label x\n${fence}\n/help`, expected: [["help", "", 5]] },
  { name: "indented fence (up to 3 spaces)", body: "   ```\n/label x\n   ```\n/help", expected: [["help", "", 4]] },
  { name: "a longer closing fence closes", body: "```\n/label x\n`````\n/help", expected: [["help", "", 4]] },
  { name: "a tilde fence may have backticks in its info string", body: "~~~ `sh`\n/label x\n~~~\n/help", expected: [["help", "", 4]] },
  { name: "a closing fence indented 4 spaces does not close", body: "```\n    ```\n/label x", expected: [] },
  { name: "unclosed fence runs to the end", body: `/help\n${fence}\n/label x\n/lead-opted-in`, expected: [["help", "", 1]] },
  { name: "backticks with a backtick in the info string are not a fence", body: "```x```\n/help", expected: [["help", "", 2]] },
  { name: "two backticks are not a fence", body: "``\n/help", expected: [["help", "", 2]] },
  { name: "fence inside an HTML comment does not open", body: "<!--\n```\n-->\n/help", expected: [["help", "", 4]] },

  // Fences inside list items (CommonMark's container blocks): the item's content column is where the fence stands.
  { name: "a fence inside a list item hides its commands", body: "- item\n  ```\n  /lead-opted-in\n  ```\n/help", expected: [["help", "", 5]] },
  { name: "a fence opened on the list marker's line hides its commands", body: "- ```\n  /lead-opted-in\n  ```\n/help", expected: [["help", "", 4]] },
  { name: "a tilde fence opened on an ordered item's line", body: "1. ~~~\n   /lead-opted-in\n   ~~~\n/help", expected: [["help", "", 4]] },
  { name: "a fence on a nested item's marker line", body: "- - ```\n    /lead-opted-in\n    ```\n/help", expected: [["help", "", 4]] },
  { name: "a fence indented 4 columns inside a list item is a fence, not indented code", body: "- item\n    ```\n  /lead-opted-in\n    ```\n/help", expected: [["help", "", 5]] },
  { name: "a fence in a nested list item", body: "- a\n  - b\n     ~~~\n    /label x\n     ~~~\n/help", expected: [["help", "", 6]] },
  { name: "a lazy paragraph line keeps the list item open for the fence after it", body: "- item\nlazy\n    ```\n  /lead-opted-in\n    ```\n/help", expected: [["help", "", 6]] },
  { name: "a fence in a list item after a blank line", body: "* item\n\n    ```\n  /label x\n    ```\n/help", expected: [["help", "", 6]] },
  { name: "a line left of the item's content ends the item and its fence", body: "- ```\n/help\n", expected: [["help", "", 2]] },
  { name: "a list item whose content is indented code is not a fence", body: "-      ```\n  /help", expected: [["help", "", 2]] },
  { name: "a thematic break is not a list item", body: "- - -\n    ```\n/help", expected: [["help", "", 3]] },
  { name: "a 2. cannot interrupt a paragraph, so its fence is text", body: "text\n2. ```\n/help", expected: [["help", "", 3]] },

  { name: "indented code (4 spaces)", body: "    /lead-opted-in", expected: [] },
  { name: "indented code (a tab)", body: "\t/lead-opted-in", expected: [] },
  { name: "indented code (2 spaces and a tab)", body: "  \t/lead-opted-in", expected: [] },
  { name: "an indented fence is code, not a fence", body: "    ```\n/help", expected: [["help", "", 2]] },

  { name: "quoted line", body: "> /lead-opted-in\n/help", expected: [["help", "", 2]] },
  { name: "quoted line without a space", body: ">/lead-opted-in", expected: [] },
  { name: "nested quote", body: "> > /lead-opted-in\n>> /label x", expected: [] },
  { name: "indented quote", body: "   > /lead-opted-in", expected: [] },

  { name: "HTML comment on one line", body: "<!-- /lead-opted-in -->\n/help", expected: [["help", "", 2]] },
  { name: "HTML comment over several lines", body: "<!--\n/lead-opted-in\n/label x\n-->\n/help", expected: [["help", "", 5]] },
  { name: "two HTML comments on one line", body: "<!-- a --><!-- /lead-opted-in --> /help", expected: [["help", "", 1]] },
  { name: "text between two comments stays visible", body: "<!-- a -->/label x<!-- b -->", expected: [["label", "x", 1]] },
  { name: "command after a multi-line comment closes", body: "<!-- note\nstill hidden /help\n--> /label x", expected: [["label", "x", 3]] },
  { name: "comment reopened on its closing line", body: "<!-- a\n--> <!-- b\n/lead-opted-in\n-->\n/help", expected: [["help", "", 5]] },
  { name: "<!--> opens a comment but does not close it (as in Prow's label plugin)", body: "<!-->\n/label x\n-->\n/help", expected: [["help", "", 4]] },
  { name: "unclosed HTML comment runs to the end", body: "/help\n<!-- template\n/lead-opted-in", expected: [["help", "", 1]] },
  { name: "comment opened mid-line hides the next lines", body: "See below <!--\n/lead-opted-in\n-->", expected: [] },
  { name: "an HTML comment inside a fence is code", body: "```\n<!--\n```\n/help", expected: [["help", "", 4]] },
  { name: "an HTML comment inside a quote ends with the quote", body: "> <!--\n/help", expected: [["help", "", 2]] },
  { name: "text before a comment on the same line", body: "please <!-- x --> /lead-opted-in", expected: [] },
];

describe("parseCommands", () => {
  test.each(cases)("$name", ({ body, expected }) => {
    expect(brief(body)).toEqual(expected);
  });
});

describe("raw is the command as written, for quoting in replies", () => {
  test.each([
    { name: "plain", body: "/label kind/feature", raw: "/label kind/feature" },
    { name: "case and inner spacing kept", body: "/LABEL   Kind/Feature", raw: "/LABEL   Kind/Feature" },
    { name: "leading spaces, trailing spaces and CR dropped", body: "  /help  \r\n", raw: "/help" },
    { name: "HTML comments removed", body: "/label x <!-- why -->", raw: "/label x" },
  ])("$name", ({ body, raw }) => {
    expect(parseCommands(body).map((command) => command.raw)).toEqual([raw]);
  });
});

describe("bounded work", () => {
  test(`more than ${maxCommandsPerComment} commands are capped and the scan says so`, () => {
    const body = Array.from({ length: 200 }, (_, index) => `/label l${index}`).join("\n");
    const scan = scanCommands(body);
    expect(scan.commands).toHaveLength(maxCommandsPerComment);
    expect(scan.truncated).toBe(true);
    expect(scan.commands.at(-1)).toMatchObject({ args: `l${maxCommandsPerComment - 1}`, line: maxCommandsPerComment });
    expect(parseCommands(body)).toHaveLength(maxCommandsPerComment);
  });

  test(`exactly ${maxCommandsPerComment} commands are not truncated`, () => {
    const body = Array.from({ length: maxCommandsPerComment }, () => "/help").join("\n");
    expect(scanCommands(body)).toMatchObject({ truncated: false, commands: { length: maxCommandsPerComment } });
  });

  // Each body is shaped to defeat a naive parser: rescanning for a closing marker per line, or a backtracking regex.
  const large: { name: string; body: string; commands: number }[] = [
    { name: "a 10,000-line comment", body: Array.from({ length: 10_000 }, (_, index) => (index % 100 === 0 ? "/help" : `line ${index} with /slashes and text`)).join("\n"), commands: maxCommandsPerComment },
    { name: "10,000 lines of unclosed comment openers", body: "<!-- /help\n".repeat(10_000), commands: 0 },
    { name: "200,000 backtick lines that are not fences", body: "```x`\n".repeat(200_000), commands: 0 },
    { name: "500,000 lines of a bare slash", body: "/\n".repeat(500_000), commands: 0 },
    { name: "a million empty lines (LF)", body: "\n".repeat(1_000_000), commands: 0 },
    { name: "a million empty lines (lone CR)", body: "\r".repeat(1_000_000), commands: 0 },
    { name: "110,000 comments opened and closed on their own lines", body: "<!--\n-->\n".repeat(110_000), commands: 0 },
    { name: "a 1 MB single line", body: `/label ${"a ".repeat(500_000)}`, commands: 1 },
    { name: "a 1 MB line of comment openers", body: `${"<!--".repeat(250_000)}\n/help`, commands: 0 },
    { name: "a 1 MB line of comments", body: `${"<!--x-->".repeat(125_000)}/help`, commands: 1 },
    { name: "a 1 MB line of backticks then a line separator", body: `${"`".repeat(1_000_000)}\u2028\n/help`, commands: 0 },
    { name: "1 MB of CRLF blank lines", body: "\r\n".repeat(500_000), commands: 0 },
    { name: "a 1 MB line of nested list markers that is no thematic break", body: `${"- ".repeat(500_000)}x\n/help`, commands: 1 },
    { name: "a 1 MB line of nested ordered markers", body: `${"1. ".repeat(333_000)}x\n/help`, commands: 1 },
    { name: "100,000 nested items, then lines indented past all of them", body: `${"- ".repeat(100_000)}x\n${" ".repeat(100)}y\n`.repeat(5), commands: 0 },
  ];

  test.each(large)("$name parses quickly", ({ body, commands }) => {
    const started = performance.now();
    const parsed = parseCommands(body);
    // Loose on purpose (shared CI machines); the real budget is well under 100 ms.
    expect(performance.now() - started).toBeLessThan(1000);
    expect(parsed).toHaveLength(commands);
  });
});
