/**
 * The inline handlers of gomarkdown's parser/inline.go that recognise links written without
 * brackets: `<...>` (autolinks, e-mail autolinks, inline HTML tags and comments) and bare
 * http(s)/ftp/file/mailto URLs, including gomarkdown's check for a URL inside a written-out
 * `<a href="...">...</a>`.
 */

import { inlineHTMLComment } from "./block-lines.js";
import { Buf } from "./buffer.js";
import { AMP, AT, BSLASH, COLON, COMMA, DASH, DOT, DQ, GT, isAlnum, isLetter, isSpace, LBRACE, LBRACK, LPAREN, LT, min, NL, PLUS, RBRACE, RBRACK, RPAREN, SEMI, SLASH, SQ, UNDERSCORE, unescapeText } from "./characters.js";
import { type Handled, NONE, WorkBudget } from "./nodes.js";

const PROTOCOLS = ["http://", "https://", "ftp://", "file://", "mailto:"];
const SAFE_URIS = ["http://", "https://", "ftp://", "mailto:"];
const SAFE_PATHS = ["/", "./", "../"];
const URL_RE = String.raw`(?:(?:https?|ftp):\/\/|\/)[-A-Za-z0-9+&@#\/%?=~_|!:,.;\(\)]+`;
const ANCHOR_RE = new RegExp(String.raw`^<a[\t\n\f\r ]href="${URL_RE}"(?:[\t\n\f\r ]title="[^"<>]+")?[\t\n\f\r ]?>${URL_RE}<\/a>`);

export class InlineAutolinks {
  private ltQuery = -1;
  private ltResult = -1;

  constructor(
    private readonly b: Buf,
    private readonly budget: WorkBudget,
  ) {}

  private c(i: number, end: number): number {
    return this.b.at(i, end);
  }

  leftAngle(end: number, o: number): Handled {
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
      this.budget.tick();
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
        this.budget.tick();
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
      this.budget.tick();
      const ch = s.charCodeAt(i);
      if (isAlnum(ch)) continue;
      if (ch === AT) nb++;
      else if (ch === GT) return nb === 1 ? i - start + 1 : 0;
      else if (ch !== DASH && ch !== DOT && ch !== UNDERSCORE) return 0;
    }
    return 0;
  }


  maybeAutoLink(start: number, end: number, o: number, insideLink: boolean): Handled {
    if (insideLink || end - o < 6) return NONE;
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
      this.budget.tick(end - anchorStart);
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
      this.budget.tick();
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
        this.budget.tick();
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
