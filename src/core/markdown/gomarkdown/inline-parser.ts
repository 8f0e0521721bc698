/**
 * Inline parser for heading text: a port of gomarkdown's parser/inline.go with the handlers that
 * CommonExtensions registers (the autolink and `<` handlers are in inline-autolinks.ts). It runs
 * under a work budget proportional to the heading's length (see WorkBudget).
 */

import { Buf, codeSpanEnd } from "./buffer.js";
import { AMP, BANG, BSLASH, BT, CARET, DOLLAR, DQ, goRuneString, GT, HASH, isAlnum, isPunctuation, isSpace, LBRACK, LPAREN, LT, min, NL, parseGoUint, RBRACK, RPAREN, SEMI, SP, SQ, STAR, TILDE, UNDERSCORE, unescapeText } from "./characters.js";
import { InlineAutolinks } from "./inline-autolinks.js";
import { type Handled, type INode, MAX_NESTING, NONE, type RefDef, WorkBudget } from "./nodes.js";

/** The characters gomarkdown registers inline handlers for (CommonExtensions). */
const HAS_HANDLER = new Uint8Array(128);
for (const c of " *_~`\n[<\\&!^hmfHMF$") HAS_HANDLER[c.charCodeAt(0)] = 1;

const ESCAPE_CHARS = new Set(Array.from("\\`*_{}[]()#+-.!:|&<>~^", (c) => c.charCodeAt(0)));

export class InlineParser {
  private nesting = 0;
  private insideLink = false;
  private readonly budget: WorkBudget;
  private readonly b: Buf;
  private readonly autolinks: InlineAutolinks;

  constructor(
    content: string,
    private readonly refs: Map<string, RefDef>,
  ) {
    this.b = new Buf(content);
    this.budget = new WorkBudget(20 * content.length + 20_000);
    this.autolinks = new InlineAutolinks(this.b, this.budget);
  }

  parse(): INode[] {
    const out: INode[] = [];
    this.inline(out, 0, this.b.n);
    return out;
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
      this.budget.tick();
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
        return this.autolinks.leftAngle(end, o);
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
        return this.autolinks.maybeAutoLink(start, end, o, this.insideLink);
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
        this.budget.tick();
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
          this.budget.tick();
          if (tmp === 0 && s.charCodeAt(i) === c) tmp = i - start;
          i++;
        }
        if (i >= end) return tmp;
        i++;
      } else {
        let tmp = 0;
        i++;
        while (i < end && s.charCodeAt(i) !== RBRACK) {
          this.budget.tick();
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
          this.budget.tick();
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
      this.budget.tick();
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
      this.budget.tick();
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
      this.budget.tick();
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
    this.budget.tick(consumed);
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
      this.budget.tick();
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
        this.budget.tick();
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
          this.budget.tick();
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
    this.budget.tick(e - o);
    const ent = s.slice(o, e);
    if (ent === "&amp;") return [e - o, { t: "text", v: "&" }];
    if (ent.length < 4) return [e - o, { t: "text", v: ent }];
    const hex = ent[2] === "x" || ent[2] === "X";
    const cp = parseGoUint(hex ? ent.slice(3, -1) : ent.slice(2, -1), hex ? 16 : 10);
    if (cp !== undefined) return [e - o, { t: "text", v: goRuneString(cp) }];
    return [e - o, { t: "text", v: ent }];
  }

  private math(end: number, o: number): Handled {
    const s = this.b.s;
    if (end - o <= 2 || s.charCodeAt(o + 1) === DOLLAR) return NONE;
    const e = this.b.indexOf("$", o + 1);
    if (e === -1 || e >= end) return NONE;
    this.budget.tick(e - o);
    return [e + 1 - o, { t: "math", v: s.slice(o + 1, e) }];
  }
}
