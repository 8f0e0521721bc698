/**
 * Characters and strings for the gomarkdown port (see ../toc.ts): char codes, gomarkdown's
 * character classes (ASCII, byte-wise), and the few Go library behaviours the port relies on
 * (unicode.IsSpace, strings.TrimSpace, strconv.ParseUint, string(rune)) plus gomarkdown's
 * unescapeText.
 */

export const TAB = 9, NL = 10, CR = 13, SP = 32, BANG = 33, DQ = 34, HASH = 35, DOLLAR = 36, AMP = 38, SQ = 39;
export const LPAREN = 40, RPAREN = 41, STAR = 42, PLUS = 43, COMMA = 44, DASH = 45, DOT = 46, SLASH = 47;
export const COLON = 58, SEMI = 59, LT = 60, EQ = 61, GT = 62, AT = 64, LBRACK = 91, BSLASH = 92, RBRACK = 93;
export const CARET = 94, UNDERSCORE = 95, BT = 96, LBRACE = 123, PIPE = 124, RBRACE = 125, TILDE = 126;

/**
 * Math.min without the global lookup: static methods of globals are slow under jest's VM
 * context, and this sits in per-character loops.
 */
export function min(a: number, b: number): number {
  return a < b ? a : b;
}

/** gomarkdown's isSpace: ' ', \t, \n, \r, \f, \v. */
export function isSpace(c: number): boolean {
  return c === SP || c === TAB || c === NL || c === CR || c === 12 || c === 11;
}
export function isLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}
export function isAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || isLetter(c);
}
export function isPunctuation(c: number): boolean {
  return (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126);
}

/** Go's unicode.IsSpace, which strings.TrimSpace uses (differs from String.prototype.trim). */
function isGoSpace(c: number): boolean {
  return (
    (c >= 9 && c <= 13) || c === 32 || c === 0x85 || c === 0xa0 || c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000
  );
}

export function goTrimSpace(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && isGoSpace(s.charCodeAt(a))) a++;
  while (b > a && isGoSpace(s.charCodeAt(b - 1))) b--;
  return s.slice(a, b);
}

export function unescapeText(src: string): string {
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
export function parseGoUint(s: string, base: 10 | 16): bigint | undefined {
  if (s.length === 0) return undefined;
  const re = base === 16 ? /^[0-9a-fA-F]+$/ : /^[0-9]+$/;
  if (!re.test(s)) return undefined;
  const v = BigInt(base === 16 ? `0x${s}` : s);
  return v > 0xffffffffffffffffn ? undefined : v;
}

/** string(rune(cp)) for a uint64: truncated to int32; invalid code points become U+FFFD. */
export function goRuneString(cp: bigint): string {
  const r = Number(BigInt.asIntN(32, cp));
  if (r < 0 || r > 0x10ffff || (r >= 0xd800 && r <= 0xdfff)) return "\ufffd";
  return String.fromCodePoint(r);
}
