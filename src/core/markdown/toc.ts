/**
 * Table-of-contents check, equivalent to kubernetes/enhancements' `hack/verify-toc.sh`:
 * kubernetes-sigs/mdtoc (v1.4.0) with `--inplace --max-depth=5 --dryrun`, run on every `keps/**\/*.md`.
 *
 * mdtoc parses the document with gomarkdown (CommonExtensions + mmark's parser hook), walks the
 * headings that follow the closing `<!-- /toc -->` tag and writes one line per heading:
 * `"  " * (level - minLevel) + "- [" + <heading rendered as HTML> + "](#" + <anchor> + ")"`.
 * To give the same answer on every input this module is a port of the parts of gomarkdown that
 * decide what is a heading (block structure: fenced/indented code, HTML blocks, block quotes,
 * lists, tables, setext headings, link reference definitions, ...) and of its inline parser and
 * HTML renderer for heading text (code spans, emphasis, links, images, autolinks, entities).
 * Upstream quirks are kept on purpose; they are commented where they are surprising.
 *
 * Pure: no I/O. Linear time: the few places where gomarkdown rescans the rest of the input
 * (fence, HTML-block and comment ends, code-span ends) are answered from per-buffer indexes, and
 * inline parsing of a heading runs under a work budget proportional to its length (a pathological
 * heading that exhausts it falls back to its plain escaped text).
 */

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

const NOT_ANCHOR_CHARS = /[^\w\- ]/g;
const SPACES = / /g;

/** strings.ToLower, then drop `[^\w\- ]` (ASCII \w, as in Go's regexp), then spaces to dashes. */
function anchorId(text: string): string {
  const lower = text.toLowerCase();
  const n = lower.length;
  if (n <= 4096) return lower.replace(NOT_ANCHOR_CHARS, "").replace(SPACES, "-");
  const codes = new Uint16Array(n);
  let k = 0;
  for (let i = 0; i < n; i++) {
    const c = lower.charCodeAt(i);
    if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || c === UNDERSCORE || c === DASH) codes[k++] = c;
    else if (c === SP) codes[k++] = DASH;
  }
  let id = "";
  for (let i = 0; i < k; i += 8192) id += String.fromCharCode(...codes.subarray(i, min(k, i + 8192)));
  return id;
}

/** mdtoc's anchorGen: GitHub-style ids, `[^\w\- ]` dropped, spaces to dashes, -1/-2 for repeats. */
function mkAnchor(anchors: Map<string, number>, text: string): string {
  const id = anchorId(text);
  const seen = anchors.get(id) ?? 0;
  anchors.set(id, seen + 1);
  return seen > 0 ? `${id}-${seen}` : id;
}

/** Go's unicode.IsSpace, which strings.TrimSpace uses (differs from String.prototype.trim). */
function isGoSpace(c: number): boolean {
  return (
    (c >= 9 && c <= 13) || c === 32 || c === 0x85 || c === 0xa0 || c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000
  );
}

function goTrimSpace(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && isGoSpace(s.charCodeAt(a))) a++;
  while (b > a && isGoSpace(s.charCodeAt(b - 1))) b--;
  return s.slice(a, b);
}

// ---------------------------------------------------------------------------------------------
// Characters

const TAB = 9, NL = 10, CR = 13, SP = 32, BANG = 33, DQ = 34, HASH = 35, DOLLAR = 36, AMP = 38, SQ = 39;
const LPAREN = 40, RPAREN = 41, STAR = 42, PLUS = 43, COMMA = 44, DASH = 45, DOT = 46, SLASH = 47;
const COLON = 58, SEMI = 59, LT = 60, EQ = 61, GT = 62, AT = 64, LBRACK = 91, BSLASH = 92, RBRACK = 93;
const CARET = 94, UNDERSCORE = 95, BT = 96, LBRACE = 123, PIPE = 124, RBRACE = 125, TILDE = 126;

/**
 * Math.min without the global lookup: static methods of globals are slow under jest's VM
 * context, and this sits in per-character loops.
 */
function min(a: number, b: number): number {
  return a < b ? a : b;
}

/** gomarkdown's isSpace: ' ', \t, \n, \r, \f, \v. */
function isSpace(c: number): boolean {
  return c === SP || c === TAB || c === NL || c === CR || c === 12 || c === 11;
}
function isLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}
function isAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || isLetter(c);
}
function isPunctuation(c: number): boolean {
  return (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126);
}

// ---------------------------------------------------------------------------------------------
// Buffers. gomarkdown works on byte slices and re-parses the contents of list items and block
// quotes from freshly built buffers; a Buf is one such buffer, and a "view" is a [start, end)
// range of it passed around as two absolute indices. Buf also holds lazily built indexes that
// answer "where is the next ..." questions without rescanning.

class Buf {
  readonly s: string;
  readonly n: number;
  private closerIdx: Map<number, number[]> | undefined;
  private htmlEnds: Map<string, number[]> | undefined;
  private found: Map<string, { from: number; at: number }> | undefined;
  private runs: RunIndex | undefined;
  // memo of the last run looked up by runEnd, and of the last fenceTail
  private runStart = -1;
  private runStop = -1;
  private runCh = -1;
  private tailPos = -1;
  private tailEnd = -1;
  private tailResult = -1;

  constructor(s: string) {
    this.s = s;
    this.n = s.length;
  }

  /** The char code at i, or -1 outside [0, end) (Go would panic or the caller bounds-checks). */
  at(i: number, end: number): number {
    return i >= 0 && i < end ? this.s.charCodeAt(i) : -1;
  }

  /** indexOf with a memo for monotonic queries (each pattern is then scanned about once). */
  indexOf(pattern: string, from: number): number {
    const found = (this.found ??= new Map());
    const memo = found.get(pattern);
    if (memo && from >= memo.from && (memo.at === -1 || from <= memo.at)) return memo.at;
    const at = this.s.indexOf(pattern, from);
    found.set(pattern, { from, at });
    return at;
  }

  /** End of the maximal run of `ch` that contains i (i must hold `ch`). */
  runEnd(i: number, ch: number): number {
    if (this.runCh === ch && i >= this.runStart && i < this.runStop) return this.runStop;
    let j = i;
    while (j < this.n && this.s.charCodeAt(j) === ch) j++;
    this.runCh = ch;
    this.runStart = i;
    this.runStop = j;
    return j;
  }

  /**
   * Rest of an opening fence line after the marker run ending at `pos` (isFenceLine with
   * oldmarker ""): optional info string (one word or {...}), spaces, then newline or end of view.
   * Returns the position after the line, or -1 if the line is not a fence opener.
   */
  fenceTail(pos: number, end: number): number {
    if (this.tailPos === pos && this.tailEnd === end) return this.tailResult;
    const result = this.computeFenceTail(pos, end);
    this.tailPos = pos;
    this.tailEnd = end;
    this.tailResult = result;
    return result;
  }

  private computeFenceTail(pos: number, end: number): number {
    const s = this.s;
    let i = pos;
    while (i < end && s.charCodeAt(i) === SP) i++;
    if (i >= end) return i === end ? i : -1;
    if (s.charCodeAt(i) === LBRACE) {
      i++;
      while (i < end && s.charCodeAt(i) !== RBRACE && s.charCodeAt(i) !== NL) i++;
      if (i >= end || s.charCodeAt(i) !== RBRACE) return -1;
      i++;
    } else {
      while (i < end && !isSpace(s.charCodeAt(i))) i++;
    }
    while (i < end && s.charCodeAt(i) === SP) i++;
    if (i >= end || s.charCodeAt(i) !== NL) return i === end ? i : -1;
    return i + 1;
  }

  /**
   * Line starts of closing fence lines (up to 3 spaces, a run of ` or ~ of length >= 3, spaces,
   * newline or end of buffer), keyed by the run (gomarkdown requires the exact same marker; see
   * markerKey). A line's classification does not depend on where a view ends, since views end at
   * line boundaries.
   */
  closers(key: number): number[] | undefined {
    if (!this.closerIdx) {
      const idx = new Map<number, number[]>();
      const s = this.s;
      const n = this.n;
      for (let ls = 0; ls < n; ) {
        let i = ls;
        while (i < n && i - ls < 3 && s.charCodeAt(i) === SP) i++;
        const c = i < n ? s.charCodeAt(i) : -1;
        if (c === BT || c === TILDE) {
          const rs = i;
          while (i < n && s.charCodeAt(i) === c) i++;
          const size = i - rs;
          while (i < n && s.charCodeAt(i) === SP) i++;
          if (size >= 3 && (i === n || s.charCodeAt(i) === NL)) {
            const k = markerKey(c, size);
            const list = idx.get(k);
            if (list) list.push(ls);
            else idx.set(k, [ls]);
          }
        }
        const nl = s.indexOf("\n", i);
        ls = nl === -1 ? n : nl + 1;
      }
      this.closerIdx = idx;
    }
    return this.closerIdx.get(key);
  }

  /** Positions p in [0, end) where `</tag>` closes an HTML block (htmlFindEnd > 0), with the size. */
  htmlEndsFor(tag: string, end: number, isEmpty: (s: number, e: number) => number): number[] {
    const key = `${tag}\u0000${end}`;
    const cache = (this.htmlEnds ??= new Map());
    let list = cache.get(key);
    if (!list) {
      list = [];
      const close = `</${tag}>`;
      for (let p = this.s.indexOf(close); p !== -1 && p + close.length <= end; p = this.s.indexOf(close, p + 1)) {
        let i = p + close.length;
        const skip = isEmpty(i, end);
        if (skip === 0) continue;
        i += skip;
        if (i >= end) {
          list.push(p, i - p);
          continue;
        }
        const skip2 = isEmpty(i, end);
        if (skip2 === 0) continue;
        list.push(p, i + skip2 - p);
      }
      cache.set(key, list);
    }
    return list;
  }

  /** Backtick runs of the buffer, for "first run at or after pos at least this long". */
  backtickRuns(): RunIndex {
    if (!this.runs) this.runs = new RunIndex(this.s);
    return this.runs;
  }
}

class RunIndex {
  private starts: number[] = [];
  private lens: number[] = [];
  private tree: Int32Array;
  private size = 1;

  constructor(s: string) {
    const { starts, lens } = this;
    for (let i = s.indexOf("`"); i !== -1; ) {
      let j = i;
      while (j < s.length && s.charCodeAt(j) === BT) j++;
      starts.push(i);
      lens.push(j - i);
      i = s.indexOf("`", j);
    }
    while (this.size < lens.length) this.size *= 2;
    this.tree = new Int32Array(2 * this.size);
    for (let k = 0; k < lens.length; k++) this.tree[this.size + k] = lens[k] ?? 0;
    for (let k = this.size - 1; k >= 1; k--) {
      const l = this.tree[2 * k] ?? 0;
      const r = this.tree[2 * k + 1] ?? 0;
      this.tree[k] = l > r ? l : r;
    }
  }

  /** Start of the first run beginning at or after pos whose length is >= len, or -1. */
  firstAtLeast(pos: number, len: number): number {
    let lo = 0;
    let hi = this.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.starts[mid] ?? 0) < pos) lo = mid + 1;
      else hi = mid;
    }
    if (lo >= this.starts.length) return -1;
    if ((this.lens[lo] ?? 0) >= len) return this.starts[lo] ?? -1; // the usual case: the next run
    const k = this.descend(1, 0, this.size, lo, len);
    return k === -1 ? -1 : (this.starts[k] ?? -1);
  }

  private descend(node: number, lo: number, hi: number, from: number, len: number): number {
    if (hi <= from || (this.tree[node] ?? 0) < len) return -1;
    if (hi - lo === 1) return lo;
    const mid = (lo + hi) >> 1;
    const left = this.descend(2 * node, lo, mid, from, len);
    return left !== -1 ? left : this.descend(2 * node + 1, mid, hi, from, len);
  }
}

/** A fence marker (a run of ` or ~) as a number. */
function markerKey(ch: number, size: number): number {
  return size * 2 + (ch === BT ? 0 : 1);
}

function lowerBound(list: number[], value: number, stride = 1): number {
  let lo = 0;
  let hi = list.length / stride;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((list[mid * stride] ?? 0) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Where the code span opening at `pos` ends (relative to pos), or 0 if it has no closing run
 * inside [pos, end). gomarkdown's codeSpan: the opening run is counted from pos; the span closes
 * at the first later run of at least as many backticks.
 */
function codeSpanEnd(b: Buf, pos: number, end: number): number {
  if (b.at(pos, end) !== BT) return 0;
  const re = min(b.runEnd(pos, BT), end);
  const nb = re - pos;
  // Code spans usually close nearby: look at the next few hundred characters first, and only
  // build the buffer's run index when the closing run is farther away (or missing).
  const s = b.s;
  const windowEnd = min(re + 512, end);
  for (let i = re; i < windowEnd; i++) {
    if (s.charCodeAt(i) !== BT) continue;
    let j = i;
    while (j < end && s.charCodeAt(j) === BT) j++;
    if (j - i >= nb) return i + nb - pos;
    i = j;
  }
  const r = b.backtickRuns().firstAtLeast(re, nb);
  if (r === -1 || r + nb > end) return 0;
  return r + nb - pos;
}

// ---------------------------------------------------------------------------------------------
// Block parser: a port of gomarkdown's parser/block.go (parser.CommonExtensions: tables, fenced
// code, definition lists, MathJax, heading ids, space headings) plus mmark's parser hook, as
// built into mdtoc v1.4.0. It only records what mdtoc needs: the headings, in document order, and
// the link reference definitions (which heading links may use). Go panics (index out of range)
// read as -1 here; the few inputs that make gomarkdown loop forever are made to progress.

interface HeadingNode {
  level: number;
  content: string;
}

interface RefDef {
  link: string;
  title: string;
}

const MAX_NESTING = 16;

// ast.ListType flags
const L_ORDERED = 1, L_DEFINITION = 2, L_TERM = 4, L_CONTAINS_BLOCK = 8, L_BEGINNING = 16, L_END = 32;

const BLOCK_TAGS = new Set([
  "blockquote", "del", "dd", "div", "dl", "dt", "fieldset", "form", "h1", "h2", "h3", "h4", "h5", "h6",
  "iframe", "ins", "li", "math", "noscript", "ol", "pre", "p", "script", "style", "table", "ul",
  "address", "article", "aside", "canvas", "details", "dialog", "figcaption", "figure", "footer",
  "header", "hgroup", "main", "nav", "output", "progress", "section", "video",
]);

function skipChar(b: Buf, i: number, c: number, end: number): number {
  while (i < end && b.s.charCodeAt(i) === c) i++;
  return i;
}
function skipCharN(b: Buf, i: number, c: number, max: number, end: number): number {
  while (i < end && max > 0 && b.s.charCodeAt(i) === c) {
    i++;
    max--;
  }
  return i;
}
function skipUntilChar(b: Buf, i: number, c: number, end: number): number {
  while (i < end && b.s.charCodeAt(i) !== c) i++;
  return i;
}
function nextLine(b: Buf, i: number, end: number): number {
  const nl = b.s.indexOf("\n", i);
  return nl === -1 || nl >= end ? end : nl + 1;
}
/** True if position i (inside [start, ...)) is preceded by an odd number of backslashes. */
function isBackslashEscaped(b: Buf, start: number, i: number): boolean {
  let n = 0;
  while (i - n - 1 >= start && b.s.charCodeAt(i - n - 1) === BSLASH) n++;
  return (n & 1) === 1;
}

/** Returns the length of a blank line at start (with its newline), or 0. */
function isEmpty(b: Buf, start: number, end: number): number {
  if (end - start <= 0) return 0;
  let i = start;
  for (; i < end && b.s.charCodeAt(i) !== NL; i++) {
    const c = b.s.charCodeAt(i);
    if (c !== SP && c !== TAB) return 0;
  }
  if (i < end && b.s.charCodeAt(i) === NL) i++;
  return i - start;
}

function isHRule(b: Buf, start: number, end: number): boolean {
  let i = start;
  while (i - start < 3 && b.at(i, end) === SP) i++;
  const c = b.at(i, end);
  if (c !== STAR && c !== DASH && c !== UNDERSCORE) return false;
  let n = 0;
  for (; i < end && b.s.charCodeAt(i) !== NL; i++) {
    const d = b.s.charCodeAt(i);
    if (d === c) n++;
    else if (d !== SP) return false;
  }
  return n >= 3;
}

function isPrefixHeading(b: Buf, start: number, end: number): boolean {
  if (b.at(start, end) !== HASH) return false;
  const level = skipCharN(b, start, HASH, 6, end);
  return level !== end && b.s.charCodeAt(level) === SP; // SpaceHeadings
}

/** ".# Title" (mmark special headings; gomarkdown tests `extensions|Mmark`, so always on). */
function isPrefixSpecialHeading(b: Buf, start: number, end: number): boolean {
  if (end - start < 4) return false;
  return b.at(start, end) === DOT && b.at(start + 1, end) === HASH && b.at(start + 2, end) === SP;
}

function isUnderlinedHeading(b: Buf, start: number, end: number): number {
  const c = b.at(start, end);
  if (c !== EQ && c !== DASH) return 0;
  let i = skipChar(b, start + 1, c, end);
  i = skipChar(b, i, SP, end);
  return i < end && b.s.charCodeAt(i) === NL ? (c === EQ ? 1 : 2) : 0;
}

function quotePrefix(b: Buf, start: number, end: number): number {
  let i = start;
  while (i - start < 3 && i < end && b.s.charCodeAt(i) === SP) i++;
  if (i < end && b.s.charCodeAt(i) === GT) {
    return i + 1 < end && b.s.charCodeAt(i + 1) === SP ? i + 2 - start : i + 1 - start;
  }
  return 0;
}

function codePrefix(b: Buf, start: number, end: number): number {
  const n = end - start;
  if (n >= 1 && b.s.charCodeAt(start) === TAB) return 1;
  if (n >= 4 && b.s.startsWith("    ", start)) return 4;
  return 0;
}

function uliPrefix(b: Buf, start: number, end: number): number {
  const i = skipCharN(b, start, SP, 3, end);
  if (i >= end - 1) return 0;
  const c = b.s.charCodeAt(i);
  const d = b.s.charCodeAt(i + 1);
  if ((c !== STAR && c !== PLUS && c !== DASH) || (d !== SP && d !== TAB)) return 0;
  return i + 2 - start;
}

function oliPrefix(b: Buf, start: number, end: number): number {
  let i = skipCharN(b, start, SP, 3, end);
  const first = i;
  while (i < end && b.s.charCodeAt(i) >= 48 && b.s.charCodeAt(i) <= 57) i++;
  if (first === i || i >= end - 1) return 0;
  const c = b.s.charCodeAt(i);
  const d = b.s.charCodeAt(i + 1);
  if ((c !== DOT && c !== RPAREN) || !(d === SP || d === TAB)) return 0;
  return i + 2 - start;
}

function dliPrefix(b: Buf, start: number, end: number): number {
  if (end - start < 2) return 0;
  const d = b.s.charCodeAt(start + 1);
  return b.s.charCodeAt(start) === COLON && (d === SP || d === TAB) ? 2 : 0;
}

/** Marker key of the last fence opener found by fenceOpener. */
let openerKey = 0;

/**
 * isFenceLine(data, &syntax, ""): an opening fence at start. Returns the position after the line
 * (absolute; the marker goes to openerKey), or -1.
 */
function fenceOpener(b: Buf, start: number, end: number): number {
  let i = start;
  while (i < end && i - start < 3 && b.s.charCodeAt(i) === SP) i++;
  if (i >= end) return -1;
  const c = b.s.charCodeAt(i);
  if (c !== BT && c !== TILDE) return -1;
  const re = min(b.runEnd(i, c), end);
  const size = re - i;
  if (size < 3) return -1;
  const beg = b.fenceTail(re, end);
  if (beg < 0) return -1;
  openerKey = markerKey(c, size);
  return beg;
}

/** fencedCodeBlock(data, false): size of a fenced code block at start, or 0. */
function fencedCodeBlock(b: Buf, start: number, end: number): number {
  const beg = fenceOpener(b, start, end);
  if (beg < 0 || beg === start || beg >= end) return 0;
  const list = b.closers(openerKey);
  if (!list) return 0;
  const k = lowerBound(list, beg);
  const cl = list[k];
  if (cl === undefined || cl >= end) return 0;
  // the closing line: marker, spaces, newline (included) or end of view
  let i = cl;
  while (i < end && i - cl < 3 && b.s.charCodeAt(i) === SP) i++;
  i = skipChar(b, i, b.s.charCodeAt(i), end);
  i = skipChar(b, i, SP, end);
  return (i < end ? i + 1 : i) - start;
}

/** isFenceLine(chunk, nil, "") > 0, used by the list-item rule that ends a list at a fence. */
function isFenceOpenerLine(b: Buf, start: number, end: number): boolean {
  return fenceOpener(b, start, end) >= 0;
}

function inlineHTMLComment(b: Buf, start: number, end: number): number {
  if (end - start < 5) return 0;
  if (!b.s.startsWith("<!--", start)) return 0;
  const p = b.indexOf("-->", start + 3);
  if (p === -1 || p + 2 >= end) return 0;
  return p + 3 - start;
}

class BlockParser {
  readonly headings: HeadingNode[] = [];
  readonly refs = new Map<string, RefDef>();
  private nesting = 0;

  block(b: Buf, start: number, end: number): void {
    if (this.nesting >= MAX_NESTING) return;
    this.nesting++;
    let d = start;
    while (d < end) {
      const hooked = this.parserHook(b, d, end);
      if (hooked > 0) {
        d = min(end, d + hooked);
        continue;
      }
      if (isPrefixHeading(b, d, end)) {
        d += this.prefixHeading(b, d, end, false);
        continue;
      }
      if (isPrefixSpecialHeading(b, d, end)) {
        d += this.prefixHeading(b, d, end, true);
        continue;
      }
      if (b.s.charCodeAt(d) === LT) {
        const i = this.html(b, d, end);
        if (i > 0) {
          d += i;
          continue;
        }
      }
      let i = isEmpty(b, d, end);
      if (i > 0) {
        d += i;
        continue;
      }
      if (codePrefix(b, d, end) > 0) {
        d += this.code(b, d, end);
        continue;
      }
      i = fencedCodeBlock(b, d, end);
      if (i > 0) {
        d += i;
        continue;
      }
      if (isHRule(b, d, end)) {
        d = skipUntilChar(b, d, NL, end);
        continue;
      }
      if (quotePrefix(b, d, end) > 0) {
        d += this.quote(b, d, end);
        continue;
      }
      i = this.table(b, d, end);
      if (i > 0) {
        d += i;
        continue;
      }
      if (uliPrefix(b, d, end) > 0) {
        d += this.list(b, d, end, 0);
        continue;
      }
      if (oliPrefix(b, d, end) > 0) {
        d += this.list(b, d, end, L_ORDERED);
        continue;
      }
      if (dliPrefix(b, d, end) > 0) {
        d += this.list(b, d, end, L_DEFINITION);
        continue;
      }
      i = blockMath(b, d, end);
      if (i > 0) {
        d += i;
        continue;
      }
      i = this.paragraph(b, d, end);
      // gomarkdown loops forever here on a few inputs (e.g. an unclosed fence line followed by a
      // definition-list line); move on to the next line instead.
      d = i > 0 ? d + i : nextLine(b, d, end);
    }
    this.nesting--;
  }

  /** mmark's mparser.Hook: a %%% title block or an XML <reference>; returns bytes consumed. */
  private parserHook(b: Buf, d: number, end: number): number {
    const s = b.s;
    if (end - d >= 4 && s.startsWith("%%%\n", d)) {
      const p = b.indexOf("%%%\n", d + 3);
      if (p !== -1 && p < end - 3) return p + 3 - d;
      return 0;
    }
    let close = "";
    if (s.startsWith("<reference ", d) && d + 11 <= end) close = "</reference>";
    if (s.startsWith("<referencegroup ", d) && d + 16 <= end) close = "</referencegroup>";
    if (close === "") return 0;
    const from = d + close.length;
    const p = from <= end ? b.indexOf(close, from) : -1;
    const rel = p === -1 || p + close.length > end ? -1 : p - from;
    if (rel === 0) return 0;
    // bytes.Index == -1 makes mmark consume 2*len(close)-1 bytes (or panic when there are fewer)
    return rel + 2 * close.length;
  }

  private addHeading(level: number, content: string): void {
    this.headings.push({ level, content });
  }

  /** prefixHeading / prefixSpecialHeading: returns the bytes consumed. */
  private prefixHeading(b: Buf, d: number, end: number, special: boolean): number {
    const s = b.s;
    let level = 1;
    let i: number;
    if (special) {
      i = skipChar(b, d + 2, SP, end);
    } else {
      const lv = skipCharN(b, d, HASH, 6, end);
      level = lv - d;
      i = skipChar(b, lv, SP, end);
    }
    let e = skipUntilChar(b, i, NL, end);
    let skip = e;
    // HeadingIDs: "{#id}" ends the heading text; what follows the "}" is parsed as a new block.
    let j = i;
    for (; j < e - 1 && (s.charCodeAt(j) !== LBRACE || s.charCodeAt(j + 1) !== HASH); j++);
    let k = j + 1;
    for (; k < e && s.charCodeAt(k) !== RBRACE; k++);
    if (j < e && k < e) {
      e = j;
      skip = k + 1;
      while (e > d && s.charCodeAt(e - 1) === SP) e--;
    }
    while (e > d && s.charCodeAt(e - 1) === HASH) {
      if (isBackslashEscaped(b, d, e - 1)) break;
      e--;
    }
    while (e > d && s.charCodeAt(e - 1) === SP) e--;
    if (e > i) this.addHeading(level, s.slice(i, e));
    return skip - d;
  }

  private html(b: Buf, d: number, end: number): number {
    const tagEnd = (() => {
      let i = d + 1;
      while (i < end && isAlnum(b.s.charCodeAt(i))) i++;
      return i;
    })();
    const tag = b.s.slice(d + 1, tagEnd);
    if (!BLOCK_TAGS.has(tag)) {
      const c = this.htmlComment(b, d, end);
      if (c > 0) return c;
      return htmlHr(b, d, end);
    }
    if (tag === "ins" || tag === "del") return 0;
    const list = b.htmlEndsFor(tag, end, (s, e) => isEmpty(b, s, e));
    const k = lowerBound(list, d + 1, 2);
    const p = list[2 * k];
    const size = list[2 * k + 1];
    if (p === undefined || size === undefined) return 0;
    return p + size - d;
  }

  private htmlComment(b: Buf, d: number, end: number): number {
    const i = inlineHTMLComment(b, d, end);
    const j = isEmpty(b, d + i, end);
    return j > 0 ? i + j : 0;
  }

  private code(b: Buf, d: number, end: number): number {
    let i = d;
    while (i < end) {
      const beg = i;
      i = skipUntilChar(b, i, NL, end);
      i = skipCharN(b, i, NL, 1, end);
      const blank = isEmpty(b, beg, i) > 0;
      if (codePrefix(b, beg, i) === 0 && !blank) {
        i = beg;
        break;
      }
    }
    return i - d;
  }

  private quote(b: Buf, d: number, end: number): number {
    const s = b.s;
    const raw: string[] = [];
    let beg = d;
    let e = d;
    while (beg < end) {
      e = beg;
      // step over the line; a fence opening anywhere in it swallows the whole fenced block
      while (e < end && s.charCodeAt(e) !== NL) {
        const c = s.charCodeAt(e);
        if (c === SP || c === BT || c === TILDE) {
          const i = fencedCodeBlock(b, e, end);
          if (i > 0) {
            e += i - 1;
            break;
          }
        }
        e++;
      }
      e = skipCharN(b, e, NL, 1, end);
      const pre = quotePrefix(b, beg, end);
      if (pre > 0) beg += pre;
      else if (this.terminateBlockquote(b, beg, e, end)) break;
      raw.push(s.slice(beg, e));
      beg = e;
    }
    const inner = new Buf(raw.join(""));
    this.block(inner, 0, inner.n);
    return e - d;
  }

  private terminateBlockquote(b: Buf, beg: number, e: number, end: number): boolean {
    if (isEmpty(b, beg, end) <= 0) return false;
    if (e >= end) return true;
    return quotePrefix(b, e, end) === 0 && isEmpty(b, e, end) === 0;
  }

  private table(b: Buf, d: number, end: number): number {
    const h = tableHeader(b, d, end);
    if (h === 0) return 0;
    const s = b.s;
    let i = d + h;
    while (i < end) {
      let pipes = 0;
      const rowStart = i;
      for (; i < end && s.charCodeAt(i) !== NL; i++) if (s.charCodeAt(i) === PIPE) pipes++;
      if (pipes === 0) {
        i = rowStart;
        break;
      }
      i = skipCharN(b, i, NL, 1, end);
    }
    // a "Table: ..." caption runs to the next blank line
    if (s.startsWith("Table: ", i) && i + 7 <= end) i += 7 + linesUntilEmpty(b, i + 7, end);
    return i - d;
  }

  private list(b: Buf, d: number, end: number, flags: number): number {
    const fl = { v: flags | L_BEGINNING };
    let i = d;
    while (i < end) {
      const skip = this.listItem(b, i, end, fl);
      i += skip;
      if (skip === 0 || (fl.v & L_END) !== 0) break;
      fl.v &= ~L_BEGINNING;
    }
    return i - d;
  }

  private listItem(b: Buf, d: number, end: number, fl: { v: number }): number {
    const s = b.s;
    let itemIndent = 0;
    if (s.charCodeAt(d) === TAB) itemIndent += 4;
    else while (itemIndent < 3 && b.at(d + itemIndent, end) === SP) itemIndent++;

    let i = uliPrefix(b, d, end);
    if (i === 0) i = oliPrefix(b, d, end);
    if (i === 0) {
      i = dliPrefix(b, d, end);
      if (i > 0) fl.v &= ~L_TERM;
    }
    if (i === 0) {
      if ((fl.v & L_DEFINITION) !== 0) fl.v |= L_TERM;
      else return 0;
    }
    let p = skipChar(b, d + i, SP, end);
    let line = p;
    while (p > d && p < end && s.charCodeAt(p - 1) !== NL) p++;
    const raw: string[] = [s.slice(line, p)];
    let rawLen = p - line;
    line = p;
    let containsBlankLine = false;
    let sublist = 0;

    gather: while (line < end) {
      p++;
      while (p < end && s.charCodeAt(p - 1) !== NL) p++;
      if (isEmpty(b, line, p) > 0) {
        containsBlankLine = true;
        line = p;
        continue;
      }
      let indent = 0;
      let indentIndex = 0;
      if (s.charCodeAt(line) === TAB) {
        indentIndex++;
        indent += 4;
      } else {
        while (indent < 4 && line + indent < p && s.charCodeAt(line + indent) === SP) {
          indent++;
          indentIndex++;
        }
      }
      let cs = line + indentIndex;
      const ce = p;
      // An unindented fence line ends the list (in gomarkdown since 2022; mdtoc v1.4.0 has it).
      if (indent === 0 && isFenceOpenerLine(b, cs, ce)) {
        fl.v |= L_END;
        break gather;
      }
      if ((uliPrefix(b, cs, ce) > 0 && !isHRule(b, cs, ce)) || oliPrefix(b, cs, ce) > 0 || dliPrefix(b, cs, ce) > 0) {
        if (indentIndex >= 4 && dliPrefix(b, cs, ce) <= 0) {
          const lws = skipChar(b, cs, SP, ce) - cs;
          cs = line + indentIndex - (lws + 1);
        }
        if (indent <= itemIndent) {
          if (listTypeChanged(b, cs, ce, fl.v)) fl.v |= L_END;
          else if (containsBlankLine) fl.v |= L_CONTAINS_BLOCK;
          break gather;
        }
        if (containsBlankLine) fl.v |= L_CONTAINS_BLOCK;
        if (sublist === 0) {
          sublist = rawLen;
          if (dliPrefix(b, cs, ce) > 0) {
            const joined = raw.join("");
            let q = rawLen - 1;
            while (q > 0 && joined.charCodeAt(q - 1) !== NL) q--;
            sublist = q;
          }
        }
      } else if (isPrefixHeading(b, cs, ce) || isPrefixSpecialHeading(b, cs, ce)) {
        if (containsBlankLine && indent < 4) {
          fl.v |= L_END;
          break gather;
        }
        fl.v |= L_CONTAINS_BLOCK;
      } else if (containsBlankLine && indent < 4) {
        if ((fl.v & L_DEFINITION) !== 0 && p < end - 1) {
          let next = p;
          while (next < end && s.charCodeAt(next) !== NL) next++;
          while (next < end - 1 && s.charCodeAt(next) === NL) next++;
          if (p < end - 1 && s.charCodeAt(p) !== COLON && next < end - 1 && s.charCodeAt(next) !== COLON) fl.v |= L_END;
        } else {
          fl.v |= L_END;
        }
        break gather;
      } else if (containsBlankLine) {
        raw.push("\n");
        rawLen++;
        fl.v |= L_CONTAINS_BLOCK;
      }
      if (containsBlankLine) {
        containsBlankLine = false;
        raw.push("\n");
        rawLen++;
      }
      raw.push(s.slice(cs, ce));
      rawLen += ce - cs;
      line = p;
    }

    const inner = new Buf(raw.join(""));
    if ((fl.v & L_CONTAINS_BLOCK) !== 0 && (fl.v & L_TERM) === 0) {
      if (sublist > 0) {
        this.block(inner, 0, sublist);
        this.block(inner, sublist, inner.n);
      } else {
        this.block(inner, 0, inner.n);
      }
    } else if (sublist > 0) {
      this.block(inner, sublist, inner.n);
    }
    return line - d;
  }

  private paragraph(b: Buf, d: number, end: number): number {
    const s = b.s;
    let prev = d;
    let line = d;
    let i = d;
    while (i < end) {
      prev = line;
      line = i;
      const refEnd = this.isReference(b, i, end);
      if (refEnd > 0) return i + refEnd - d;
      const n = isEmpty(b, i, end);
      if (n > 0) {
        if (i < end - 1 && s.charCodeAt(i + 1) === COLON) return prev + this.list(b, prev, end, L_DEFINITION) - d;
        return i + n - d;
      }
      if (i > d) {
        const level = isUnderlinedHeading(b, i, end);
        if (level > 0) {
          let eol = i - 1;
          let p = prev;
          while (p < eol && s.charCodeAt(p) === SP) p++;
          while (eol > p && s.charCodeAt(eol - 1) === SP) eol--;
          this.addHeading(level, s.slice(p, eol));
          return skipUntilChar(b, i, NL, end) - d;
        }
      }
      if (isPrefixHeading(b, i, end) || isPrefixSpecialHeading(b, i, end) || isHRule(b, i, end)) return i - d;
      if (quotePrefix(b, i, end) > 0) return i - d;
      if (fencedCodeBlock(b, i, end) > 0) return i - d;
      if (tableHeader(b, i, end) > 0) return i - d;
      if (dliPrefix(b, i, end) !== 0) return prev + this.list(b, prev, end, L_DEFINITION) - d;
      i = nextLine(b, i, end);
    }
    return i - d;
  }

  /** isReference: a "[id]: url 'title'" line; records it and returns its length, or 0. */
  private isReference(b: Buf, d: number, end: number): number {
    if (end - d < 4) return 0;
    const s = b.s;
    let i = d;
    while (i - d < 3 && b.at(i, end) === SP) i++;
    if (b.at(i, end) !== LBRACK) return 0;
    i++;
    const idOffset = i;
    while (i < end && s.charCodeAt(i) !== NL && s.charCodeAt(i) !== CR && s.charCodeAt(i) !== RBRACK) i++;
    if (i >= end || s.charCodeAt(i) !== RBRACK) return 0;
    const idEnd = i;
    if (idOffset === idEnd) return 0;
    i++;
    if (i >= end || s.charCodeAt(i) !== COLON) return 0;
    i++;
    while (i < end && (s.charCodeAt(i) === SP || s.charCodeAt(i) === TAB)) i++;
    if (i < end && (s.charCodeAt(i) === NL || s.charCodeAt(i) === CR)) {
      i++;
      if (i < end && s.charCodeAt(i) === NL && s.charCodeAt(i - 1) === CR) i++;
    }
    while (i < end && (s.charCodeAt(i) === SP || s.charCodeAt(i) === TAB)) i++;
    if (i >= end) return 0;

    // scanLinkRef
    if (s.charCodeAt(i) === LT) i++;
    let linkOffset = i;
    while (i < end) {
      const c = s.charCodeAt(i);
      if (c === SP || c === TAB || c === NL || c === CR) break;
      i++;
    }
    let linkEnd = i;
    if (linkEnd < end && s.charCodeAt(linkOffset) === LT && s.charCodeAt(linkEnd - 1) === GT) {
      linkOffset++;
      linkEnd--;
    }
    while (i < end && (s.charCodeAt(i) === SP || s.charCodeAt(i) === TAB)) i++;
    if (i < end) {
      const c = s.charCodeAt(i);
      if (c !== NL && c !== CR && c !== SQ && c !== DQ && c !== LPAREN) return 0;
    }
    let lineEnd = 0; // relative to d; 0 = not found
    if (i >= end || s.charCodeAt(i) === CR || s.charCodeAt(i) === NL) lineEnd = i - d;
    if (i + 1 < end && s.charCodeAt(i) === CR && s.charCodeAt(i + 1) === NL) lineEnd++;
    if (lineEnd > 0) {
      i = d + lineEnd + 1;
      while (i < end && (s.charCodeAt(i) === SP || s.charCodeAt(i) === TAB)) i++;
    }
    let titleOffset = d;
    let titleEnd = d;
    if (i + 1 < end && (s.charCodeAt(i) === SQ || s.charCodeAt(i) === DQ || s.charCodeAt(i) === LPAREN)) {
      i++;
      titleOffset = i;
      while (i < end && s.charCodeAt(i) !== NL && s.charCodeAt(i) !== CR) i++;
      if (i + 1 < end && s.charCodeAt(i) === NL && s.charCodeAt(i + 1) === CR) titleEnd = i + 1;
      else titleEnd = i;
      i--;
      while (i > titleOffset && (s.charCodeAt(i) === SP || s.charCodeAt(i) === TAB)) i--;
      if (i > titleOffset && (s.charCodeAt(i) === SQ || s.charCodeAt(i) === DQ || s.charCodeAt(i) === RPAREN)) {
        lineEnd = titleEnd - d;
        titleEnd = i;
      }
    }
    if (lineEnd === 0) return 0;
    this.refs.set(s.slice(idOffset, idEnd).toLowerCase(), {
      link: s.slice(linkOffset, linkEnd),
      title: s.slice(titleOffset, titleEnd),
    });
    return lineEnd;
  }
}

function listTypeChanged(b: Buf, start: number, end: number, flags: number): boolean {
  if (dliPrefix(b, start, end) > 0 && (flags & L_DEFINITION) === 0) return true;
  if (oliPrefix(b, start, end) > 0 && (flags & L_ORDERED) === 0) return true;
  if (uliPrefix(b, start, end) > 0 && ((flags & L_ORDERED) !== 0 || (flags & L_DEFINITION) !== 0)) return true;
  return false;
}

function htmlHr(b: Buf, d: number, end: number): number {
  if (end - d < 4) return 0;
  const s = b.s;
  const c1 = s.charCodeAt(d + 1);
  const c2 = s.charCodeAt(d + 2);
  const c3 = s.charCodeAt(d + 3);
  if ((c1 !== 104 && c1 !== 72) || (c2 !== 114 && c2 !== 82)) return 0;
  if (c3 !== SP && c3 !== SLASH && c3 !== GT) return 0;
  let i = d + 3;
  while (i < end && s.charCodeAt(i) !== GT && s.charCodeAt(i) !== NL) i++;
  if (i < end && s.charCodeAt(i) === GT) {
    i++;
    const j = isEmpty(b, i, end);
    if (j > 0) return i + j - d;
  }
  return 0;
}

function blockMath(b: Buf, d: number, end: number): number {
  const s = b.s;
  if (end - d <= 4 || s.charCodeAt(d) !== DOLLAR || s.charCodeAt(d + 1) !== DOLLAR || s.charCodeAt(d + 2) === DOLLAR) return 0;
  const p = b.indexOf("$$", d + 2);
  if (p === -1 || p + 1 >= end) return 0;
  return p + 2 - d;
}

function linesUntilEmpty(b: Buf, d: number, end: number): number {
  let line = d;
  let i = d;
  while (line < end) {
    i++;
    while (i < end && b.s.charCodeAt(i - 1) !== NL) i++;
    if (isEmpty(b, line, i) === 0) {
      line = i;
      continue;
    }
    break;
  }
  return i - d;
}

/**
 * tableHeader(data, false): the size of a table header and delimiter row at d, or 0. A code span
 * that opens on the header line may close on a later line; the header then runs on to the end of
 * that line.
 */
function tableHeader(b: Buf, d: number, end: number): number {
  const s = b.s;
  // fast exit: without a pipe or a backtick on the line there is only one column (native indexOf: this
  // runs for every prose line of every README)
  let lineEnd = s.indexOf("\n", d);
  if (lineEnd < 0 || lineEnd > end) lineEnd = end;
  // b.indexOf memoizes: a plain indexOf would rescan the rest of a pipe-free document for every line.
  const pipe = b.indexOf("|", d);
  const tick = b.indexOf("`", d);
  if ((pipe < 0 || pipe >= lineEnd) && (tick < 0 || tick >= lineEnd)) return 0;
  let i = d;
  let colCount = 1;
  let headerIsUnderline = true;
  let headerIsWithEmptyFields = true;
  for (; i < end; i++) {
    let c = s.charCodeAt(i);
    if (c === NL) break;
    if (c === BT) {
      const isCode = codeSpanEnd(b, i, end);
      if (isCode > 0) {
        i += isCode - 1;
        c = s.charCodeAt(i);
      }
    }
    if (c === PIPE && !isBackslashEscaped(b, d, i)) colCount++;
    if (c !== DASH && c !== SP && c !== COLON && c !== PIPE) headerIsUnderline = false;
    if (c !== SP && c !== PIPE) headerIsWithEmptyFields = false;
  }
  if (colCount === 1) return 0;
  const j = skipCharN(b, i, NL, 1, end);
  if (s.charCodeAt(d) === PIPE) colCount--;
  let t = j;
  while (t > d && (s.charCodeAt(t - 1) === NL || s.charCodeAt(t - 1) === SP)) t--;
  if (t - d > 2 && s.charCodeAt(t - 1) === PIPE && !isBackslashEscaped(b, d, t - 1)) colCount--;
  if (headerIsUnderline && !headerIsWithEmptyFields) i = d;
  else i++;
  if (i >= end) return 0;
  if (s.charCodeAt(i) === PIPE && !isBackslashEscaped(b, d, i)) i++;
  i = skipChar(b, i, SP, end);
  let col = 0;
  while (i < end && s.charCodeAt(i) !== NL) {
    let dashes = 0;
    if (s.charCodeAt(i) === COLON) {
      i++;
      dashes++;
    }
    while (i < end && s.charCodeAt(i) === DASH) {
      i++;
      dashes++;
    }
    if (i < end && s.charCodeAt(i) === COLON) {
      i++;
      dashes++;
    }
    while (i < end && s.charCodeAt(i) === SP) i++;
    if (i === end) return 0;
    const c = s.charCodeAt(i);
    const escaped = isBackslashEscaped(b, d, i);
    if (dashes < 3) return 0;
    if (c === PIPE && !escaped) {
      col++;
      i++;
      while (i < end && s.charCodeAt(i) === SP) i++;
      if (col >= colCount && i < end && s.charCodeAt(i) !== NL) return 0;
    } else if ((c !== PIPE || escaped) && col + 1 < colCount) {
      return 0;
    } else if (c === NL) {
      col++;
    } else {
      return 0;
    }
  }
  if (col !== colCount) return 0;
  return skipCharN(b, i, NL, 1, end) - d;
}

// ---------------------------------------------------------------------------------------------
// Inline parser for heading text: a port of gomarkdown's parser/inline.go with the handlers that
// CommonExtensions registers, and of the html renderer for the nodes they produce.

type INode =
  | { t: "text"; v: string }
  | { t: "code"; v: string }
  | { t: "html"; v: string }
  | { t: "math"; v: string }
  | { t: "br" }
  | { t: "codeblock"; info: string; v: string }
  | { t: "emph" | "strong" | "del"; c: INode[] }
  | { t: "link"; dest: string; title: string | null; c: INode[] }
  | { t: "image"; dest: string; title: string | null; c: INode[] };

type Handled = [number, INode | null];
const NONE: Handled = [0, null];

class BudgetExceeded extends Error {}

/** The characters gomarkdown registers inline handlers for (CommonExtensions). */
const HAS_HANDLER = new Uint8Array(128);
for (const c of " *_~`\n[<\\&!^hmfHMF$") HAS_HANDLER[c.charCodeAt(0)] = 1;

const ESCAPE_CHARS = new Set(Array.from("\\`*_{}[]()#+-.!:|&<>~^", (c) => c.charCodeAt(0)));
const PROTOCOLS = ["http://", "https://", "ftp://", "file://", "mailto:"];
const SAFE_URIS = ["http://", "https://", "ftp://", "mailto:"];
const SAFE_PATHS = ["/", "./", "../"];
const URL_RE = String.raw`(?:(?:https?|ftp):\/\/|\/)[-A-Za-z0-9+&@#\/%?=~_|!:,.;\(\)]+`;
const ANCHOR_RE = new RegExp(String.raw`^<a[\t\n\f\r ]href="${URL_RE}"(?:[\t\n\f\r ]title="[^"<>]+")?[\t\n\f\r ]?>${URL_RE}<\/a>`);

class InlineParser {
  private nesting = 0;
  private insideLink = false;
  private steps = 0;
  private ltQuery = -1;
  private ltResult = -1;
  private readonly limit: number;
  private readonly b: Buf;

  constructor(
    content: string,
    private readonly refs: Map<string, RefDef>,
  ) {
    this.b = new Buf(content);
    this.limit = 20 * content.length + 20_000;
  }

  parse(): INode[] {
    const out: INode[] = [];
    this.inline(out, 0, this.b.n);
    return out;
  }

  private tick(n = 1): void {
    this.steps += n;
    if (this.steps > this.limit) throw new BudgetExceeded();
  }

  private c(i: number, end: number): number {
    return this.b.at(i, end);
  }

  private inline(out: INode[], start: number, end: number): void {
    if (this.nesting >= MAX_NESTING || end - start === 0) return;
    this.nesting++;
    const s = this.b.s;
    let beg = start;
    let e = start;
    while (e < end) {
      const ch = s.charCodeAt(e);
      if (ch >= 128 || HAS_HANDLER[ch] === 0) {
        e++;
        continue;
      }
      this.tick();
      const [consumed, node] = this.handle(ch, start, end, e);
      if (consumed === 0) {
        // a run of spaces not followed by a newline: no position in it does anything
        e = ch === SP ? min(this.b.runEnd(e, SP), end) : e + 1;
        continue;
      }
      out.push({ t: "text", v: s.slice(beg, e) });
      if (node) out.push(node);
      beg = e + consumed;
      e = beg;
    }
    if (beg < end) {
      if (s.charCodeAt(e - 1) === NL) e--;
      out.push({ t: "text", v: s.slice(beg, e) });
    }
    this.nesting--;
  }

  private handle(ch: number, start: number, end: number, o: number): Handled {
    switch (ch) {
      case SP:
        return this.maybeLineBreak(end, o);
      case STAR:
      case UNDERSCORE:
      case TILDE:
        return this.emphasis(end, o);
      case BT:
        return this.codeSpan(end, o);
      case LBRACK:
        return this.link(start, end, o);
      case LT:
        return this.leftAngle(end, o);
      case BSLASH:
        return this.escape(end, o);
      case AMP:
        return this.entity(end, o);
      case BANG:
      case CARET: // ^ without footnotes or super/subscript: only "^[" does anything (as a link)
        return o < end - 1 && this.b.s.charCodeAt(o + 1) === LBRACK ? this.link(start, end, o) : NONE;
      case 104: // h
      case 109: // m
      case 102: // f
      case 72: // H
      case 77: // M
      case 70: // F
        return this.maybeAutoLink(start, end, o);
      case DOLLAR:
        return this.math(end, o);
      default:
        return NONE;
    }
  }

  private maybeLineBreak(end: number, o: number): Handled {
    const re = min(this.b.runEnd(o, SP), end);
    if (re < end && this.b.s.charCodeAt(re) === NL) {
      return re - o >= 2 ? [re - o + 1, { t: "br" }] : [re - o, null];
    }
    return NONE;
  }

  private emphasis(end: number, o: number): Handled {
    const c = this.b.s.charCodeAt(o);
    const n = end - o;
    const c1 = this.c(o + 1, end);
    const c2 = this.c(o + 2, end);
    const c3 = this.c(o + 3, end);
    if (n > 2 && c1 !== c) {
      if (isSpace(c1)) return NONE;
      const [ret, node] = this.helperEmphasis(o + 1, end, c);
      return ret === 0 ? NONE : [ret + 1, node];
    }
    if (n > 3 && c1 === c && c2 !== c) {
      if (isSpace(c2)) return NONE;
      const [ret, node] = this.helperDoubleEmphasis(o + 2, end, c);
      return ret === 0 ? NONE : [ret + 2, node];
    }
    if (n > 4 && c1 === c && c2 === c && c3 !== c) {
      if (c === TILDE || isSpace(c3)) return NONE;
      const [ret, node] = this.helperTripleEmphasis(o, end, c);
      return ret === 0 ? NONE : [ret + 3, node];
    }
    return NONE;
  }

  /** helperFindEmphChar: the next `c`, skipping code spans and links (relative), or 0. */
  private findEmphChar(start: number, end: number, c: number): number {
    const s = this.b.s;
    let i = start;
    while (i < end) {
      while (i < end) {
        this.tick();
        const d = s.charCodeAt(i);
        if (d === c || d === BT || d === LBRACK) break;
        i++;
      }
      if (i >= end) return 0;
      if (i !== start && s.charCodeAt(i - 1) === BSLASH) {
        i++;
        continue;
      }
      const d = s.charCodeAt(i);
      if (d === c) return i - start;
      if (d === BT) {
        let tmp = 0;
        i++;
        while (i < end && s.charCodeAt(i) !== BT) {
          this.tick();
          if (tmp === 0 && s.charCodeAt(i) === c) tmp = i - start;
          i++;
        }
        if (i >= end) return tmp;
        i++;
      } else {
        let tmp = 0;
        i++;
        while (i < end && s.charCodeAt(i) !== RBRACK) {
          this.tick();
          if (tmp === 0 && s.charCodeAt(i) === c) tmp = i - start;
          i++;
        }
        i++;
        while (i < end && (s.charCodeAt(i) === SP || s.charCodeAt(i) === NL)) i++;
        if (i >= end) return tmp;
        const cc = s.charCodeAt(i);
        if (cc !== LBRACK && cc !== LPAREN) {
          if (tmp > 0) return tmp;
          continue;
        }
        i++;
        while (i < end && s.charCodeAt(i) !== cc) {
          this.tick();
          if (tmp === 0 && s.charCodeAt(i) === c) return i - start;
          i++;
        }
        if (i >= end) return tmp;
        i++;
      }
    }
    return 0;
  }

  private helperEmphasis(start: number, end: number, c: number): Handled {
    const len = end - start;
    let i = 0;
    if (len > 1 && this.c(start, end) === c && this.c(start + 1, end) === c) i = 1;
    while (i < len) {
      this.tick();
      const length = this.findEmphChar(start + i, end, c);
      if (length === 0) return NONE;
      i += length;
      if (i >= len) return NONE;
      if (i + 1 < len && this.c(start + i + 1, end) === c) {
        i++;
        continue;
      }
      if (this.c(start + i, end) === c && !isSpace(this.c(start + i - 1, end))) {
        const next = this.c(start + i + 1, end);
        if (!(i + 1 === len || isSpace(next) || isPunctuation(next))) continue; // NoIntraEmphasis
        const node: INode = { t: "emph", c: [] };
        this.inline(node.c, start, start + i);
        return [i + 1, node];
      }
    }
    return NONE;
  }

  private helperDoubleEmphasis(start: number, end: number, c: number): Handled {
    const len = end - start;
    let i = 0;
    while (i < len) {
      this.tick();
      const length = this.findEmphChar(start + i, end, c);
      if (length === 0) return NONE;
      i += length;
      if (i + 1 < len && this.c(start + i, end) === c && this.c(start + i + 1, end) === c && i > 0 && !isSpace(this.c(start + i - 1, end))) {
        const node: INode = { t: c === TILDE ? "del" : "strong", c: [] };
        this.inline(node.c, start, start + i);
        return [i + 2, node];
      }
      i++;
    }
    return NONE;
  }

  private helperTripleEmphasis(orig: number, end: number, c: number): Handled {
    const start = orig + 3;
    const len = end - start;
    let i = 0;
    while (i < len) {
      this.tick();
      const length = this.findEmphChar(start + i, end, c);
      if (length === 0) return NONE;
      i += length;
      if (this.c(start + i, end) !== c || isSpace(this.c(start + i - 1, end))) continue;
      if (i + 2 < len && this.c(start + i + 1, end) === c && this.c(start + i + 2, end) === c) {
        const em: INode = { t: "emph", c: [] };
        this.inline(em.c, start, start + i);
        return [i + 3, { t: "strong", c: [em] }];
      }
      if (i + 1 < len && this.c(start + i + 1, end) === c) {
        const [length2, node] = this.helperEmphasis(start - 2, end, c);
        return length2 === 0 ? NONE : [length2 - 2, node];
      }
      const [length2, node] = this.helperDoubleEmphasis(start - 1, end, c);
      return length2 === 0 ? NONE : [length2 - 1, node];
    }
    return NONE;
  }

  private codeSpan(end: number, o: number): Handled {
    const s = this.b.s;
    const consumed = codeSpanEnd(this.b, o, end);
    if (consumed === 0) return NONE;
    const re = min(this.b.runEnd(o, BT), end);
    const nb = re - o;
    const e = o + consumed;
    this.tick(consumed);
    let fBegin = re;
    while (fBegin < e && s.charCodeAt(fBegin) === SP) fBegin++;
    let fEnd = e - nb;
    while (fEnd > fBegin && s.charCodeAt(fEnd - 1) === SP) fEnd--;
    if (fBegin === fEnd) return [consumed, null];
    if (nb === 3) {
      const lf = s.indexOf("\n", re);
      if (lf !== -1 && lf < e) {
        let charsAfter = false;
        for (let j = e; j < end && s.charCodeAt(j) !== NL; j++) if (!isSpace(s.charCodeAt(j))) charsAfter = true;
        if (!charsAfter) {
          // a code block inside inline text (cannot happen in a one-line heading)
          let i = fBegin;
          const synStart = i;
          while (i < end && !isSpace(s.charCodeAt(i))) i++;
          return [consumed, { t: "codeblock", info: s.slice(synStart, i), v: s.slice(i, fEnd) }];
        }
      }
    }
    return [consumed, { t: "code", v: s.slice(fBegin, fEnd) }];
  }

  private link(start: number, end: number, o: number): Handled {
    const s = this.b.s;
    if (this.insideLink && ((o > start && s.charCodeAt(o - 1) === LBRACK) || (end - 1 > o && s.charCodeAt(o + 1) === CARET))) {
      return NONE;
    }
    const isImg = s.charCodeAt(o) === BANG;
    const D = isImg ? o + 1 : o;
    const len = end - D;
    const at = (k: number): number => this.c(D + k, end);
    let i = 1;
    let textHasNl = false;
    for (let level = 1; level > 0 && i < len; i++) {
      this.tick();
      const ch = at(i);
      if (ch === NL) textHasNl = true;
      else if (at(i - 1) === BSLASH) continue;
      else if (ch === LBRACK) level++;
      else if (ch === RBRACK) {
        level--;
        if (level <= 0) i--;
      }
    }
    if (i >= len) return NONE;
    const txtE = i;
    i++;
    while (i < len && isSpace(at(i))) i++;

    let link: string | null = null;
    let title: string | null = null;
    if (i < len && at(i) === LPAREN) {
      i++;
      while (i < len && isSpace(at(i))) i++;
      let linkB = i;
      let brace = 0;
      while (i < len) {
        this.tick();
        const ch = at(i);
        if (ch === BSLASH) i += 2;
        else if (ch === LPAREN) {
          brace++;
          i++;
        } else if (ch === RPAREN) {
          if (brace <= 0) break;
          brace--;
          i++;
        } else if (ch === SQ || ch === DQ) break;
        else i++;
      }
      if (i >= len) return NONE;
      let linkE = i;
      let titleB = 0;
      let titleE = 0;
      if (at(i) === SQ || at(i) === DQ) {
        i++;
        titleB = i;
        let titleEndCharFound = false;
        while (i < len) {
          this.tick();
          const ch = at(i);
          if (ch === BSLASH) i++;
          else if (ch === at(titleB - 1)) titleEndCharFound = true;
          else if (titleEndCharFound && ch === RPAREN) break;
          i++;
        }
        if (i >= len) return NONE;
        titleE = i - 1;
        while (titleE > titleB && isSpace(at(titleE))) titleE--;
        if (at(titleE) !== SQ && at(titleE) !== DQ) {
          titleB = 0;
          titleE = 0;
          linkE = i;
        }
      }
      while (linkE > linkB && isSpace(at(linkE - 1))) linkE--;
      if (at(linkB) === LT) linkB++;
      if (at(linkE - 1) === GT) linkE--;
      if (linkE > linkB) link = s.slice(D + linkB, D + linkE);
      if (titleE > titleB) title = s.slice(D + titleB, D + titleE);
      i++;
    } else if (i < len - 1 && at(i) === LBRACK && at(i + 1) !== CARET) {
      // reference style link: [text][id] or [text][]
      i++;
      const linkB = i;
      while (i < len && at(i) !== RBRACK) i++;
      if (i >= len) return NONE;
      const linkE = i;
      const id = linkB === linkE ? (textHasNl ? this.joinLines(D + 1, D + txtE) : s.slice(D + 1, D + txtE)) : s.slice(D + linkB, D + linkE);
      const ref = this.refs.get(id.toLowerCase());
      if (!ref) return NONE;
      link = ref.link;
      title = ref.title;
      i++;
    } else {
      // shortcut reference: [id]
      const id = textHasNl ? this.joinLines(D + 1, D + txtE) : s.slice(D + 1, D + txtE);
      const ref = this.refs.get(id.toLowerCase());
      if (!ref) return NONE;
      link = ref.link;
      title = ref.title;
      i = txtE + 1;
    }

    const uLink = link !== null && link.length > 0 ? unescapeText(link) : "";
    if (uLink.length === 0 || (!isImg && txtE <= 1)) return NONE;
    if (isImg) {
      return [i + 1, { t: "image", dest: uLink, title, c: [{ t: "text", v: s.slice(D + 1, D + txtE) }] }];
    }
    const node: INode = { t: "link", dest: uLink, title, c: [] };
    const inside = this.insideLink;
    this.insideLink = true;
    this.inline(node.c, D + 1, D + txtE);
    this.insideLink = inside;
    return [i, node];
  }

  private joinLines(start: number, end: number): string {
    const s = this.b.s;
    let out = "";
    for (let j = start; j < end; j++) {
      const ch = s.charCodeAt(j);
      if (ch !== NL) out += s[j];
      else if (s.charCodeAt(j - 1) !== SP) out += " ";
    }
    return out;
  }

  private leftAngle(end: number, o: number): Handled {
    const s = this.b.s;
    const [kind, length] = this.tagLength(end, o);
    let e = length;
    const comment = inlineHTMLComment(this.b, o, end);
    if (comment > 0) e = comment;
    if (e <= 2) return [e, null];
    if (kind === 0) return [e, { t: "html", v: s.slice(o, o + e) }];
    const uLink = unescapeText(s.slice(o + 1, o + e - 1));
    if (uLink.length <= 0) return [e, null];
    const dest = kind === 2 ? `mailto:${uLink}` : uLink;
    const text = uLink.startsWith("mailto://") ? uLink.slice(9) : uLink.startsWith("mailto:") ? uLink.slice(7) : uLink;
    return [e, { t: "link", dest, title: null, c: [{ t: "text", v: text }] }];
  }

  /** tagLength: [0 not an autolink | 1 URL | 2 e-mail, length] */
  private tagLength(end: number, o: number): [number, number] {
    const s = this.b.s;
    const len = end - o;
    if (len < 3) return [0, 0];
    let i = s.charCodeAt(o + 1) === SLASH ? 2 : 1;
    if (!isAlnum(this.c(o + i, end))) return [0, 0];
    let kind = 0;
    while (i < len) {
      const ch = s.charCodeAt(o + i);
      if (!(isAlnum(ch) || ch === DOT || ch === PLUS || ch === DASH)) break;
      this.tick();
      i++;
    }
    if (i > 1 && i < len && s.charCodeAt(o + i) === AT) {
      const j = this.mailtoLength(o + i, end);
      if (j !== 0) return [2, i + j];
    }
    if (i > 2 && i < len && s.charCodeAt(o + i) === COLON) {
      kind = 1;
      i++;
    }
    if (i >= len) {
      kind = 0;
    } else if (kind !== 0) {
      const j = i;
      while (i < len) {
        this.tick();
        const ch = s.charCodeAt(o + i);
        if (ch === BSLASH) i += 2;
        else if (ch === GT || ch === SQ || ch === DQ || isSpace(ch)) break;
        else i++;
      }
      if (i >= len) return [kind, 0];
      if (i > j && s.charCodeAt(o + i) === GT) return [kind, i + 1];
      kind = 0;
    }
    const gt = this.b.indexOf(">", o + i);
    i += gt === -1 || gt >= end ? -1 : gt - (o + i);
    if (i < 0) return [kind, 0];
    return [kind, i + 1];
  }

  private mailtoLength(start: number, end: number): number {
    const s = this.b.s;
    let nb = 0;
    for (let i = start; i < end; i++) {
      this.tick();
      const ch = s.charCodeAt(i);
      if (isAlnum(ch)) continue;
      if (ch === AT) nb++;
      else if (ch === GT) return nb === 1 ? i - start + 1 : 0;
      else if (ch !== DASH && ch !== DOT && ch !== UNDERSCORE) return 0;
    }
    return 0;
  }

  private escape(end: number, o: number): Handled {
    if (end - o <= 1) return [2, null];
    const next = this.b.s.charCodeAt(o + 1);
    if (next === NL) return [2, { t: "br" }]; // BackslashLineBreak
    if (!ESCAPE_CHARS.has(next)) return NONE;
    return [2, { t: "text", v: this.b.s[o + 1] ?? "" }];
  }

  private entity(end: number, o: number): Handled {
    const s = this.b.s;
    let e = o + 1;
    if (e < end && s.charCodeAt(e) === HASH) e++;
    while (e < end && isAlnum(s.charCodeAt(e))) e++;
    if (e < end && s.charCodeAt(e) === SEMI) e++;
    else return NONE;
    this.tick(e - o);
    const ent = s.slice(o, e);
    if (ent === "&amp;") return [e - o, { t: "text", v: "&" }];
    if (ent.length < 4) return [e - o, { t: "text", v: ent }];
    const hex = ent[2] === "x" || ent[2] === "X";
    const cp = parseGoUint(hex ? ent.slice(3, -1) : ent.slice(2, -1), hex ? 16 : 10);
    if (cp !== undefined) return [e - o, { t: "text", v: goRuneString(cp) }];
    return [e - o, { t: "text", v: ent }];
  }

  private maybeAutoLink(start: number, end: number, o: number): Handled {
    if (this.insideLink || end - o < 6) return NONE;
    const s = this.b.s;
    const head = min(o + 8, end);
    for (const prefix of PROTOCOLS) {
      if (head - o < prefix.length) continue;
      let ok = true;
      for (let k = 0; k < prefix.length && ok; k++) {
        const want = prefix.charCodeAt(k);
        const got = s.charCodeAt(o + k);
        ok = want === got || (got < 128 && got + 32 === want);
      }
      if (ok) return this.autoLink(start, end, o);
    }
    return NONE;
  }

  private autoLink(start: number, end: number, o: number): Handled {
    const s = this.b.s;
    // Not inside an <a href="...">...</a> written out in HTML? gomarkdown walks back to the
    // nearest '<' (or the start) and matches anchorRe there.
    const lt = this.lastLT(o);
    const anchorStart = lt > start ? lt : start;
    const offsetFromAnchor = o - anchorStart;
    if (s.charCodeAt(anchorStart) === LT && s.charCodeAt(anchorStart + 1) === 97) {
      this.tick(end - anchorStart);
      const m = ANCHOR_RE.exec(s.slice(anchorStart, end));
      if (m) {
        const consumed = m[0].length - offsetFromAnchor;
        if (consumed > 0) return [consumed, { t: "html", v: m[0].slice(offsetFromAnchor) }];
        return NONE;
      }
    }
    let rewind = 0;
    while (o - rewind > start && rewind <= 7 && isLetter(s.charCodeAt(o - rewind - 1))) rewind++;
    if (rewind > 6) return NONE;
    const D = o - rewind;
    if (!isSafeURL(s, D, end)) return NONE;
    let linkEnd = 0;
    while (D + linkEnd < end) {
      const ch = s.charCodeAt(D + linkEnd);
      if (isSpace(ch) || ch === LT) break;
      this.tick();
      linkEnd++;
    }
    const at = (k: number): number => this.c(D + k, end);
    if ((at(linkEnd - 1) === DOT || at(linkEnd - 1) === COMMA) && at(linkEnd - 2) !== BSLASH) linkEnd--;
    if (at(linkEnd - 1) === SEMI && at(linkEnd - 2) !== BSLASH && !endsWithEntity(s, D, D + linkEnd)) linkEnd--;
    const last = at(linkEnd - 1);
    const copen = last === DQ ? DQ : last === SQ ? SQ : last === RPAREN ? LPAREN : last === RBRACK ? LBRACK : last === RBRACE ? LBRACE : 0;
    if (copen !== 0) {
      let bufEnd = o - rewind + linkEnd - 2;
      let openDelim = 1;
      while (bufEnd >= start && s.charCodeAt(bufEnd) !== NL && openDelim !== 0) {
        this.tick();
        const ch = s.charCodeAt(bufEnd);
        if (ch === last) openDelim++;
        if (ch === copen) openDelim--;
        bufEnd--;
      }
      if (openDelim === 0) linkEnd--;
    }
    const uLink = unescapeText(s.slice(D, D + linkEnd));
    if (uLink.length > 0) return [linkEnd, { t: "link", dest: uLink, title: null, c: [{ t: "text", v: uLink }] }];
    return [linkEnd, null];
  }

  /** The last '<' at or before o (-1 if none), memoized for increasing o. */
  private lastLT(o: number): number {
    if (this.ltQuery >= 0 && o >= this.ltQuery) {
      const next = this.b.indexOf("<", this.ltQuery + 1);
      if (next === -1 || next > o) {
        this.ltQuery = o;
        return this.ltResult;
      }
    }
    this.ltQuery = o;
    this.ltResult = this.b.s.lastIndexOf("<", o);
    return this.ltResult;
  }

  private math(end: number, o: number): Handled {
    const s = this.b.s;
    if (end - o <= 2 || s.charCodeAt(o + 1) === DOLLAR) return NONE;
    const e = this.b.indexOf("$", o + 1);
    if (e === -1 || e >= end) return NONE;
    this.tick(e - o);
    return [e + 1 - o, { t: "math", v: s.slice(o + 1, e) }];
  }
}

function isSafeURL(s: string, d: number, end: number): boolean {
  const n = end - d;
  for (const path of SAFE_PATHS) {
    if (n >= path.length && s.startsWith(path, d)) {
      if (n === path.length) return true;
      if (isAlnum(s.charCodeAt(d + path.length))) return true;
    }
  }
  for (const prefix of SAFE_URIS) {
    if (n > prefix.length && hasLowerPrefix(s, d, prefix) && isAlnum(s.charCodeAt(d + prefix.length))) return true;
  }
  return false;
}

/** bytes.ToLower(s[d:d+len(prefix)]) == prefix, for an ASCII prefix. */
function hasLowerPrefix(s: string, d: number, prefix: string): boolean {
  for (let k = 0; k < prefix.length; k++) {
    let c = s.charCodeAt(d + k);
    if (c >= 65 && c <= 90) c += 32;
    if (c !== prefix.charCodeAt(k)) return false;
  }
  return true;
}

/** Does s[d:e] end with an entity like "&amp;" (htmlEntityRe `&[a-z]{2,5};`)? */
function endsWithEntity(s: string, d: number, e: number): boolean {
  if (e - 1 < d || s.charCodeAt(e - 1) !== SEMI) return false;
  let k = e - 1;
  while (k > d && e - 1 - k < 6 && s.charCodeAt(k - 1) >= 97 && s.charCodeAt(k - 1) <= 122) k--;
  const letters = e - 1 - k;
  return letters >= 2 && letters <= 5 && k - 1 >= d && s.charCodeAt(k - 1) === AMP;
}

function unescapeText(src: string): string {
  if (src.indexOf("\\") === -1) return src;
  let out = "";
  let i = 0;
  while (i < src.length) {
    const org = i;
    while (i < src.length && src.charCodeAt(i) !== BSLASH) i++;
    if (i > org) out += src.slice(org, i);
    if (i + 1 >= src.length) break;
    out += src[i + 1];
    i += 2;
  }
  return out;
}

/** strconv.ParseUint(s, base, 64): undefined on a syntax or range error. */
function parseGoUint(s: string, base: 10 | 16): bigint | undefined {
  if (s.length === 0) return undefined;
  const re = base === 16 ? /^[0-9a-fA-F]+$/ : /^[0-9]+$/;
  if (!re.test(s)) return undefined;
  const v = BigInt(base === 16 ? `0x${s}` : s);
  return v > 0xffffffffffffffffn ? undefined : v;
}

/** string(rune(cp)) for a uint64: truncated to int32; invalid code points become U+FFFD. */
function goRuneString(cp: bigint): string {
  const r = Number(BigInt.asIntN(32, cp));
  if (r < 0 || r > 0x10ffff || (r >= 0xd800 && r <= 0xdfff)) return "\ufffd";
  return String.fromCodePoint(r);
}

// ---------------------------------------------------------------------------------------------
// Rendering (gomarkdown html.Renderer with no flags) and mdtoc's asText

/**
 * Headings with none of the characters that start inline markup parse to a single Text node.
 * (gomarkdown's case-insensitive protocol test also accepts \x1a for ':' and \x0f for '/'.)
 */
// eslint-disable-next-line no-control-regex
const INLINE_TRIGGER = /[*_~`[<\\&!^$\n]|(?:https?|ftp|file)[:\x1a][/\x0f][/\x0f]|mailto[:\x1a]/i;

function renderHeading(content: string, refs: Map<string, RefDef>): { html: string; text: string } {
  if (!INLINE_TRIGGER.test(content)) return { html: goTrimSpace(escapeHTML(content)), text: content };
  let nodes: INode[];
  try {
    nodes = new InlineParser(content, refs).parse();
  } catch (err) {
    if (!(err instanceof BudgetExceeded)) throw err;
    // pathological heading: give up on inline markup rather than on linear time
    nodes = [{ t: "text", v: content }];
  }
  return { html: goTrimSpace(renderNodes(nodes, false)), text: asText(nodes) };
}

function renderNodes(nodes: INode[], parentIsLink: boolean): string {
  let out = "";
  for (const node of nodes) {
    switch (node.t) {
      case "text":
        out += parentIsLink ? escapeHTML(goUnescapeString(node.v)) : escapeHTML(node.v);
        break;
      case "code":
        out += `<code>${escapeHTML(node.v)}</code>`;
        break;
      case "html":
        out += node.v;
        break;
      case "math":
        out += `<span class="math inline">\\(${escapeHTML(node.v)}\\)</span>`;
        break;
      case "br":
        out += "<br>\n";
        break;
      case "codeblock": {
        const lang = node.info.split(/[\t ]/)[0] ?? "";
        out += `${lang ? `<pre><code class="language-${lang}">` : "<pre><code>"}${escapeHTML(node.v)}</code></pre>\n`;
        break;
      }
      case "emph":
        out += `<em>${renderNodes(node.c, false)}</em>`;
        break;
      case "strong":
      case "del":
        out += `<${node.t}>${renderNodes(node.c, false)}</${node.t}>`;
        break;
      case "link":
        out += `<a href="${escapeHTML(goUnescapeString(node.dest))}"`;
        if (node.title !== null && node.title.length > 0) out += ` title="${escapeHTML(node.title)}"`;
        out += `>${renderNodes(node.c, true)}</a>`;
        break;
      case "image":
        out += `<img src="${escapeHTML(goUnescapeString(node.dest))}" alt="${renderNodes(node.c, false)}`;
        if (node.title !== null) out += `" title="${escapeHTML(node.title)}`;
        out += `" />`;
        break;
    }
  }
  return out;
}

/** The literals of the Text and Code nodes, in order (mdtoc's asText, the anchor's source). */
function asText(nodes: INode[]): string {
  let out = "";
  for (const node of nodes) {
    if (node.t === "text" || node.t === "code") out += node.v;
    else if ("c" in node) out += asText(node.c);
  }
  return out;
}

const HTML_SPECIAL = /[&<>"]/;

function escapeHTML(s: string): string {
  if (!HTML_SPECIAL.test(s)) return s;
  return s.replace(/[&<>"]/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : "&quot;"));
}

// ---------------------------------------------------------------------------------------------
// Go's html.UnescapeString (used by the renderer for link text and destinations)

let entityMap: Map<string, string> | undefined;

function entities(): Map<string, string> {
  if (entityMap) return entityMap;
  const map = new Map<string, string>();
  let cp = 0;
  for (const group of ENTITY_DATA.split(" ")) {
    const [delta, names] = group.split(":");
    cp += parseInt(delta ?? "0", 16);
    const ch = String.fromCodePoint(cp);
    for (const name of (names ?? "").split(",")) map.set(`${name};`, ch);
  }
  for (const entry of ENTITY2_DATA.split(" ")) {
    const [name, a, b] = entry.split(":");
    map.set(`${name};`, String.fromCodePoint(parseInt(a ?? "0", 16), parseInt(b ?? "0", 16)));
  }
  for (const name of LEGACY_ENTITIES.split(" ")) {
    const v = map.get(`${name};`);
    if (v !== undefined) map.set(name, v);
  }
  entityMap = map;
  return map;
}

function goUnescapeString(s: string): string {
  if (s.indexOf("&") === -1) return s;
  let out = "";
  let src = 0;
  while (src < s.length) {
    const amp = s.indexOf("&", src);
    if (amp === -1) {
      out += s.slice(src);
      break;
    }
    out += s.slice(src, amp);
    const [text, next] = unescapeEntity(s, amp);
    out += text;
    src = next;
  }
  return out;
}

/** Go's html.unescapeEntity (attribute=false) at s[src] === "&": [replacement, next index]. */
function unescapeEntity(s: string, src: number): [string, number] {
  const n = s.length - src;
  if (n <= 1) return ["&", src + 1];
  let i = 1;
  if (s.charCodeAt(src + 1) === HASH) {
    if (n <= 3) return ["&", src + 1];
    i++;
    let c = s.charCodeAt(src + i);
    let hex = false;
    if (c === 120 || c === 88) {
      hex = true;
      i++;
    }
    let x = 0;
    while (i < n) {
      c = s.charCodeAt(src + i);
      i++;
      if (hex) {
        if (c >= 48 && c <= 57) {
          x = (16 * x + c - 48) | 0;
          continue;
        } else if (c >= 97 && c <= 102) {
          x = (16 * x + c - 97 + 10) | 0;
          continue;
        } else if (c >= 65 && c <= 70) {
          x = (16 * x + c - 65 + 10) | 0;
          continue;
        }
      } else if (c >= 48 && c <= 57) {
        x = (10 * x + c - 48) | 0;
        continue;
      }
      if (c !== SEMI) i--;
      break;
    }
    if (i <= 3) return ["&", src + 1];
    if (x >= 0x80 && x <= 0x9f) x = WIN1252[x - 0x80] ?? 0xfffd;
    else if (x === 0 || (x >= 0xd800 && x <= 0xdfff) || x > 0x10ffff || x < 0) x = 0xfffd;
    return [String.fromCodePoint(x), src + i];
  }
  while (i < n) {
    const c = s.charCodeAt(src + i);
    i++;
    if (isAlnum(c)) continue;
    if (c !== SEMI) i--;
    break;
  }
  const name = s.slice(src + 1, src + i);
  const map = entities();
  if (name.length > 0) {
    const v = map.get(name);
    if (v !== undefined) return [v, src + i];
    const maxLen = min(name.length - 1, 6);
    for (let j = maxLen; j > 1; j--) {
      const w = map.get(name.slice(0, j));
      if (w !== undefined) return [w, src + j + 1];
    }
  }
  return [s.slice(src, src + i), src + i];
}

// ---------------------------------------------------------------------------------------------
// Data: Go's html entity tables (html/entity.go) and its Windows-1252 replacements for &#128;-&#159;.

// Named references ending in ';': groups of "<hex delta from the previous code point>:<names>".
const ENTITY_DATA =
  "9:Tab 1:NewLine 17:excl 1:QUOT,quot 1:num 1:dollar 1:percnt 1:AMP,amp 1:apos 1:lpar 1:rpar " +
  "1:ast,midast 1:plus 1:comma 2:period 1:sol b:colon 1:semi 1:LT,lt 1:equals 1:GT,gt 1:quest 1:commat " +
  "1b:lbrack,lsqb 1:bsol 1:rbrack,rsqb 1:Hat 1:UnderBar,lowbar 1:DiacriticalGrave,grave 1b:lbrace,lcub " +
  "1:VerticalLine,verbar,vert 1:rbrace,rcub 23:NonBreakingSpace,nbsp 1:iexcl 1:cent 1:pound 1:curren " +
  "1:yen 1:brvbar 1:sect 1:Dot,DoubleDot,die,uml 1:COPY,copy 1:ordf 1:laquo 1:not 1:shy " +
  "1:REG,circledR,reg 1:macr,strns 1:deg 1:PlusMinus,plusmn,pm 1:sup2 1:sup3 1:DiacriticalAcute,acute " +
  "1:micro 1:para 1:CenterDot,centerdot,middot 1:Cedilla,cedil 1:sup1 1:ordm 1:raquo 1:frac14 " +
  "1:frac12,half 1:frac34 1:iquest 1:Agrave 1:Aacute 1:Acirc 1:Atilde 1:Auml 1:Aring,angst 1:AElig " +
  "1:Ccedil 1:Egrave 1:Eacute 1:Ecirc 1:Euml 1:Igrave 1:Iacute 1:Icirc 1:Iuml 1:ETH 1:Ntilde 1:Ograve " +
  "1:Oacute 1:Ocirc 1:Otilde 1:Ouml 1:times 1:Oslash 1:Ugrave 1:Uacute 1:Ucirc 1:Uuml 1:Yacute 1:THORN " +
  "1:szlig 1:agrave 1:aacute 1:acirc 1:atilde 1:auml 1:aring 1:aelig 1:ccedil 1:egrave 1:eacute " +
  "1:ecirc 1:euml 1:igrave 1:iacute 1:icirc 1:iuml 1:eth 1:ntilde 1:ograve 1:oacute 1:ocirc 1:otilde " +
  "1:ouml 1:div,divide 1:oslash 1:ugrave 1:uacute 1:ucirc 1:uuml 1:yacute 1:thorn 1:yuml 1:Amacr " +
  "1:amacr 1:Abreve 1:abreve 1:Aogon 1:aogon 1:Cacute 1:cacute 1:Ccirc 1:ccirc 1:Cdot 1:cdot 1:Ccaron " +
  "1:ccaron 1:Dcaron 1:dcaron 1:Dstrok 1:dstrok 1:Emacr 1:emacr 3:Edot 1:edot 1:Eogon 1:eogon 1:Ecaron " +
  "1:ecaron 1:Gcirc 1:gcirc 1:Gbreve 1:gbreve 1:Gdot 1:gdot 1:Gcedil 2:Hcirc 1:hcirc 1:Hstrok 1:hstrok " +
  "1:Itilde 1:itilde 1:Imacr 1:imacr 3:Iogon 1:iogon 1:Idot 1:imath,inodot 1:IJlig 1:ijlig 1:Jcirc " +
  "1:jcirc 1:Kcedil 1:kcedil 1:kgreen 1:Lacute 1:lacute 1:Lcedil 1:lcedil 1:Lcaron 1:lcaron 1:Lmidot " +
  "1:lmidot 1:Lstrok 1:lstrok 1:Nacute 1:nacute 1:Ncedil 1:ncedil 1:Ncaron 1:ncaron 1:napos 1:ENG " +
  "1:eng 1:Omacr 1:omacr 3:Odblac 1:odblac 1:OElig 1:oelig 1:Racute 1:racute 1:Rcedil 1:rcedil " +
  "1:Rcaron 1:rcaron 1:Sacute 1:sacute 1:Scirc 1:scirc 1:Scedil 1:scedil 1:Scaron 1:scaron 1:Tcedil " +
  "1:tcedil 1:Tcaron 1:tcaron 1:Tstrok 1:tstrok 1:Utilde 1:utilde 1:Umacr 1:umacr 1:Ubreve 1:ubreve " +
  "1:Uring 1:uring 1:Udblac 1:udblac 1:Uogon 1:uogon 1:Wcirc 1:wcirc 1:Ycirc 1:ycirc 1:Yuml 1:Zacute " +
  "1:zacute 1:Zdot 1:zdot 1:Zcaron 1:zcaron 14:fnof 23:imped 40:gacute 42:jmath 8f:circ 1:Hacek,caron " +
  "11:Breve,breve 1:DiacriticalDot,dot 1:ring 1:ogon 1:DiacriticalTilde,tilde " +
  "1:DiacriticalDoubleAcute,dblac 34:DownBreve 80:Alpha 1:Beta 1:Gamma 1:Delta 1:Epsilon 1:Zeta 1:Eta " +
  "1:Theta 1:Iota 1:Kappa 1:Lambda 1:Mu 1:Nu 1:Xi 1:Omicron 1:Pi 1:Rho 2:Sigma 1:Tau 1:Upsilon 1:Phi " +
  "1:Chi 1:Psi 1:Omega,ohm 8:alpha 1:beta 1:gamma 1:delta 1:epsi,epsilon 1:zeta 1:eta 1:theta 1:iota " +
  "1:kappa 1:lambda 1:mu 1:nu 1:xi 1:omicron 1:pi 1:rho 1:sigmaf,sigmav,varsigma 1:sigma 1:tau " +
  "1:upsi,upsilon 1:phi 1:chi 1:psi 1:omega 8:thetasym,thetav,vartheta 1:Upsi,upsih " +
  "3:phiv,straightphi,varphi 1:piv,varpi 6:Gammad 1:digamma,gammad 13:kappav,varkappa 1:rhov,varrho " +
  "4:epsiv,straightepsilon,varepsilon 1:backepsilon,bepsi b:IOcy 1:DJcy 1:GJcy 1:Jukcy 1:DScy 1:Iukcy " +
  "1:YIcy 1:Jsercy 1:LJcy 1:NJcy 1:TSHcy 1:KJcy 2:Ubrcy 1:DZcy 1:Acy 1:Bcy 1:Vcy 1:Gcy 1:Dcy 1:IEcy " +
  "1:ZHcy 1:Zcy 1:Icy 1:Jcy 1:Kcy 1:Lcy 1:Mcy 1:Ncy 1:Ocy 1:Pcy 1:Rcy 1:Scy 1:Tcy 1:Ucy 1:Fcy 1:KHcy " +
  "1:TScy 1:CHcy 1:SHcy 1:SHCHcy 1:HARDcy 1:Ycy 1:SOFTcy 1:Ecy 1:YUcy 1:YAcy 1:acy 1:bcy 1:vcy 1:gcy " +
  "1:dcy 1:iecy 1:zhcy 1:zcy 1:icy 1:jcy 1:kcy 1:lcy 1:mcy 1:ncy 1:ocy 1:pcy 1:rcy 1:scy 1:tcy 1:ucy " +
  "1:fcy 1:khcy 1:tscy 1:chcy 1:shcy 1:shchcy 1:hardcy 1:ycy 1:softcy 1:ecy 1:yucy 1:yacy 2:iocy " +
  "1:djcy 1:gjcy 1:jukcy 1:dscy 1:iukcy 1:yicy 1:jsercy 1:ljcy 1:njcy 1:tshcy 1:kjcy 2:ubrcy 1:dzcy " +
  "1ba3:ensp 1:emsp 1:emsp13 1:emsp14 2:numsp 1:puncsp 1:ThinSpace,thinsp 1:VeryThinSpace,hairsp " +
  "1:NegativeMediumSpace,NegativeThickSpace,NegativeThinSpace,NegativeVeryThinSpace,ZeroWidthSpace " +
  "1:zwnj 1:zwj 1:lrm 1:rlm 1:dash,hyphen 3:ndash 1:mdash 1:horbar 1:Verbar,Vert " +
  "2:OpenCurlyQuote,lsquo 1:CloseCurlyQuote,rsquo,rsquor 1:lsquor,sbquo 2:OpenCurlyDoubleQuote,ldquo " +
  "1:CloseCurlyDoubleQuote,rdquo,rdquor 1:bdquo,ldquor 2:dagger 1:Dagger,ddagger 1:bull,bullet 3:nldr " +
  "1:hellip,mldr a:permil 1:pertenk 1:prime 1:Prime 1:tprime 1:backprime,bprime 4:lsaquo 1:rsaquo " +
  "4:OverBar,oline 3:caret 2:hybull 1:frasl b:bsemi 8:qprime 8:MediumSpace 1:NoBreak " +
  "1:ApplyFunction,af 1:InvisibleTimes,it 1:InvisibleComma,ic 49:euro 2f:TripleDot,tdot 1:DotDot " +
  "26:Copf,complexes 3:incare 5:gscr 1:HilbertSpace,Hscr,hamilt 1:Hfr,Poincareplane 1:Hopf,quaternions " +
  "1:planckh 1:hbar,hslash,planck,plankv 1:Iscr,imagline 1:Ifr,Im,image,imagpart " +
  "1:Laplacetrf,Lscr,lagran 1:ell 2:Nopf,naturals 1:numero 1:copysr 1:weierp,wp 1:Popf,primes " +
  "1:Qopf,rationals 1:Rscr,realine 1:Re,Rfr,real,realpart 1:Ropf,reals 1:rx 4:TRADE,trade " +
  "2:Zopf,integers 3:mho 1:Zfr,zeetrf 1:iiota 3:Bernoullis,Bscr,bernou 1:Cayleys,Cfr 2:escr " +
  "1:Escr,expectation 1:Fouriertrf,Fscr 2:Mellintrf,Mscr,phmmat 1:order,orderof,oscr 1:alefsym,aleph " +
  "1:beth 1:gimel 1:daleth d:CapitalDifferentialD,DD 1:DifferentialD,dd 1:ExponentialE,ee,exponentiale " +
  "1:ImaginaryI,ii b:frac13 1:frac23 1:frac15 1:frac25 1:frac35 1:frac45 1:frac16 1:frac56 1:frac18 " +
  "1:frac38 1:frac58 1:frac78 32:LeftArrow,ShortLeftArrow,larr,leftarrow,slarr " +
  "1:ShortUpArrow,UpArrow,uarr,uparrow 1:RightArrow,ShortRightArrow,rarr,rightarrow,srarr " +
  "1:DownArrow,ShortDownArrow,darr,downarrow 1:LeftRightArrow,harr,leftrightarrow " +
  "1:UpDownArrow,updownarrow,varr 1:UpperLeftArrow,nwarr,nwarrow 1:UpperRightArrow,nearr,nearrow " +
  "1:LowerRightArrow,searr,searrow 1:LowerLeftArrow,swarr,swarrow 1:nlarr,nleftarrow " +
  "1:nrarr,nrightarrow 2:rarrw,rightsquigarrow 1:Larr,twoheadleftarrow 1:Uarr 1:Rarr,twoheadrightarrow " +
  "1:Darr 1:larrtl,leftarrowtail 1:rarrtl,rightarrowtail 1:LeftTeeArrow,mapstoleft " +
  "1:UpTeeArrow,mapstoup 1:RightTeeArrow,map,mapsto 1:DownTeeArrow,mapstodown 2:hookleftarrow,larrhk " +
  "1:hookrightarrow,rarrhk 1:larrlp,looparrowleft 1:looparrowright,rarrlp 1:harrw,leftrightsquigarrow " +
  "1:nharr,nleftrightarrow 2:Lsh,lsh 1:Rsh,rsh 1:ldsh 1:rdsh 2:crarr 1:cularr,curvearrowleft " +
  "1:curarr,curvearrowright 3:circlearrowleft,olarr 1:circlearrowright,orarr " +
  "1:LeftVector,leftharpoonup,lharu 1:DownLeftVector,leftharpoondown,lhard " +
  "1:RightUpVector,uharr,upharpoonright 1:LeftUpVector,uharl,upharpoonleft " +
  "1:RightVector,rharu,rightharpoonup 1:DownRightVector,rhard,rightharpoondown " +
  "1:RightDownVector,dharr,downharpoonright 1:LeftDownVector,dharl,downharpoonleft " +
  "1:RightArrowLeftArrow,rightleftarrows,rlarr 1:UpArrowDownArrow,udarr " +
  "1:LeftArrowRightArrow,leftrightarrows,lrarr 1:leftleftarrows,llarr 1:upuparrows,uuarr " +
  "1:rightrightarrows,rrarr 1:ddarr,downdownarrows 1:ReverseEquilibrium,leftrightharpoons,lrhar " +
  "1:Equilibrium,rightleftharpoons,rlhar 1:nLeftarrow,nlArr 1:nLeftrightarrow,nhArr " +
  "1:nRightarrow,nrArr 1:DoubleLeftArrow,Leftarrow,lArr 1:DoubleUpArrow,Uparrow,uArr " +
  "1:DoubleRightArrow,Implies,Rightarrow,rArr 1:DoubleDownArrow,Downarrow,dArr " +
  "1:DoubleLeftRightArrow,Leftrightarrow,hArr,iff 1:DoubleUpDownArrow,Updownarrow,vArr 1:nwArr 1:neArr " +
  "1:seArr 1:swArr 1:Lleftarrow,lAarr 1:Rrightarrow,rAarr 2:zigrarr 7:LeftArrowBar,larrb " +
  "1:RightArrowBar,rarrb 10:DownArrowUpArrow,duarr 8:loarr 1:roarr 1:hoarr 1:ForAll,forall " +
  "1:comp,complement 1:PartialD,part 1:Exists,exist 1:NotExists,nexist,nexists " +
  "1:empty,emptyset,emptyv,varnothing 2:Del,nabla 1:Element,in,isin,isinv 1:NotElement,notin,notinva " +
  "2:ReverseElement,SuchThat,ni,niv 1:NotReverseElement,notni,notniva 3:Product,prod " +
  "1:Coproduct,coprod 1:Sum,sum 1:minus 1:MinusPlus,mnplus,mp 1:dotplus,plusdo " +
  "2:Backslash,setminus,setmn,smallsetminus,ssetmn 1:lowast 1:SmallCircle,compfn 2:Sqrt,radic " +
  "3:Proportional,prop,propto,varpropto,vprop 1:infin 1:angrt 1:ang,angle 1:angmsd,measuredangle " +
  "1:angsph 1:VerticalBar,mid,shortmid,smid 1:NotVerticalBar,nmid,nshortmid,nsmid " +
  "1:DoubleVerticalBar,par,parallel,shortparallel,spar " +
  "1:NotDoubleVerticalBar,npar,nparallel,nshortparallel,nspar 1:and,wedge 1:or,vee 1:cap 1:cup " +
  "1:Integral,int 1:Int 1:iiint,tint 1:ContourIntegral,conint,oint 1:Conint,DoubleContourIntegral " +
  "1:Cconint 1:cwint 1:ClockwiseContourIntegral,cwconint 1:CounterClockwiseContourIntegral,awconint " +
  "1:Therefore,there4,therefore 1:Because,becaus,because 1:ratio 1:Colon,Proportion 1:dotminus,minusd " +
  "2:mDDot 1:homtht 1:Tilde,sim,thicksim,thksim 1:backsim,bsim 1:ac,mstpos 1:acd " +
  "1:VerticalTilde,wr,wreath 1:NotTilde,nsim 1:EqualTilde,eqsim,esim 1:TildeEqual,sime,simeq " +
  "1:NotTildeEqual,nsime,nsimeq 1:TildeFullEqual,cong 1:simne 1:NotTildeFullEqual,ncong " +
  "1:TildeTilde,ap,approx,asymp,thickapprox,thkap 1:NotTildeTilde,nap,napprox 1:ape,approxeq 1:apid " +
  "1:backcong,bcong 1:CupCap,asympeq 1:Bumpeq,HumpDownHump,bump 1:HumpEqual,bumpe,bumpeq " +
  "1:DotEqual,doteq,esdot 1:doteqdot,eDot 1:efDot,fallingdotseq 1:erDot,risingdotseq " +
  "1:Assign,colone,coloneq 1:ecolon,eqcolon 1:ecir,eqcirc 1:circeq,cire 2:wedgeq 1:veeeq " +
  "2:triangleq,trie 3:equest,questeq 1:NotEqual,ne 1:Congruent,equiv 1:NotCongruent,nequiv 2:le,leq " +
  "1:GreaterEqual,ge,geq 1:LessFullEqual,lE,leqq 1:GreaterFullEqual,gE,geqq 1:lnE,lneqq 1:gnE,gneqq " +
  "1:Lt,NestedLessLess,ll 1:Gt,NestedGreaterGreater,gg 1:between,twixt 1:NotCupCap 1:NotLess,nless,nlt " +
  "1:NotGreater,ngt,ngtr 1:NotLessEqual,nle,nleq 1:NotGreaterEqual,nge,ngeq 1:LessTilde,lesssim,lsim " +
  "1:GreaterTilde,gsim,gtrsim 1:NotLessTilde,nlsim 1:NotGreaterTilde,ngsim 1:LessGreater,lessgtr,lg " +
  "1:GreaterLess,gl,gtrless 1:NotLessGreater,ntlg 1:NotGreaterLess,ntgl 1:Precedes,pr,prec " +
  "1:Succeeds,sc,succ 1:PrecedesSlantEqual,prcue,preccurlyeq 1:SucceedsSlantEqual,sccue,succcurlyeq " +
  "1:PrecedesTilde,precsim,prsim 1:SucceedsTilde,scsim,succsim 1:NotPrecedes,npr,nprec " +
  "1:NotSucceeds,nsc,nsucc 1:sub,subset 1:Superset,sup,supset 1:nsub 1:nsup " +
  "1:SubsetEqual,sube,subseteq 1:SupersetEqual,supe,supseteq 1:NotSubsetEqual,nsube,nsubseteq " +
  "1:NotSupersetEqual,nsupe,nsupseteq 1:subne,subsetneq 1:supne,supsetneq 2:cupdot 1:UnionPlus,uplus " +
  "1:SquareSubset,sqsub,sqsubset 1:SquareSuperset,sqsup,sqsupset 1:SquareSubsetEqual,sqsube,sqsubseteq " +
  "1:SquareSupersetEqual,sqsupe,sqsupseteq 1:SquareIntersection,sqcap 1:SquareUnion,sqcup " +
  "1:CirclePlus,oplus 1:CircleMinus,ominus 1:CircleTimes,otimes 1:osol 1:CircleDot,odot " +
  "1:circledcirc,ocir 1:circledast,oast 2:circleddash,odash 1:boxplus,plusb 1:boxminus,minusb " +
  "1:boxtimes,timesb 1:dotsquare,sdotb 1:RightTee,vdash 1:LeftTee,dashv 1:DownTee,top " +
  "1:UpTee,bot,bottom,perp 2:models 1:DoubleRightTee,vDash 1:Vdash 1:Vvdash 1:VDash 1:nvdash 1:nvDash " +
  "1:nVdash 1:nVDash 1:prurel 2:LeftTriangle,vartriangleleft,vltri " +
  "1:RightTriangle,vartriangleright,vrtri 1:LeftTriangleEqual,ltrie,trianglelefteq " +
  "1:RightTriangleEqual,rtrie,trianglerighteq 1:origof 1:imof 1:multimap,mumap 1:hercon " +
  "1:intcal,intercal 1:veebar 2:barvee 1:angrtvb 1:lrtri 1:Wedge,bigwedge,xwedge 1:Vee,bigvee,xvee " +
  "1:Intersection,bigcap,xcap 1:Union,bigcup,xcup 1:Diamond,diam,diamond 1:sdot 1:Star,sstarf " +
  "1:divideontimes,divonx 1:bowtie 1:ltimes 1:rtimes 1:leftthreetimes,lthree 1:rightthreetimes,rthree " +
  "1:backsimeq,bsime 1:curlyvee,cuvee 1:curlywedge,cuwed 1:Sub,Subset 1:Sup,Supset 1:Cap 1:Cup " +
  "1:fork,pitchfork 1:epar 1:lessdot,ltdot 1:gtdot,gtrdot 1:Ll 1:Gg,ggg " +
  "1:LessEqualGreater,leg,lesseqgtr 1:GreaterEqualLess,gel,gtreqless 3:cuepr,curlyeqprec " +
  "1:cuesc,curlyeqsucc 1:NotPrecedesSlantEqual,nprcue 1:NotSucceedsSlantEqual,nsccue " +
  "1:NotSquareSubsetEqual,nsqsube 1:NotSquareSupersetEqual,nsqsupe 3:lnsim 1:gnsim 1:precnsim,prnsim " +
  "1:scnsim,succnsim 1:NotLeftTriangle,nltri,ntriangleleft 1:NotRightTriangle,nrtri,ntriangleright " +
  "1:NotLeftTriangleEqual,nltrie,ntrianglelefteq 1:NotRightTriangleEqual,nrtrie,ntrianglerighteq " +
  "1:vellip 1:ctdot 1:utdot 1:dtdot 1:disin 1:isinsv 1:isins 1:isindot 1:notinvc 1:notinvb 2:isinE " +
  "1:nisd 1:xnis 1:nis 1:notnivc 1:notnivb 7:barwed,barwedge 1:Barwed,doublebarwedge " +
  "2:LeftCeiling,lceil 1:RightCeiling,rceil 1:LeftFloor,lfloor 1:RightFloor,rfloor 1:drcrop 1:dlcrop " +
  "1:urcrop 1:ulcrop 1:bnot 2:profline 1:profsurf 2:telrec 1:target 6:ulcorn,ulcorner " +
  "1:urcorn,urcorner 1:dlcorn,llcorner 1:drcorn,lrcorner 3:frown,sfrown 1:smile,ssmile a:cylcty " +
  "1:profalar 8:topbot 7:ovbar 2:solbar 3d:angzarr 34:lmoust,lmoustache 1:rmoust,rmoustache " +
  "3:OverBracket,tbrk 1:UnderBracket,bbrk 1:bbrktbrk 26:OverParenthesis 1:UnderParenthesis 1:OverBrace " +
  "1:UnderBrace 3:trpezium 5:elinters 3c:blank a5:circledS,oS 38:HorizontalLine,boxh 2:boxv a:boxdr " +
  "4:boxdl 4:boxur 4:boxul 4:boxvr 8:boxvl 8:boxhd 8:boxhu 8:boxvh 14:boxH 1:boxV 1:boxdR 1:boxDr " +
  "1:boxDR 1:boxdL 1:boxDl 1:boxDL 1:boxuR 1:boxUr 1:boxUR 1:boxuL 1:boxUl 1:boxUL 1:boxvR 1:boxVr " +
  "1:boxVR 1:boxvL 1:boxVl 1:boxVL 1:boxHd 1:boxhD 1:boxHD 1:boxHu 1:boxhU 1:boxHU 1:boxvH 1:boxVh " +
  "1:boxVH 14:uhblk 4:lhblk 4:block 9:blk14 1:blk12 1:blk34 e:Square,squ,square " +
  "9:FilledVerySmallSquare,blacksquare,squarf,squf 1:EmptyVerySmallSquare 2:rect 1:marker 3:fltns " +
  "2:bigtriangleup,xutri 1:blacktriangle,utrif 1:triangle,utri 3:blacktriangleright,rtrif " +
  "1:rtri,triangleright 4:bigtriangledown,xdtri 1:blacktriangledown,dtrif 1:dtri,triangledown " +
  "3:blacktriangleleft,ltrif 1:ltri,triangleleft 7:loz,lozenge 1:cir 21:tridot 3:bigcirc,xcirc 9:ultri " +
  "1:urtri 1:lltri 1:EmptySmallSquare 1:FilledSmallSquare 9:bigstar,starf 1:star 8:phone 32:female " +
  "2:male 1e:spades,spadesuit 3:clubs,clubsuit 2:hearts,heartsuit 1:diamondsuit,diams 4:sung 3:flat " +
  "1:natur,natural 1:sharp a4:check,checkmark 4:cross 9:malt,maltese 16:sext 22:VerticalSeparator " +
  "1a:lbbrk 1:rbbrk 55:bsolhsub 1:suphsol 1d:LeftDoubleBracket,lobrk 1:RightDoubleBracket,robrk " +
  "1:LeftAngleBracket,lang,langle 1:RightAngleBracket,rang,rangle 1:Lang 1:Rang 1:loang 1:roang " +
  "8:LongLeftArrow,longleftarrow,xlarr 1:LongRightArrow,longrightarrow,xrarr " +
  "1:LongLeftRightArrow,longleftrightarrow,xharr 1:DoubleLongLeftArrow,Longleftarrow,xlArr " +
  "1:DoubleLongRightArrow,Longrightarrow,xrArr 1:DoubleLongLeftRightArrow,Longleftrightarrow,xhArr " +
  "2:longmapsto,xmap 3:dzigrarr 103:nvlArr 1:nvrArr 1:nvHarr 1:Map 7:lbarr 1:bkarow,rbarr 1:lBarr " +
  "1:dbkarow,rBarr 1:RBarr,drbkarow 1:DDotrahd 1:UpArrowBar 1:DownArrowBar 3:Rarrtl 3:latail 1:ratail " +
  "1:lAtail 1:rAtail 1:larrfs 1:rarrfs 1:larrbfs 1:rarrbfs 3:nwarhk 1:nearhk 1:hksearow,searhk " +
  "1:hkswarow,swarhk 1:nwnear 1:nesear,toea 1:seswar,tosa 1:swnwar 9:rarrc 2:cudarrr 1:ldca 1:rdca " +
  "1:cudarrl 1:larrpl 3:curarrm 1:cularrp 8:rarrpl 3:harrcir 1:Uarrocir 1:lurdshar 1:ldrushar " +
  "3:LeftRightVector 1:RightUpDownVector 1:DownLeftRightVector 1:LeftUpDownVector 1:LeftVectorBar " +
  "1:RightVectorBar 1:RightUpVectorBar 1:RightDownVectorBar 1:DownLeftVectorBar 1:DownRightVectorBar " +
  "1:LeftUpVectorBar 1:LeftDownVectorBar 1:LeftTeeVector 1:RightTeeVector 1:RightUpTeeVector " +
  "1:RightDownTeeVector 1:DownLeftTeeVector 1:DownRightTeeVector 1:LeftUpTeeVector 1:LeftDownTeeVector " +
  "1:lHar 1:uHar 1:rHar 1:dHar 1:luruhar 1:ldrdhar 1:ruluhar 1:rdldhar 1:lharul 1:llhard 1:rharul " +
  "1:lrhard 1:UpEquilibrium,udhar 1:ReverseUpEquilibrium,duhar 1:RoundImplies 1:erarr 1:simrarr " +
  "1:larrsim 1:rarrsim 1:rarrap 1:ltlarr 2:gtrarr 1:subrarr 2:suplarr 1:lfisht 1:rfisht 1:ufisht " +
  "1:dfisht 6:lopar 1:ropar 5:lbrke 1:rbrke 1:lbrkslu 1:rbrksld 1:lbrksld 1:rbrkslu 1:langd 1:rangd " +
  "1:lparlt 1:rpargt 1:gtlPar 1:ltrPar 4:vzigzag 2:vangrt 1:angrtvbd 7:ange 1:range 1:dwangle " +
  "1:uwangle 1:angmsdaa 1:angmsdab 1:angmsdac 1:angmsdad 1:angmsdae 1:angmsdaf 1:angmsdag 1:angmsdah " +
  "1:bemptyv 1:demptyv 1:cemptyv 1:raemptyv 1:laemptyv 1:ohbar 1:omid 1:opar 2:operp 2:olcross " +
  "1:odsold 2:olcir 1:ofcir 1:olt 1:ogt 1:cirscir 1:cirE 1:solb 1:bsolb 4:boxbox 4:trisb 1:rtriltri " +
  "1:LeftTriangleBar 1:RightTriangleBar c:iinfin 1:infintie 1:nvinfin 5:eparsl 1:smeparsl 1:eqvparsl " +
  "6:blacklozenge,lozf 9:RuleDelayed 2:dsol a:bigodot,xodot 1:bigoplus,xoplus 1:bigotimes,xotime " +
  "2:biguplus,xuplus 2:bigsqcup,xsqcup 6:iiiint,qint 1:fpartint 3:cirfnint 1:awint 1:rppolint " +
  "1:scpolint 1:npolint 1:pointint 1:quatint 1:intlarhk b:pluscir 1:plusacir 1:simplus 1:plusdu " +
  "1:plussim 1:plustwo 2:mcomma 1:minusdu 3:loplus 1:roplus 1:Cross 1:timesd 1:timesbar 2:smashp " +
  "1:lotimes 1:rotimes 1:otimesas 1:Otimes 1:odiv 1:triplus 1:triminus 1:tritime 1:intprod,iprod " +
  "3:amalg 1:capdot 2:ncup 1:ncap 1:capand 1:cupor 1:cupcap 1:capcup 1:cupbrcap 1:capbrcup 1:cupcup " +
  "1:capcap 1:ccups 1:ccaps 3:ccupssm 3:And 1:Or 1:andand 1:oror 1:orslope 1:andslope 2:andv 1:orv " +
  "1:andd 1:ord 2:wedbar 7:sdote 4:simdot 3:congdot 1:easter 1:apacir 1:apE 1:eplus 1:pluse 1:Esim " +
  "1:Colone 1:Equal 2:ddotseq,eDDot 1:equivDD 1:ltcir 1:gtcir 1:ltquest 1:gtquest " +
  "1:LessSlantEqual,leqslant,les 1:GreaterSlantEqual,geqslant,ges 1:lesdot 1:gesdot 1:lesdoto " +
  "1:gesdoto 1:lesdotor 1:gesdotol 1:lap,lessapprox 1:gap,gtrapprox 1:lne,lneq 1:gne,gneq " +
  "1:lnap,lnapprox 1:gnap,gnapprox 1:lEg,lesseqqgtr 1:gEl,gtreqqless 1:lsime 1:gsime 1:lsimg 1:gsiml " +
  "1:lgE 1:glE 1:lesges 1:gesles 1:els,eqslantless 1:egs,eqslantgtr 1:elsdot 1:egsdot 1:el 1:eg 3:siml " +
  "1:simg 1:simlE 1:simgE 1:LessLess 1:GreaterGreater 2:glj 1:gla 1:ltcc 1:gtcc 1:lescc 1:gescc 1:smt " +
  "1:lat 1:smte 1:late 1:bumpE 1:PrecedesEqual,pre,preceq 1:SucceedsEqual,sce,succeq 3:prE 1:scE " +
  "1:precneqq,prnE 1:scnE,succneqq 1:prap,precapprox 1:scap,succapprox 1:precnapprox,prnap " +
  "1:scnap,succnapprox 1:Pr 1:Sc 1:subdot 1:supdot 1:subplus 1:supplus 1:submult 1:supmult 1:subedot " +
  "1:supedot 1:subE,subseteqq 1:supE,supseteqq 1:subsim 1:supsim 3:subnE,subsetneqq 1:supnE,supsetneqq " +
  "3:csub 1:csup 1:csube 1:csupe 1:subsup 1:supsub 1:subsub 1:supsup 1:suphsub 1:supdsub 1:forkv " +
  "1:topfork 1:mlcp 9:Dashv,DoubleLeftTee 2:Vdashl 1:Barv 1:vBar 1:vBarv 2:Vbar 1:Not 1:bNot 1:rnmid " +
  "1:cirmid 1:midcir 1:topcir 1:nhpar 1:parsim a:parsl d003:fflig 1:filig 1:fllig 1:ffilig 1:ffllig " +
  "d998:Ascr 2:Cscr 1:Dscr 3:Gscr 3:Jscr 1:Kscr 3:Nscr 1:Oscr 1:Pscr 1:Qscr 2:Sscr 1:Tscr 1:Uscr " +
  "1:Vscr 1:Wscr 1:Xscr 1:Yscr 1:Zscr 1:ascr 1:bscr 1:cscr 1:dscr 2:fscr 2:hscr 1:iscr 1:jscr 1:kscr " +
  "1:lscr 1:mscr 1:nscr 2:pscr 1:qscr 1:rscr 1:sscr 1:tscr 1:uscr 1:vscr 1:wscr 1:xscr 1:yscr 1:zscr " +
  "35:Afr 1:Bfr 2:Dfr 1:Efr 1:Ffr 1:Gfr 3:Jfr 1:Kfr 1:Lfr 1:Mfr 1:Nfr 1:Ofr 1:Pfr 1:Qfr 2:Sfr 1:Tfr " +
  "1:Ufr 1:Vfr 1:Wfr 1:Xfr 1:Yfr 2:afr 1:bfr 1:cfr 1:dfr 1:efr 1:ffr 1:gfr 1:hfr 1:ifr 1:jfr 1:kfr " +
  "1:lfr 1:mfr 1:nfr 1:ofr 1:pfr 1:qfr 1:rfr 1:sfr 1:tfr 1:ufr 1:vfr 1:wfr 1:xfr 1:yfr 1:zfr 1:Aopf " +
  "1:Bopf 2:Dopf 1:Eopf 1:Fopf 1:Gopf 2:Iopf 1:Jopf 1:Kopf 1:Lopf 1:Mopf 2:Oopf 4:Sopf 1:Topf 1:Uopf " +
  "1:Vopf 1:Wopf 1:Xopf 1:Yopf 2:aopf 1:bopf 1:copf 1:dopf 1:eopf 1:fopf 1:gopf 1:hopf 1:iopf 1:jopf " +
  "1:kopf 1:lopf 1:mopf 1:nopf 1:oopf 1:popf 1:qopf 1:ropf 1:sopf 1:topf 1:uopf 1:vopf 1:wopf 1:xopf " +
  "1:yopf 1:zopf";
const ENTITY2_DATA =
  "NotEqualTilde:2242:338 NotGreaterFullEqual:2267:338 NotGreaterGreater:226b:338 " +
  "NotGreaterSlantEqual:2a7e:338 NotHumpDownHump:224e:338 NotHumpEqual:224f:338 " +
  "NotLeftTriangleBar:29cf:338 NotLessLess:226a:338 NotLessSlantEqual:2a7d:338 " +
  "NotNestedGreaterGreater:2aa2:338 NotNestedLessLess:2aa1:338 NotPrecedesEqual:2aaf:338 " +
  "NotRightTriangleBar:29d0:338 NotSquareSubset:228f:338 NotSquareSuperset:2290:338 " +
  "NotSubset:2282:20d2 NotSucceedsEqual:2ab0:338 NotSucceedsTilde:227f:338 NotSuperset:2283:20d2 " +
  "ThickSpace:205f:200a acE:223e:333 bne:3d:20e5 bnequiv:2261:20e5 caps:2229:fe00 cups:222a:fe00 " +
  "fjlig:66:6a gesl:22db:fe00 gvertneqq:2269:fe00 gvnE:2269:fe00 lates:2aad:fe00 lesg:22da:fe00 " +
  "lvertneqq:2268:fe00 lvnE:2268:fe00 nGg:22d9:338 nGtv:226b:338 nLl:22d8:338 nLtv:226a:338 " +
  "nang:2220:20d2 napE:2a70:338 napid:224b:338 nbump:224e:338 nbumpe:224f:338 ncongdot:2a6d:338 " +
  "nedot:2250:338 nesim:2242:338 ngE:2267:338 ngeqq:2267:338 ngeqslant:2a7e:338 nges:2a7e:338 " +
  "nlE:2266:338 nleqq:2266:338 nleqslant:2a7d:338 nles:2a7d:338 notinE:22f9:338 notindot:22f5:338 " +
  "nparsl:2afd:20e5 npart:2202:338 npre:2aaf:338 npreceq:2aaf:338 nrarrc:2933:338 nrarrw:219d:338 " +
  "nsce:2ab0:338 nsubE:2ac5:338 nsubset:2282:20d2 nsubseteqq:2ac5:338 nsucceq:2ab0:338 nsupE:2ac6:338 " +
  "nsupset:2283:20d2 nsupseteqq:2ac6:338 nvap:224d:20d2 nvge:2265:20d2 nvgt:3e:20d2 nvle:2264:20d2 " +
  "nvlt:3c:20d2 nvltrie:22b4:20d2 nvrtrie:22b5:20d2 nvsim:223c:20d2 race:223d:331 smtes:2aac:fe00 " +
  "sqcaps:2293:fe00 sqcups:2294:fe00 varsubsetneq:228a:fe00 varsubsetneqq:2acb:fe00 " +
  "varsupsetneq:228b:fe00 varsupsetneqq:2acc:fe00 vnsub:2282:20d2 vnsup:2283:20d2 vsubnE:2acb:fe00 " +
  "vsubne:228a:fe00 vsupnE:2acc:fe00 vsupne:228b:fe00";
const LEGACY_ENTITIES =
  "AElig AMP Aacute Acirc Agrave Aring Atilde Auml COPY Ccedil ETH Eacute Ecirc Egrave Euml GT Iacute " +
  "Icirc Igrave Iuml LT Ntilde Oacute Ocirc Ograve Oslash Otilde Ouml QUOT REG THORN Uacute Ucirc " +
  "Ugrave Uuml Yacute aacute acirc acute aelig agrave amp aring atilde auml brvbar ccedil cedil cent " +
  "copy curren deg divide eacute ecirc egrave eth euml frac12 frac14 frac34 gt iacute icirc iexcl " +
  "igrave iquest iuml laquo lt macr micro middot nbsp not ntilde oacute ocirc ograve ordf ordm oslash " +
  "otilde ouml para plusmn pound quot raquo reg sect shy sup1 sup2 sup3 szlig thorn times uacute ucirc " +
  "ugrave uml uuml yacute yen yuml";
const WIN1252 = [0x20ac, 0x0081, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008d, 0x017d, 0x008f, 0x0090, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x009d, 0x017e, 0x0178];
