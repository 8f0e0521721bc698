/**
 * The lines of a comment where a slash command may stand: prose a reader sees, starting with `/`.
 *
 * Prow matches its command regexes against the raw comment, so an example `/hold` in a code block or a
 * quoted `> /lgtm` can act (prow PR #456). kepbot hides, for every command alike:
 * - fenced code blocks (``` and ~~~, any longer fence, any info string; an unclosed fence runs to the end),
 *   also inside list items: `- ```` opens one on the marker's line, and a fence indented 4 columns is a fence
 *   when a list item's content starts 2 columns in. The fence ends with its closing line, or with its item
 *   (a line left of the item's content, as in CommonMark),
 * - indented code (4 columns or more past the content column of the list item the line is in),
 * - block quotes (`>` at any depth),
 * - HTML comments `<!-- … -->`, also spanning lines and several per line; an unclosed one runs to the end,
 *   like an unclosed fence, because acting on text its author hid is worse than ignoring a command.
 *
 * A deliberately small subset of CommonMark, scanned by char code. List items are tracked as CommonMark's
 * container blocks (their content columns, lazy paragraph lines, thematic breaks and setext underlines that
 * are not items, the rules for interrupting a paragraph), because a fence's extent depends on them; block
 * quotes are hidden line by line (a lazy line after a quote stays visible, as Prow reads it). Scanned over the whole body (no regexes over
 * user text, no array of lines, no string per line unless it may hold a command). The work is linear in
 * the size of the comment, whatever it contains: a 1 MB comment of empty lines is a million lines.
 */

export interface CandidateLine {
  /** The line with its HTML comments removed. */
  readonly text: string;
  /** 1-based line number in the comment. */
  readonly line: number;
}

interface Fence {
  readonly marker: number;
  readonly length: number;
  /** How many list items contain the fence: it ends when the innermost of them does. */
  readonly depth: number;
}

const LF = 0x0a;
const CR = 0x0d;
const TAB = 0x09;
const SPACE = 0x20;
const SLASH = 0x2f;
const GREATER_THAN = 0x3e;
const BACKTICK = 0x60;
const TILDE = 0x7e;
const HYPHEN = 0x2d;
const PLUS = 0x2b;
const ASTERISK = 0x2a;
const UNDERSCORE = 0x5f;
const EQUALS = 0x3d;
const DOT = 0x2e;
const RIGHT_PAREN = 0x29;
const DIGIT_0 = 0x30;
const DIGIT_1 = 0x31;
const DIGIT_9 = 0x39;
const BYTE_ORDER_MARK = 0xfeff;

/** Calls `visit` with each candidate line, in order, until it returns false. */
export function forEachCandidateLine(body: string, visit: (candidate: CandidateLine) => boolean): void {
  const nextCommentOpen = nextOccurrence(body, "<!--");
  const nextCommentClose = nextOccurrence(body, "-->");
  let fence: Fence | undefined;
  let inComment = false;
  let line = 0;
  /** The content columns of the open list items, outermost first (each deeper than the one before). */
  const items: number[] = [];
  /** The last block is a paragraph: a line that starts no block continues it, even left of its item's content. */
  let paragraph = false;

  /** How many of the open list items a line indented `indent` columns stays in. */
  function itemsContaining(indent: number): number {
    let depth = 0;
    while (depth < items.length && (items[depth] ?? 0) <= indent) depth++;
    return depth;
  }

  /** Removes the comments in `[from, end)`, starting in or out of a comment, and visits what is left. */
  function visitWithoutComments(from: number, end: number): boolean {
    let visible = "";
    let position = from;
    for (;;) {
      const marker = inComment ? nextCommentClose(position) : nextCommentOpen(position);
      if (marker >= end) break;
      if (!inComment) visible += body.slice(position, marker);
      position = marker + (inComment ? 3 : 4);
      inComment = !inComment;
    }
    if (!inComment) visible += body.slice(position, end);
    return visit({ text: visible, line });
  }

  function handleLine(start: number, end: number): boolean {
    const { position: first, column: indent } = skipBlanks(body, start, end, 0);
    const blank = first === end;
    if (fence) {
      if (blank) return true;
      const depth = itemsContaining(indent);
      if (depth >= fence.depth) {
        const base = fence.depth === 0 ? 0 : (items[fence.depth - 1] ?? 0);
        if (indent - base < 4 && closesFence(body, first, end, fence)) fence = undefined;
        return true;
      }
      // Left of the item's content: the item ends, and the fence in it with it.
      fence = undefined;
      items.length = depth;
      paragraph = false;
    }
    if (inComment) return nextCommentClose(start) >= end || visitWithoutComments(start, end);
    if (blank) {
      paragraph = false;
      return true;
    }
    let depth = itemsContaining(indent);
    if (depth < items.length) {
      // A lazy continuation line stays in the paragraph, and so in its items; anything else closes them.
      if (paragraph && !startsBlock(body, first, end, indent - (items[depth - 1] ?? 0))) return visitText(start, end, first, true);
      items.length = depth;
    }
    const base = depth === 0 ? 0 : (items[depth - 1] ?? 0);
    // Indented code, or (after a paragraph) its continuation: no command either way.
    if (indent - base >= 4) return true;

    let position = first;
    let column = indent;
    let marker = false;
    // `- - - … x` is no break at any of its markers: one scan to the `x` answers for all of them.
    let notBreakBefore = -1;
    let notBreakMarker = -1;
    for (;;) {
      if (paragraph && isSetextUnderline(body, position, end)) {
        paragraph = false;
        return true;
      }
      const char = body.charCodeAt(position);
      if (char !== notBreakMarker || position >= notBreakBefore) {
        const blocker = thematicBreakBlocker(body, position, end);
        if (blocker === undefined) {
          paragraph = false;
          return true;
        }
        notBreakBefore = blocker;
        notBreakMarker = char;
      }
      const item = listItemAt(body, position, end, column, paragraph && !marker);
      if (!item) break;
      marker = true;
      items.push(item.contentColumn);
      depth++;
      paragraph = false;
      if (item.content === undefined) return true; // empty, or indented code
      position = item.content;
      column = item.contentColumn;
    }

    const char = body.charCodeAt(position);
    // A `<!--` inside a fence, code or a quote is not a comment for the lines after it (in CommonMark it
    // ends with the block), so these are ruled out before comments are looked for.
    if (char === BACKTICK || char === TILDE) {
      const opened = opensFence(body, position, end, depth);
      if (opened) {
        fence = opened;
        paragraph = false;
        return true;
      }
    }
    if (char === GREATER_THAN) {
      paragraph = false;
      return true;
    }
    return visitText(start, end, position, !marker);
  }

  /** A line of paragraph text: a command when it starts with a slash (not after a list marker). */
  function visitText(start: number, end: number, position: number, mayCommand: boolean): boolean {
    paragraph = true;
    if (nextCommentOpen(start) < end) return visitWithoutComments(start, end);
    return !mayCommand || body.charCodeAt(position) !== SLASH || visit({ text: body.slice(start, end), line });
  }

  let start = body.charCodeAt(0) === BYTE_ORDER_MARK ? 1 : 0;
  while (start <= body.length) {
    const end = lineEnd(body, start);
    line++;
    if (!handleLine(start, end)) return;
    // CRLF, LF and a lone CR each end a line, as in CommonMark.
    start = end + (body.charCodeAt(end) === CR && body.charCodeAt(end + 1) === LF ? 2 : 1);
  }
}

/**
 * A search for `needle` at or after a position that only ever moves forward: each answer is reused until
 * the position passes it, so all the searches together read the body once.
 */
function nextOccurrence(body: string, needle: string): (from: number) => number {
  let found = -1;
  return (from) => {
    if (found >= from) return found;
    const index = body.indexOf(needle, from);
    found = index === -1 ? Number.POSITIVE_INFINITY : index;
    return found;
  };
}

function lineEnd(body: string, start: number): number {
  let end = start;
  while (end < body.length) {
    const char = body.charCodeAt(end);
    if (char === LF || char === CR) break;
    end++;
  }
  return end;
}

/** The first position at or after `from` that is not a space or tab, and its column (a tab advances to the next multiple of 4). */
function skipBlanks(body: string, from: number, end: number, column: number): { readonly position: number; readonly column: number } {
  let position = from;
  let at = column;
  for (; position < end; position++) {
    const char = body.charCodeAt(position);
    if (char === SPACE) at++;
    else if (char === TAB) at += 4 - (at % 4);
    else break;
  }
  return { position, column: at };
}

/** Whether a line that is not in the paragraph's items would start a block rather than continue the paragraph lazily. */
function startsBlock(body: string, first: number, end: number, relativeIndent: number): boolean {
  if (relativeIndent >= 4) return false; // indented code cannot interrupt a paragraph
  const char = body.charCodeAt(first);
  if (char === GREATER_THAN) return true;
  if ((char === BACKTICK || char === TILDE) && opensFence(body, first, end, 0)) return true;
  return isThematicBreak(body, first, end) || listItemAt(body, first, end, 0, true) !== undefined;
}

/** `***`, `- - -`, `___`: three or more of one of `*-_`, with only blanks between. */
function isThematicBreak(body: string, first: number, end: number): boolean {
  return thematicBreakBlocker(body, first, end) === undefined;
}

/**
 * Undefined when the text from `first` is a thematic break; otherwise where the scan stopped (the first
 * character that is neither the marker nor a blank, or the line's end). Any later start before that
 * position with the same marker is no break either.
 */
function thematicBreakBlocker(body: string, first: number, end: number): number | undefined {
  const marker = body.charCodeAt(first);
  if (marker !== ASTERISK && marker !== HYPHEN && marker !== UNDERSCORE) return first;
  let count = 0;
  for (let position = first; position < end; position++) {
    const char = body.charCodeAt(position);
    if (char === marker) count++;
    else if (char !== SPACE && char !== TAB) return position;
  }
  return count >= 3 ? undefined : end;
}

/** `===` or `---` (one run, then blanks) under a paragraph: a heading, not an item or a break. */
function isSetextUnderline(body: string, first: number, end: number): boolean {
  const marker = body.charCodeAt(first);
  if (marker !== EQUALS && marker !== HYPHEN) return false;
  const { position } = skipBlanks(body, first + runLength(body, first, end, marker), end, 0);
  return position === end;
}

interface ListItemStart {
  /** Where the item's content starts on this line; undefined when the line holds none (empty, or indented code). */
  readonly content: number | undefined;
  readonly contentColumn: number;
}

/**
 * A list marker at `first` (column `column`): `-`, `+`, `*`, or 1 to 9 digits and `.` or `)`, followed by
 * a blank or the end of the line. Interrupting a paragraph, an item must have content, and an ordered one
 * must start at 1.
 */
function listItemAt(body: string, first: number, end: number, column: number, interruptsParagraph: boolean): ListItemStart | undefined {
  const char = body.charCodeAt(first);
  let markerEnd: number;
  if (char === HYPHEN || char === PLUS || char === ASTERISK) markerEnd = first + 1;
  else {
    let digits = first;
    while (digits < end && digits - first < 9 && isDigit(body.charCodeAt(digits))) digits++;
    const delimiter = body.charCodeAt(digits);
    if (digits === first || (delimiter !== DOT && delimiter !== RIGHT_PAREN)) return undefined;
    if (interruptsParagraph && (digits - first !== 1 || char !== DIGIT_1)) return undefined;
    markerEnd = digits + 1;
  }
  const after = body.charCodeAt(markerEnd);
  if (markerEnd < end && after !== SPACE && after !== TAB) return undefined;
  const markerColumn = column + (markerEnd - first);
  const content = skipBlanks(body, markerEnd, end, markerColumn);
  if (content.position === end) return interruptsParagraph ? undefined : { content: undefined, contentColumn: markerColumn + 1 };
  // Five or more blanks after the marker: the content is indented code, one column past the marker.
  if (content.column - markerColumn >= 5) return { content: undefined, contentColumn: markerColumn + 1 };
  return { content: content.position, contentColumn: content.column };
}

function isDigit(char: number): boolean {
  return char >= DIGIT_0 && char <= DIGIT_9;
}

function runLength(body: string, start: number, end: number, char: number): number {
  let position = start;
  while (position < end && body.charCodeAt(position) === char) position++;
  return position - start;
}

function opensFence(body: string, first: number, end: number, depth: number): Fence | undefined {
  const marker = body.charCodeAt(first);
  const length = runLength(body, first, end, marker);
  if (length < 3) return undefined;
  // A backtick in the info string makes the line an inline code span (```` ```x``` ````), not a fence.
  if (marker === BACKTICK && includesChar(body, first + length, end, BACKTICK)) return undefined;
  return { marker, length, depth };
}

/** Whether the line whose text starts at `first` (at most 3 columns past the fence's container) closes the fence. */
function closesFence(body: string, first: number, end: number, fence: Fence): boolean {
  const length = runLength(body, first, end, fence.marker);
  if (length < fence.length) return false;
  for (let position = first + length; position < end; position++) {
    const char = body.charCodeAt(position);
    if (char !== SPACE && char !== TAB) return false;
  }
  return true;
}

function includesChar(body: string, start: number, end: number, char: number): boolean {
  for (let position = start; position < end; position++) if (body.charCodeAt(position) === char) return true;
  return false;
}
