/**
 * Line-level tests of gomarkdown's parser/block.go: what kind of block starts at a position (blank
 * line, thematic break, heading, quote, code, list item, fence, table header, ...) and how long
 * the simple ones are. Positions are absolute indices into a Buf view [start, end); Go panics
 * (index out of range) read as -1.
 */

import { Buf, codeSpanEnd, lowerBound, markerKey } from "./buffer.js";
import { BSLASH, BT, COLON, DASH, DOLLAR, DOT, EQ, GT, HASH, min, NL, PIPE, PLUS, RPAREN, SLASH, SP, STAR, TAB, TILDE, UNDERSCORE } from "./characters.js";

// ast.ListType flags
export const L_ORDERED = 1, L_DEFINITION = 2, L_TERM = 4, L_CONTAINS_BLOCK = 8, L_BEGINNING = 16, L_END = 32;

export function skipChar(b: Buf, i: number, c: number, end: number): number {
  while (i < end && b.s.charCodeAt(i) === c) i++;
  return i;
}
export function skipCharN(b: Buf, i: number, c: number, max: number, end: number): number {
  while (i < end && max > 0 && b.s.charCodeAt(i) === c) {
    i++;
    max--;
  }
  return i;
}
export function skipUntilChar(b: Buf, i: number, c: number, end: number): number {
  if (i >= end) return i;
  // native search: this runs over every line, and a cold run spends most of its time before the JIT
  const at = c === NL ? b.s.indexOf("\n", i) : b.s.indexOf(String.fromCharCode(c), i);
  return at === -1 || at > end ? end : at;
}
/**
 * The smallest q >= p with q >= end or s[q - 1] a newline: gomarkdown's
 * `for p < end && data[p-1] != '\n' { p++ }` (p > 0), with a native search.
 */
export function afterNewline(b: Buf, p: number, end: number): number {
  if (p >= end) return p;
  const nl = b.s.indexOf("\n", p - 1);
  return nl === -1 || nl + 1 > end ? end : nl + 1;
}
export function nextLine(b: Buf, i: number, end: number): number {
  const nl = b.s.indexOf("\n", i);
  return nl === -1 || nl >= end ? end : nl + 1;
}
/** True if position i (inside [start, ...)) is preceded by an odd number of backslashes. */
export function isBackslashEscaped(b: Buf, start: number, i: number): boolean {
  let n = 0;
  while (i - n - 1 >= start && b.s.charCodeAt(i - n - 1) === BSLASH) n++;
  return (n & 1) === 1;
}

/** Returns the length of a blank line at start (with its newline), or 0. */
export function isEmpty(b: Buf, start: number, end: number): number {
  if (end - start <= 0) return 0;
  let i = start;
  for (; i < end && b.s.charCodeAt(i) !== NL; i++) {
    const c = b.s.charCodeAt(i);
    if (c !== SP && c !== TAB) return 0;
  }
  if (i < end && b.s.charCodeAt(i) === NL) i++;
  return i - start;
}

export function isHRule(b: Buf, start: number, end: number): boolean {
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

export function isPrefixHeading(b: Buf, start: number, end: number): boolean {
  if (b.at(start, end) !== HASH) return false;
  const level = skipCharN(b, start, HASH, 6, end);
  return level !== end && b.s.charCodeAt(level) === SP; // SpaceHeadings
}

/** ".# Title" (mmark special headings; gomarkdown tests `extensions|Mmark`, so always on). */
export function isPrefixSpecialHeading(b: Buf, start: number, end: number): boolean {
  if (end - start < 4) return false;
  return b.at(start, end) === DOT && b.at(start + 1, end) === HASH && b.at(start + 2, end) === SP;
}

export function isUnderlinedHeading(b: Buf, start: number, end: number): number {
  const c = b.at(start, end);
  if (c !== EQ && c !== DASH) return 0;
  let i = skipChar(b, start + 1, c, end);
  i = skipChar(b, i, SP, end);
  return i < end && b.s.charCodeAt(i) === NL ? (c === EQ ? 1 : 2) : 0;
}

export function quotePrefix(b: Buf, start: number, end: number): number {
  let i = start;
  while (i - start < 3 && i < end && b.s.charCodeAt(i) === SP) i++;
  if (i < end && b.s.charCodeAt(i) === GT) {
    return i + 1 < end && b.s.charCodeAt(i + 1) === SP ? i + 2 - start : i + 1 - start;
  }
  return 0;
}

export function codePrefix(b: Buf, start: number, end: number): number {
  const n = end - start;
  if (n >= 1 && b.s.charCodeAt(start) === TAB) return 1;
  if (n >= 4 && b.s.startsWith("    ", start)) return 4;
  return 0;
}

export function uliPrefix(b: Buf, start: number, end: number): number {
  const i = skipCharN(b, start, SP, 3, end);
  if (i >= end - 1) return 0;
  const c = b.s.charCodeAt(i);
  const d = b.s.charCodeAt(i + 1);
  if ((c !== STAR && c !== PLUS && c !== DASH) || (d !== SP && d !== TAB)) return 0;
  return i + 2 - start;
}

export function oliPrefix(b: Buf, start: number, end: number): number {
  let i = skipCharN(b, start, SP, 3, end);
  const first = i;
  while (i < end && b.s.charCodeAt(i) >= 48 && b.s.charCodeAt(i) <= 57) i++;
  if (first === i || i >= end - 1) return 0;
  const c = b.s.charCodeAt(i);
  const d = b.s.charCodeAt(i + 1);
  if ((c !== DOT && c !== RPAREN) || !(d === SP || d === TAB)) return 0;
  return i + 2 - start;
}

export function dliPrefix(b: Buf, start: number, end: number): number {
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
export function fencedCodeBlock(b: Buf, start: number, end: number): number {
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
export function isFenceOpenerLine(b: Buf, start: number, end: number): boolean {
  return fenceOpener(b, start, end) >= 0;
}

export function inlineHTMLComment(b: Buf, start: number, end: number): number {
  if (end - start < 5) return 0;
  if (!b.s.startsWith("<!--", start)) return 0;
  const p = b.indexOf("-->", start + 3);
  if (p === -1 || p + 2 >= end) return 0;
  return p + 3 - start;
}

export function listTypeChanged(b: Buf, start: number, end: number, flags: number): boolean {
  if (dliPrefix(b, start, end) > 0 && (flags & L_DEFINITION) === 0) return true;
  if (oliPrefix(b, start, end) > 0 && (flags & L_ORDERED) === 0) return true;
  if (uliPrefix(b, start, end) > 0 && ((flags & L_ORDERED) !== 0 || (flags & L_DEFINITION) !== 0)) return true;
  return false;
}

export function htmlHr(b: Buf, d: number, end: number): number {
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

export function blockMath(b: Buf, d: number, end: number): number {
  const s = b.s;
  if (end - d <= 4 || s.charCodeAt(d) !== DOLLAR || s.charCodeAt(d + 1) !== DOLLAR || s.charCodeAt(d + 2) === DOLLAR) return 0;
  const p = b.indexOf("$$", d + 2);
  if (p === -1 || p + 1 >= end) return 0;
  return p + 2 - d;
}

export function linesUntilEmpty(b: Buf, d: number, end: number): number {
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
export function tableHeader(b: Buf, d: number, end: number): number {
  const s = b.s;
  // fast exit: without a pipe or a backtick on the line there is only one column (native indexOf: this
  // runs for every prose line of every README)
  let lineEnd = s.indexOf("\n", d);
  if (lineEnd < 0 || lineEnd > end) lineEnd = end;
  // b.indexOf memoizes: a plain indexOf would rescan the rest of a pipe-free document for every line.
  const pipe = b.indexOf("|", d);
  const tick = b.indexOf("`", d);
  if ((pipe < 0 || pipe >= lineEnd) && (tick < 0 || tick >= lineEnd)) return 0;
  // No pipe on the line: the scan below finds a column only when a code span opening on the line
  // closes on a later one (the header then runs on). Walk the line's backticks as the scan does.
  if (pipe < 0 || pipe >= lineEnd) {
    let q = tick;
    while (q !== -1 && q < lineEnd) {
      const span = codeSpanEnd(b, q, end);
      if (span > 0 && q + span - 1 >= lineEnd) break;
      q = s.indexOf("`", span > 0 ? q + span : q + 1);
    }
    if (q === -1 || q >= lineEnd) return 0;
  }
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
