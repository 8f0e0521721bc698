/**
 * Block parser: a port of gomarkdown's parser/block.go (parser.CommonExtensions: tables, fenced
 * code, definition lists, MathJax, heading ids, space headings) plus mmark's parser hook, as
 * built into mdtoc v1.4.0. It only records what mdtoc needs: the headings, in document order, and
 * the link reference definitions (which heading links may use). Go panics (index out of range)
 * read as -1 here; the few inputs that make gomarkdown loop forever are made to progress.
 */

import { afterNewline, blockMath, codePrefix, dliPrefix, fencedCodeBlock, htmlHr, inlineHTMLComment, isBackslashEscaped, isEmpty, isFenceOpenerLine, isHRule, isPrefixHeading, isPrefixSpecialHeading, isUnderlinedHeading, L_BEGINNING, L_CONTAINS_BLOCK, L_DEFINITION, L_END, L_ORDERED, L_TERM, linesUntilEmpty, listTypeChanged, nextLine, oliPrefix, quotePrefix, skipChar, skipCharN, skipUntilChar, tableHeader, uliPrefix } from "./block-lines.js";
import { Buf, lowerBound } from "./buffer.js";
import { BT, COLON, CR, DQ, GT, HASH, isAlnum, isLetter, LBRACK, LPAREN, LT, min, NL, PIPE, RBRACE, RBRACK, RPAREN, SP, SQ, TAB, TILDE } from "./characters.js";
import { type HeadingNode, MAX_NESTING, type RefDef } from "./nodes.js";

const BLOCK_TAGS = new Set([
  "blockquote", "del", "dd", "div", "dl", "dt", "fieldset", "form", "h1", "h2", "h3", "h4", "h5", "h6",
  "iframe", "ins", "li", "math", "noscript", "ol", "pre", "p", "script", "style", "table", "ul",
  "address", "article", "aside", "canvas", "details", "dialog", "figcaption", "figure", "footer",
  "header", "hgroup", "main", "nav", "output", "progress", "section", "video",
]);

export class BlockParser {
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
    const j = i < e - 1 ? b.indexOf("{#", i) : -1;
    let k = j + 1;
    if (j !== -1 && j < e - 1) for (; k < e && s.charCodeAt(k) !== RBRACE; k++);
    if (j !== -1 && j < e - 1 && k < e) {
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
    if (p > d) p = afterNewline(b, p, end);
    // The item's text, as [start, end) ranges of `s` (a start of -1 stands for an inserted "\n"): most
    // items are never parsed again, so their text is not copied out line by line.
    const raw: number[] = [line, p];
    let rawLen = p - line;
    line = p;
    let containsBlankLine = false;
    let sublist = 0;

    gather: while (line < end) {
      p = afterNewline(b, p + 1, end);
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
      // A line of text (a letter after the indent) that follows no blank line starts no fence, list
      // item, definition or heading: it joins the item as it is.
      if (!containsBlankLine && cs < ce && isLetter(s.charCodeAt(cs))) {
        raw.push(cs, ce);
        rawLen += ce - cs;
        line = p;
        continue;
      }
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
            const joined = itemText(s, raw);
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
        if (endsAfterBlank(b, p, end, fl.v)) fl.v |= L_END;
        break gather;
      } else if (containsBlankLine) {
        raw.push(-1, 0);
        rawLen++;
        fl.v |= L_CONTAINS_BLOCK;
      }
      if (containsBlankLine) {
        containsBlankLine = false;
        raw.push(-1, 0);
        rawLen++;
      }
      raw.push(cs, ce);
      rawLen += ce - cs;
      line = p;
    }

    // Most items are one line of text with nothing inside to parse: build the item's buffer only when it is parsed.
    if (((fl.v & L_CONTAINS_BLOCK) !== 0 && (fl.v & L_TERM) === 0) || sublist > 0) this.listItemBlocks(itemText(s, raw), fl.v, sublist);
    return line - d;
  }

  private listItemBlocks(text: string, flags: number, sublist: number): void {
    const inner = new Buf(text);
    if ((flags & L_CONTAINS_BLOCK) !== 0 && (flags & L_TERM) === 0) {
      if (sublist > 0) {
        this.block(inner, 0, sublist);
        this.block(inner, sublist, inner.n);
      } else {
        this.block(inner, 0, inner.n);
      }
    } else if (sublist > 0) {
      this.block(inner, sublist, inner.n);
    }
  }

  private paragraph(b: Buf, d: number, end: number): number {
    const s = b.s;
    let prev = d;
    let line = d;
    let i = d;
    while (i < end) {
      prev = line;
      line = i;
      // Most lines of prose start (after up to three spaces) with a letter or a digit: then the line is
      // not empty, not a reference, heading, rule, quote, fence or definition, and only a table header
      // can end the paragraph here.
      if (isAlnum(b.at(skipCharN(b, i, SP, 3, end), end))) {
        const nl = s.indexOf("\n", i);
        const lineEnd = nl === -1 || nl >= end ? end : nl;
        if (b.pipeOrTickBefore(i, lineEnd) && tableHeader(b, i, end) > 0) return i - d;
        i = lineEnd === end ? end : nl + 1;
        continue;
      }
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

/** A list item's text from its ranges (see listItem). */
function itemText(s: string, raw: readonly number[]): string {
  const parts: string[] = [];
  for (let k = 0; k < raw.length; k += 2) {
    const start = raw[k] ?? 0;
    parts.push(start < 0 ? "\n" : s.slice(start, raw[k + 1]));
  }
  return parts.join("");
}

/**
 * Whether a blank line followed by the line at p (indented less than 4) ends the list rather than just
 * the item: always, except in a definition list where the line or the next non-blank one is a `:` definition.
 */
function endsAfterBlank(b: Buf, p: number, end: number, flags: number): boolean {
  if ((flags & L_DEFINITION) === 0 || p >= end - 1) return true;
  const s = b.s;
  let next = p;
  while (next < end && s.charCodeAt(next) !== NL) next++;
  while (next < end - 1 && s.charCodeAt(next) === NL) next++;
  return p < end - 1 && s.charCodeAt(p) !== COLON && next < end - 1 && s.charCodeAt(next) !== COLON;
}
