/**
 * Table-of-contents check, equivalent to kubernetes/enhancements' `hack/verify-toc.sh`:
 * kubernetes-sigs/mdtoc (v1.4.0) with `--inplace --max-depth=5 --dryrun`, run on every `keps/**\/*.md`.
 *
 * mdtoc parses the document with gomarkdown (CommonExtensions + mmark's parser hook), walks the
 * headings that follow the closing `<!-- /toc -->` tag and writes one line per heading:
 * `"  " * (level - minLevel) + "- [" + <heading rendered as HTML> + "](#" + <anchor> + ")"`.
 * To give the same answer on every input, ./gomarkdown/ is a port of the parts of gomarkdown that
 * decide what is a heading (block structure: fenced/indented code, HTML blocks, block quotes,
 * lists, tables, setext headings, link reference definitions, ...) and of its inline parser and
 * HTML renderer for heading text (code spans, emphasis, links, images, autolinks, entities).
 * Upstream quirks are kept on purpose; they are commented where they are surprising.
 *
 * Where things are: this file (the TOC, and the check against the one in the file);
 * heading-anchors.ts (mdtoc's anchors); gomarkdown/block-parser.ts and block-lines.ts (which lines
 * are headings); gomarkdown/inline-parser.ts and inline-autolinks.ts (a heading's inline markup);
 * gomarkdown/heading-html.ts and html-entities.ts (its HTML and text); gomarkdown/buffer.ts,
 * characters.ts and nodes.ts (what they share).
 *
 * Pure: no I/O. Linear time: the few places where gomarkdown rescans the rest of the input
 * (fence, HTML-block and comment ends, code-span ends) are answered from per-buffer indexes, and
 * inline parsing of a heading runs under a work budget proportional to its length (a pathological
 * heading that exhausts it falls back to its plain escaped text).
 */

import { BlockParser } from "./gomarkdown/block-parser.js";
import { Buf } from "./gomarkdown/buffer.js";
import { goTrimSpace } from "./gomarkdown/characters.js";
import { renderHeading } from "./gomarkdown/heading-html.js";
import { mkAnchor } from "./heading-anchors.js";

export interface TocProblem {
  message: string;
  line: number;
  expected?: string;
}

export const TOC_START_TAG = "<!-- toc -->";
export const TOC_END_TAG = "<!-- /toc -->";
export const STALE_TOC_MESSAGE =
  "Table of contents is not up to date (mdtoc would write a different TOC); run 'make update-toc'";

const START_RE = /<!-- toc -->/i;
const END_RE = /<!-- \/toc -->/i;

/**
 * Checks a markdown file the way `mdtoc --inplace --dryrun --max-depth=<maxDepth>` does.
 * Returns undefined when the file's TOC is up to date. `line` is 1-based: the opening tag's line
 * for a stale TOC, the closing tag's line when it comes first, and 1 when a tag is missing.
 */
export function checkToc(markdown: string, maxDepth = 5): TocProblem | undefined {
  const start = markdown.search(START_RE);
  const end = markdown.search(END_RE);
  if (start === -1) return { message: "missing opening TOC tag", line: 1 };
  if (end === -1) return { message: "missing closing TOC tag", line: 1 };
  if (end < start) return { message: "TOC closing tag before start tag", line: lineOf(markdown, end) };
  // --skip-prefix (default true): only what follows the closing tag is parsed.
  const toc = tocOf(markdown.slice(end), maxDepth);
  const old = markdown.slice(start + TOC_START_TAG.length, end);
  if (goTrimSpace(old) === goTrimSpace(toc)) return undefined;
  return { message: STALE_TOC_MESSAGE, line: lineOf(markdown, start), expected: toc };
}

/**
 * The TOC mdtoc would write for this file (one `- [...](#...)` line per heading, each ending in
 * a newline). Like `mdtoc` without `--inplace`: when both tags are present only the headings after
 * the closing tag count, otherwise the whole document does.
 */
export function generateToc(markdown: string, maxDepth = 5): string {
  const start = markdown.search(START_RE);
  const end = markdown.search(END_RE);
  return tocOf(start !== -1 && end !== -1 ? markdown.slice(end) : markdown, maxDepth);
}

function lineOf(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf("\n"); i !== -1 && i < index; i = text.indexOf("\n", i + 1)) line++;
  return line;
}

function tocOf(doc: string, maxDepth: number): string {
  const parser = new BlockParser();
  const buf = new Buf(doc);
  parser.block(buf, 0, buf.n);
  const headings = parser.headings;
  let base = Number.MAX_SAFE_INTEGER;
  for (const h of headings) if (h.level < base) base = h.level;
  const anchors = new Map<string, number>();
  const lines: string[] = [];
  for (const h of headings) {
    if (maxDepth > 0 && h.level > maxDepth) continue;
    const { html, text } = renderHeading(h.content, parser.refs);
    lines.push(`${"  ".repeat(h.level - base)}- [${html}](#${mkAnchor(anchors, text)})\n`);
  }
  return lines.join("");
}
