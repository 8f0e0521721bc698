import { describe, expect, test } from "@jest/globals";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { STALE_TOC_MESSAGE, checkToc, generateToc } from "../../../src/core/markdown/toc.js";
import { corpusDir } from "../../helpers/corpus.js";

/** A file with a TOC block followed by `body`; the TOC is what mdtoc would write unless given. */
function withToc(body: string, toc = generateToc(body)): string {
  return `# Title before the TOC\n\n<!-- toc -->\n${toc}<!-- /toc -->\n\n${body}`;
}

const body = [
  "# KEP-1234: Something",
  "",
  "## Summary",
  "",
  "text",
  "",
  "## Motivation",
  "",
  "### Goals",
  "",
  "### Non-Goals",
  "",
].join("\n");

const bodyToc = [
  "- [KEP-1234: Something](#kep-1234-something)",
  "  - [Summary](#summary)",
  "  - [Motivation](#motivation)",
  "    - [Goals](#goals)",
  "    - [Non-Goals](#non-goals)",
  "",
].join("\n");

interface Case {
  name: string;
  markdown: string;
  /** undefined: the TOC is up to date */
  problem?: { message: string; line: number; expected?: string };
}

const cases: Case[] = [
  {
    name: "up-to-date TOC",
    markdown: withToc(body, bodyToc),
  },
  {
    name: "whitespace around the TOC does not matter (compared after trimming)",
    markdown: withToc(body, `\n\n${bodyToc}\n   \n`),
  },
  {
    name: "stale TOC (a heading was renamed)",
    markdown: withToc(body.replace("## Summary", "## Summary of the change"), bodyToc),
    problem: { message: STALE_TOC_MESSAGE, line: 3, expected: bodyToc.replace("[Summary](#summary)", "[Summary of the change](#summary-of-the-change)") },
  },
  {
    name: "stale TOC (an entry is missing)",
    markdown: withToc(body, bodyToc.replace("    - [Goals](#goals)\n", "")),
    problem: { message: STALE_TOC_MESSAGE, line: 3, expected: bodyToc },
  },
  {
    name: "stale TOC (wrong indentation)",
    markdown: withToc(body, bodyToc.replace("  - [Summary]", "- [Summary]")),
    problem: { message: STALE_TOC_MESSAGE, line: 3, expected: bodyToc },
  },
  {
    name: "empty TOC block for a document with headings",
    markdown: withToc(body, ""),
    problem: { message: STALE_TOC_MESSAGE, line: 3, expected: bodyToc },
  },
  {
    name: "missing opening tag",
    markdown: `# Title\n\n${bodyToc}<!-- /toc -->\n\n${body}`,
    problem: { message: "missing opening TOC tag", line: 1 },
  },
  {
    name: "missing closing tag",
    markdown: `# Title\n\n<!-- toc -->\n${bodyToc}\n\n${body}`,
    problem: { message: "missing closing TOC tag", line: 1 },
  },
  {
    name: "no tags at all",
    markdown: body,
    problem: { message: "missing opening TOC tag", line: 1 },
  },
  {
    name: "closing tag before the opening tag",
    markdown: `# Title\n\n<!-- /toc -->\n${bodyToc}<!-- toc -->\n\n${body}`,
    problem: { message: "TOC closing tag before start tag", line: 3 },
  },
  {
    name: "case-insensitive tags",
    markdown: `# Title\n\n<!-- TOC -->\n${bodyToc}<!-- /Toc -->\n\n${body}`,
  },
  {
    name: "tags need the exact spacing",
    markdown: `# Title\n\n<!--toc-->\n${bodyToc}<!-- /toc -->\n\n${body}`,
    problem: { message: "missing opening TOC tag", line: 1 },
  },
  {
    name: "headings before the opening tag are ignored (--skip-prefix)",
    markdown: `# Not in the TOC\n\n## Neither\n\n<!-- toc -->\n- [Only](#only)\n<!-- /toc -->\n\n## Only\n`,
  },
  {
    name: "indentation is relative to the smallest heading level after the tag",
    markdown: withToc("### Three\n\n#### Four\n\n### Three again\n", "- [Three](#three)\n  - [Four](#four)\n- [Three again](#three-again)\n"),
  },
  {
    name: "headings in fenced code blocks are ignored",
    markdown: withToc(
      "## Real\n\n```bash\n# not a heading\n## nor this\n```\n\n~~~\n# tilde fence\n~~~\n\n````md\n```\n# nested\n```\n````\n\n## Also real\n",
      "- [Real](#real)\n- [Also real](#also-real)\n",
    ),
  },
  {
    name: "headings in indented code blocks and HTML comments are ignored",
    markdown: withToc("## Real\n\n    # indented code\n\n<!--\n# commented out\n-->\n\n## Also real\n", "- [Real](#real)\n- [Also real](#also-real)\n"),
  },
  {
    name: "a fence right after a list item ends the list (as in gomarkdown since 2022)",
    markdown: withToc("## Steps\n\n1) Create a PVC:\n```\n$ cat pvc.yaml\n---\nkind: PersistentVolumeClaim\n```\n\n## Next\n", "- [Steps](#steps)\n- [Next](#next)\n"),
  },
  {
    name: "setext headings count; '#' needs a space; level 6 is beyond --max-depth=5 but still sets the base",
    markdown: withToc(
      "Setext One\n==========\n\nSetext Two\n----------\n\n#NoSpace\n\n###### Six\n\n##### Five\n",
      "- [Setext One](#setext-one)\n  - [Setext Two](#setext-two)\n        - [Five](#five)\n",
    ),
  },
  {
    name: "depth > 5 is excluded",
    markdown: withToc("# One\n## Two\n### Three\n#### Four\n##### Five\n###### Six\n", "- [One](#one)\n  - [Two](#two)\n    - [Three](#three)\n      - [Four](#four)\n        - [Five](#five)\n"),
  },
  {
    name: "duplicate headings get -1, -2",
    markdown: withToc("## Story\n\n## Story\n\n## Story\n\n## Story 1\n", "- [Story](#story)\n- [Story](#story-1)\n- [Story](#story-2)\n- [Story 1](#story-1)\n"),
  },
  {
    name: "inline code, links, emphasis and punctuation in headings",
    markdown: withToc(
      [
        "## The `kubectl debug` command",
        "## Add [CreateContainerRequest](https://github.com/k/k/blob/x/api.proto#L734)s to the API",
        "## **Bold** and _italic_ ~~gone~~",
        "## Upgrade / Downgrade: what's new? (v1.2.3) & more <br>",
        "## `validation-gen`'s Approach",
        "## Trailing hashes ##",
        "## Custom id {#custom}",
        "## Escaped \\* star and &amp; entity",
      ].join("\n\n"),
      [
        "- [The <code>kubectl debug</code> command](#the-kubectl-debug-command)",
        '- [Add <a href="https://github.com/k/k/blob/x/api.proto#L734">CreateContainerRequest</a>s to the API](#add-createcontainerrequests-to-the-api)',
        "- [<strong>Bold</strong> and <em>italic</em> <del>gone</del>](#bold-and-italic-gone)",
        "- [Upgrade / Downgrade: what's new? (v1.2.3) &amp; more <br>](#upgrade--downgrade-whats-new-v123--more-)",
        "- [<code>validation-gen</code>'s Approach](#validation-gens-approach)",
        "- [Trailing hashes](#trailing-hashes)",
        "- [Custom id](#custom-id)",
        "- [Escaped * star and &amp; entity](#escaped--star-and--entity)",
        "",
      ].join("\n"),
    ),
  },
  {
    name: "mdtoc's own weird headings (its testdata/weird_headings.md)",
    markdown: withToc(
      ["### !@#$&*^ headers!", "### TEST THIS!", "### -and-then-we-said_go", "### -------", "### **be _bold_**", "### don't go! {#forth}", "### bring it all out: !@#$%^&*(){}/=?+;:\"'`,.<> ok"].join("\n"),
      [
        "- [!@#$&amp;*^ headers!](#-headers)",
        "- [TEST THIS!](#test-this)",
        "- [-and-then-we-said_go](#-and-then-we-said_go)",
        "- [-------](#-------)",
        "- [<strong>be <em>bold</em></strong>](#be-bold)",
        "- [don't go!](#dont-go)",
        "- [bring it all out: !@#$%^&amp;*(){}/=?+;:&quot;'`,.&lt;&gt; ok](#bring-it-all-out--ok)",
        "",
      ].join("\n"),
    ),
  },
  {
    name: "headings nested in block quotes and list items count",
    markdown: withToc("> ## Quoted\n\n- item\n\n    ### In a list item\n", "- [Quoted](#quoted)\n  - [In a list item](#in-a-list-item)\n"),
  },
  {
    name: "reference-style links resolve against definitions after the TOC",
    markdown: withToc("## See [the docs][docs]\n\n[docs]: https://k8s.io/docs \"Docs\"\n", '- [See <a href="https://k8s.io/docs" title="Docs">the docs</a>](#see-the-docs)\n'),
  },
  {
    name: "non-ASCII characters are dropped from anchors but kept in the text",
    markdown: withToc("## Naïve café 😀 API\n", "- [Naïve café 😀 API](#nave-caf--api)\n"),
  },
  {
    name: "a document without headings needs an empty TOC",
    markdown: "intro\n\n<!-- toc -->\n<!-- /toc -->\n\njust text\n",
  },
  {
    name: "CRLF input with a one-line TOC passes (the comparison trims whitespace)",
    markdown: withToc("## Only\n", "- [Only](#only)\n").replace(/\n/g, "\r\n"),
  },
  {
    name: "CRLF input with a multi-line TOC is stale: mdtoc compares bytes and writes LF lines",
    markdown: withToc(body, bodyToc).replace(/\n/g, "\r\n"),
    problem: { message: STALE_TOC_MESSAGE, line: 3, expected: bodyToc },
  },
];

describe("checkToc", () => {
  test.each(cases)("$name", ({ markdown, problem }) => {
    expect(checkToc(markdown)).toEqual(problem);
  });

  test("maxDepth is honoured", () => {
    const md = withToc("# One\n## Two\n### Three\n", "- [One](#one)\n  - [Two](#two)\n");
    expect(checkToc(md, 2)).toBeUndefined();
    expect(checkToc(md)?.message).toBe(STALE_TOC_MESSAGE);
  });
});

/**
 * Documents and the TOC mdtoc writes for them, produced by running mdtoc's TOC code on gomarkdown
 * in Go (not by this module): gomarkdown's quirks are kept on purpose.
 */
const upstream: [string, string][] = [
  ["## [a &copy; b](http://x.io/?a=1&region=2&amp;c=3)\n", "- [<a href=\"http://x.io/?a=1®ion=2&amp;c=3\">a © b</a>](#a-copy-b)\n"],
  ["# Text <a\n\n# <ab and <b>bold</b>\n", "- [Text &lt;a](#text-a)\n- [<ab and <b>bold</b>](#bold)\n"],
  ["# Tilde ~single~ and ~~double~~ and ~ ~\n", "- [Tilde <em>single</em> and <del>double</del> and ~ ~](#tilde-single-and-double-and--)\n"],
  ["# Foo {#id} trailing text\n\n## Bar\n", "- [Foo](#foo)\n  - [Bar](#bar)\n"],
  ["Term\n: definition\n\n# After a definition list\n", "- [After a definition list](#after-a-definition-list)\n"],
  ["a | `b\n---|---\n# inside? `c` | d\n\n# After the table\n", "- [After the table](#after-the-table)\n"],
  ["- item\n```\n# in a fence after a list\n```\n# After\n", "- [After](#after)\n"],
  ["<details>\n<summary>More</summary>\n\n## Inside details\n\n</details>\n\n## After details\n", "- [After details](#after-details)\n"],
  ["> ```\n> # quoted fence\n> ```\n\n> ## Quoted heading\n", "- [Quoted heading](#quoted-heading)\n"],
  ["# See http://example.com/path. and (https://k8s.io/a_(b))\n", "- [See <a href=\"http://example.com/path\">http://example.com/path</a>. and (<a href=\"https://k8s.io/a_(b)\">https://k8s.io/a_(b)</a>)](#see-httpexamplecompath-and-httpsk8sioa_b)\n"],
  ["# <http://a.b/c> and <x@y.z>\n", "- [<a href=\"http://a.b/c\">http://a.b/c</a> and <a href=\"mailto:x@y.z\">x@y.z</a>](#httpabc-and-xyz)\n"],
  ["# ![img](a.png \"T\") and ![r][r] and [r]\n\n[r]: /u 'Ref title'\n", "- [<img src=\"a.png\" alt=\"img\" title=\"T\" /> and <img src=\"/u\" alt=\"r\" title=\"Ref title\" /> and <a href=\"/u\" title=\"Ref title\">r</a>](#img-and-r-and-r)\n"],
  ["# Math $x^2$ and $$ not\n", "- [Math <span class=\"math inline\">\\(x^2\\)</span> and $$ not](#math--and--not)\n"],
  ["# Trailing backslash \\\n", "- [Trailing backslash](#trailing-backslash-)\n"],
  ["# Entities &#x41;&#65;&x41;&nbsp;&bogus;\n", "- [Entities AA)&amp;nbsp;&amp;bogus;](#entities-aanbspbogus)\n"],
  ["%%%\ntitle = \"x\"\n%%%\n# After a title block\n", "- [After a title block](#after-a-title-block)\n"],
  [".# Special heading\n\n## Normal\n", "- [Special heading](#special-heading)\n  - [Normal](#normal)\n"],
  ["# **a *b*** and ***c*** and _d_e_\n", "- [<strong>a *b</strong>* and <strong><em>c</em></strong> and _d<em>e</em>](#a-b-and-c-and-_de)\n"],
  ["Setext with one dash\n-\n\nAnd equals\n=\n", "  - [Setext with one dash](#setext-with-one-dash)\n- [And equals](#and-equals)\n"],
  ["    # indented code\n\n#\tnot a heading\n\n####### seven\n\n# #\n\n#\n", ""],
  ["1. one\n2. two\n\n   ### Nested under two\n\n* bullet\n  # tight heading?\n", "- [tight heading?](#tight-heading)\n"],
  ["# `a | b` and \\| pipe\n\n| h |\n|---|\n", "- [<code>a | b</code> and | pipe](#a--b-and--pipe)\n"],
  ["# Code ``x ` y`` and ` `\n", "- [Code <code>x ` y</code> and](#code-x--y-and-)\n"],
  ["$$\n# inside math\n$$\n# After math\n", "- [After math](#after-math)\n"],
  ["<!-- x -->\n# After comment\n\n<div>\n# in div\n</div>\n\n# After div\n", "- [After comment](#after-comment)\n- [After div](#after-div)\n"],
];

describe("generateToc", () => {
  test.each(upstream)("as mdtoc does: %j", (markdown, toc) => {
    expect(generateToc(markdown)).toBe(toc);
  });

  test("uses only the headings after the closing tag when both tags are present", () => {
    expect(generateToc(withToc(body, "stale"))).toBe(bodyToc);
  });

  test("uses the whole document when a tag is missing", () => {
    expect(generateToc("# A\n\n## B\n")).toBe("- [A](#a)\n  - [B](#b)\n");
  });

  test("an empty document has an empty TOC", () => {
    expect(generateToc("")).toBe("");
  });
});

describe("linear time on large and pathological input", () => {
  const head = "<!-- toc -->\n<!-- /toc -->\n";
  const inputs: { name: string; make: () => string }[] = [
    { name: "5 MB of headings and paragraphs", make: () => head + "## Heading `code` [link](http://x.y) *em*\n\nSome text with `code` and **bold**.\n\n".repeat(62_000) },
    { name: "10,000 lines", make: () => head + Array.from({ length: 10_000 }, (_, i) => (i % 10 === 0 ? `## H${i}` : `line ${i}`)).join("\n") },
    { name: "a 5 MB heading", make: () => `${head}# ${"ab ".repeat(1_700_000)}` },
    { name: "thousands of backticks in a heading", make: () => `${head}# ${"` ".repeat(200_000)}` },
    { name: "backtick runs of decreasing length", make: () => `${head}# ${Array.from({ length: 2000 }, (_, i) => "`".repeat(2000 - i) + "a").join("")}` },
    { name: "unmatched brackets in a heading", make: () => `${head}# ${"[a](".repeat(100_000)}` },
    { name: "unclosed emphasis in a heading", make: () => `${head}# ${"**a ".repeat(200_000)}` },
    { name: "many autolinks in a heading", make: () => `${head}# ${"http://x.y ".repeat(100_000)}` },
    { name: "unclosed fences", make: () => head + "text\n```go\n".repeat(200_000) },
    { name: "unclosed HTML blocks and comments", make: () => head + "<div>\n\n<!-- x\n\n".repeat(150_000) },
    { name: "a block quote with a long backtick line", make: () => `${head}> ${"`".repeat(2_000_000)}\n` },
    { name: "table-like lines with code spans", make: () => head + "a | `b\n".repeat(300_000) },
    { name: "deeply nested lists and quotes", make: () => head + Array.from({ length: 20_000 }, (_, i) => `${" ".repeat(2 * (i % 40))}- ${">".repeat(i % 20)} # x\n`).join("") },
    { name: "a 5 MB line of brackets", make: () => head + "[".repeat(5_000_000) },
  ];

  test.each(inputs)("$name", ({ make }) => {
    const markdown = make();
    const started = performance.now();
    checkToc(markdown);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe("the real kubernetes/enhancements corpus", () => {
  /** `find keps -name '*.md'`: case-sensitive, lists files and symlinks, does not enter symlinked directories. */
  function findMarkdown(dir: string): string[] {
    return readdirSync(path.join(corpusDir, dir), { withFileTypes: true }).flatMap((entry) => {
      const rel = `${dir}/${entry.name}`;
      if (entry.isDirectory()) return findMarkdown(rel);
      return entry.name.endsWith(".md") ? [rel] : [];
    });
  }

  test("the corpus is present", () => {
    expect(existsSync(path.join(corpusDir, "keps"))).toBe(true);
  });

  test("every keps/**/*.md outside hack/.notableofcontents has an up-to-date TOC (upstream CI is green)", () => {
    const exempt = new Set(readFileSync(path.join(corpusDir, "hack/.notableofcontents"), "utf8").split("\n").filter((line) => line !== ""));
    const files = findMarkdown("keps").filter((file) => !exempt.has(file));
    expect(files.length).toBeGreaterThan(600);
    expect(files).not.toContain("keps/sig-api-machinery/365-paginated-lists/README.MD");
    const started = performance.now();
    const problems = files.flatMap((file) => {
      const problem = checkToc(readFileSync(path.join(corpusDir, file), "utf8"));
      return problem ? [`${file}:${problem.line}: ${problem.message}`] : [];
    });
    expect(problems).toEqual([]);
    expect(performance.now() - started).toBeLessThan(20_000);
  });

  test("the exempt files are the ones without a TOC", () => {
    const exempt = readFileSync(path.join(corpusDir, "hack/.notableofcontents"), "utf8").split("\n").filter((line) => line !== "");
    expect(exempt.length).toBeGreaterThan(0);
    const checked = exempt.filter((file) => existsSync(path.join(corpusDir, file))).map((file) => checkToc(readFileSync(path.join(corpusDir, file), "utf8"))?.message);
    expect(checked).toContain("missing opening TOC tag");
  });

  test("renaming a heading in a real README makes its TOC stale", () => {
    const file = "keps/NNNN-kep-template/README.md";
    const original = readFileSync(path.join(corpusDir, file), "utf8");
    expect(checkToc(original)).toBeUndefined();
    expect(original).toContain("\n## Summary\n");
    const mutated = original.replace("\n## Summary\n", "\n## Summary of the proposal\n");
    const problem = checkToc(mutated);
    expect(problem?.message).toBe(STALE_TOC_MESSAGE);
    expect(problem?.line).toBe(original.slice(0, original.indexOf("<!-- toc -->")).split("\n").length);
    expect(problem?.expected).toContain("- [Summary of the proposal](#summary-of-the-proposal)\n");
    expect(problem?.expected).not.toContain("(#summary)");
  });

  test("deleting the TOC tags or swapping them in a real README is reported", () => {
    const original = readFileSync(path.join(corpusDir, "keps/NNNN-kep-template/README.md"), "utf8");
    expect(checkToc(original.replace("<!-- toc -->", ""))?.message).toBe("missing opening TOC tag");
    expect(checkToc(original.replace("<!-- /toc -->", ""))?.message).toBe("missing closing TOC tag");
    const swapped = original.replace("<!-- toc -->", "@@").replace("<!-- /toc -->", "<!-- toc -->").replace("@@", "<!-- /toc -->");
    expect(checkToc(swapped)?.message).toBe("TOC closing tag before start tag");
  });
});
