import { misspellPairs } from "./misspell-words.js";

/**
 * A port of client9/misspell's matching (v0.3.4, `Replacer.Replace` + `recheckLine` + notwords.go +
 * url.go), the check behind kubernetes/enhancements' `hack/verify-spelling.sh`.
 *
 * misspell runs a `strings.Replacer` over each line and, where it changed something, splits the line
 * into words (`[a-zA-Z0-9']+`) after blanking what is not prose (URLs, file paths, e-mail addresses,
 * host names, backslash escapes); a word is reported when replacing it alone gives the dictionary's
 * correction of that very word, which happens exactly when the word is one of the dictionary's keys
 * (`typo`, `Typo` or `TYPO`). So here: find the words equal to a key, and blank the line only for
 * lines that have one (rare), keeping the scan linear in the text.
 *
 * Differences from misspell: the word list is a subset (misspell-words.ts says which); columns are
 * 1-based in UTF-16 units where misspell prints a 0-based byte offset; a whitespace-free run longer than
 * `maxChunk` characters is treated as not prose at all (RE2 is linear on it, JavaScript regexes are not).
 */

export interface Misspelling {
  /** 1-based line. */
  readonly line: number;
  /** 1-based column of the word's first character. */
  readonly column: number;
  readonly word: string;
  readonly correction: string;
}

/** misspell's `wordRegexp`. */
const wordPattern = /[a-zA-Z0-9']+/g;
const reURL = /(https?|ftp):\/\/(-\.)?([^\s/?.#]+\.?)+(\/[^\s]*)?/gi;
const reEmail = /[a-zA-Z0-9_.%+-]+@[a-zA-Z0-9-.]+\.[a-zA-Z]{2,6}[^a-zA-Z]/g;
const reHost = /[a-zA-Z0-9-.]+\.[a-zA-Z]+/g;
const reBackslash = /\\[a-z]/g;
const maxChunk = 4096;

function title(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Every key misspell matches (lower, Title and UPPER case of each pair) with its correction. */
function buildDictionary(pairs: string): ReadonlyMap<string, string> {
  const dictionary = new Map<string, string>();
  for (const line of pairs.split("\n")) {
    const bar = line.indexOf("|");
    if (bar <= 0) continue;
    const typo = line.slice(0, bar);
    const correction = line.slice(bar + 1);
    // A key with a character outside a word can never be a whole word of a line.
    if (!/^[a-zA-Z0-9']+$/.test(typo)) continue;
    for (const [key, value] of [
      [typo, correction],
      [title(typo), title(correction)],
      [typo.toUpperCase(), correction.toUpperCase()],
    ] as const) {
      if (key !== value && !dictionary.has(key)) dictionary.set(key, value);
    }
  }
  return dictionary;
}

let dictionary: ReadonlyMap<string, string> | undefined;
/** Built on first use, so that loading the rules costs nothing when the spelling rule is off. */
export function misspellDictionary(): ReadonlyMap<string, string> {
  dictionary ??= buildDictionary(misspellPairs);
  return dictionary;
}

const blanks = (match: string): string => " ".repeat(match.length);

/** Applies a regex substitution to each whitespace-free run of the line (none of these patterns crosses whitespace). */
function perChunk(line: string, pattern: RegExp, withNext = false): string {
  return line.replace(/[^\s]+/g, (chunk, offset: number) => {
    if (chunk.length > maxChunk) return blanks(chunk);
    if (!withNext) return chunk.replace(pattern, blanks);
    // reEmail ends in one character that is not a letter, which may be the whitespace after the run.
    const next = line.charAt(offset + chunk.length);
    return (chunk + next).replace(pattern, blanks).slice(0, chunk.length);
  });
}

/** misspell's RemovePath: blanks `/foo/bar`-like runs (after whitespace, `/`, `[` or `(`). */
function removePath(input: string): string {
  let s = input;
  let out = "";
  while (s !== "") {
    let idx = s.indexOf("/");
    if (idx === -1) {
      out += s;
      break;
    }
    if (idx > 0) idx--;
    const c = s.charAt(idx);
    let endChars: string;
    if (c === "/" || c === " " || c === "\n" || c === "\t" || c === "\r") endChars = " \n\r\t";
    else if (c === "[") endChars = "]\n";
    else if (c === "(") endChars = ")\n";
    else {
      out += s.slice(0, idx + 2);
      s = s.slice(idx + 2);
      continue;
    }
    let endx = -1;
    for (let i = idx + 1; i < s.length; i++) {
      if (endChars.includes(s.charAt(i))) {
        endx = i - (idx + 1);
        break;
      }
    }
    if (endx === -1) {
      out += s;
      break;
    }
    out += s.slice(0, idx + 1) + " ".repeat(endx);
    s = s.slice(idx + endx + 1);
  }
  return out;
}

/**
 * misspell's RemoveNotWords: URLs, paths, e-mail addresses, hosts and backslash escapes become blanks.
 * misspell's lines keep their line break, which ends a path; `newline` says whether this one had it.
 */
export function removeNotWords(line: string, newline = true): string {
  const noUrl = perChunk(line, reURL);
  const noPath = newline ? removePath(`${noUrl}\n`).slice(0, -1) : removePath(noUrl);
  return perChunk(perChunk(perChunk(noPath, reEmail, true), reHost), reBackslash);
}

/** The words of `line` that are dictionary keys once the line is blanked as misspell blanks it. */
function checkLine(line: string, newline: boolean, lineNumber: number, words: ReadonlyMap<string, string>, found: Misspelling[]): void {
  const redacted = removeNotWords(line, newline);
  for (const match of redacted.matchAll(wordPattern)) {
    const start = match.index ?? 0;
    // misspell reports the original line's text at the word's position.
    const word = line.slice(start, start + match[0].length);
    const correction = words.get(word);
    if (correction !== undefined) found.push({ line: lineNumber, column: start + 1, word, correction });
  }
}

/**
 * Every misspelling misspell would report in `text`, in order. One pass over the words of the whole
 * text finds the lines worth a closer look: a key can appear in a blanked line only as a word of the
 * raw text (blanking only splits words apart) or right after a backslash escape (`\nocured` → ` ocured`).
 * Only those lines, rare in real text, are blanked and checked word by word.
 */
export function findMisspellings(text: string, words: ReadonlyMap<string, string> = misspellDictionary()): Misspelling[] {
  const found: Misspelling[] = [];
  const { min, max, shapes } = keyShapes(words);
  let lineNumber = 1;
  let counted = 0;
  let checkedUpTo = -1;
  const n = text.length;
  let i = 0;
  while (i < n) {
    if (!isWordChar(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    while (i < n && isWordChar(text.charCodeAt(i))) i++;
    const length = i - start;
    if (start < checkedUpTo || length < min || length > max + 1) continue;
    // After a backslash, misspell blanks the escape's letter too: the word starts one later.
    const escaped = text.charCodeAt(start - 1) === 0x5c;
    const hit =
      (length <= max && shapes.has(shapeAt(text, start, length)) && words.has(text.slice(start, i))) ||
      (escaped && length - 1 >= min && shapes.has(shapeAt(text, start + 1, length - 1)) && words.has(text.slice(start + 1, i)));
    if (!hit) continue;
    const lineStart = text.lastIndexOf("\n", start - 1) + 1;
    let lineEnd = text.indexOf("\n", start);
    if (lineEnd === -1) lineEnd = n;
    for (let at = text.indexOf("\n", counted); at !== -1 && at < lineStart; at = text.indexOf("\n", at + 1)) lineNumber++;
    counted = lineStart;
    checkLine(text.slice(lineStart, lineEnd), lineEnd < n, lineNumber, words, found);
    checkedUpTo = lineEnd;
  }
  return found;
}

/** `[a-zA-Z0-9']`, misspell's word characters. */
function isWordChar(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || (code >= 0x30 && code <= 0x39) || code === 0x27;
}

/** A word's length and first three characters as one number: most words are told apart from every key without making a string. */
function shapeAt(text: string, start: number, length: number): number {
  return ((length * 128 + (text.charCodeAt(start) & 0x7f)) * 128 + (text.charCodeAt(start + 1) & 0x7f)) * 128 + (text.charCodeAt(start + 2) & 0x7f);
}

interface KeyShapes {
  readonly min: number;
  readonly max: number;
  readonly shapes: ReadonlySet<number>;
}

const shapesOf = new WeakMap<ReadonlyMap<string, string>, KeyShapes>();
function keyShapes(words: ReadonlyMap<string, string>): KeyShapes {
  let known = shapesOf.get(words);
  if (!known) {
    let min = Number.MAX_SAFE_INTEGER;
    let max = 0;
    const shapes = new Set<number>();
    for (const key of words.keys()) {
      min = Math.min(min, key.length);
      max = Math.max(max, key.length);
      shapes.add(shapeAt(key, 0, key.length));
    }
    // Keys are at least three characters long (misspell's shortest); shorter ones would need another index.
    known = { min: Math.max(min, 3), max, shapes };
    shapesOf.set(words, known);
  }
  return known;
}
