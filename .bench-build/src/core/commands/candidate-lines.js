/**
 * The lines of a comment where a slash command may stand: prose a reader sees, starting with `/`.
 *
 * Prow matches its command regexes against the raw comment, so an example `/hold` in a code block or a
 * quoted `> /lgtm` can act (prow PR #456). kepbot hides, for every command alike:
 * - fenced code blocks (``` and ~~~, any longer fence, any info string; an unclosed fence runs to the end),
 * - indented code (a line indented 4 columns or more; list continuations are not told apart),
 * - block quotes (`>` at any depth),
 * - HTML comments `<!-- … -->`, also spanning lines and several per line; an unclosed one runs to the end,
 *   like an unclosed fence, because acting on text its author hid is worse than ignoring a command.
 *
 * A deliberately small subset of CommonMark, scanned by char code over the whole body (no regexes over
 * user text, no array of lines, no string per line unless it may hold a command). The work is linear in
 * the size of the comment, whatever it contains: a 1 MB comment of empty lines is a million lines.
 */
const LF = 0x0a;
const CR = 0x0d;
const TAB = 0x09;
const SPACE = 0x20;
const SLASH = 0x2f;
const GREATER_THAN = 0x3e;
const BACKTICK = 0x60;
const TILDE = 0x7e;
const BYTE_ORDER_MARK = 0xfeff;
/** Calls `visit` with each candidate line, in order, until it returns false. */
export function forEachCandidateLine(body, visit) {
    const nextCommentOpen = nextOccurrence(body, "<!--");
    const nextCommentClose = nextOccurrence(body, "-->");
    let fence;
    let inComment = false;
    let line = 0;
    /** Removes the comments in `[from, end)`, starting in or out of a comment, and visits what is left. */
    function visitWithoutComments(from, end) {
        let visible = "";
        let position = from;
        for (;;) {
            const marker = inComment ? nextCommentClose(position) : nextCommentOpen(position);
            if (marker >= end)
                break;
            if (!inComment)
                visible += body.slice(position, marker);
            position = marker + (inComment ? 3 : 4);
            inComment = !inComment;
        }
        if (!inComment)
            visible += body.slice(position, end);
        return visit({ text: visible, line });
    }
    function handleLine(start, end) {
        if (fence) {
            if (closesFence(body, start, end, fence))
                fence = undefined;
            return true;
        }
        if (inComment)
            return nextCommentClose(start) >= end || visitWithoutComments(start, end);
        const first = firstNonBlank(body, start, end);
        if (first === undefined)
            return true; // blank, or indented code
        const char = body.charCodeAt(first);
        // A `<!--` inside a fence, code or a quote is not a comment for the lines after it (in CommonMark it
        // ends with the block), so these are ruled out before comments are looked for.
        if (char === BACKTICK || char === TILDE) {
            fence = opensFence(body, first, end);
            if (fence)
                return true;
        }
        if (char === GREATER_THAN)
            return true;
        if (nextCommentOpen(start) < end)
            return visitWithoutComments(start, end);
        return char !== SLASH || visit({ text: body.slice(start, end), line });
    }
    let start = body.charCodeAt(0) === BYTE_ORDER_MARK ? 1 : 0;
    while (start <= body.length) {
        const end = lineEnd(body, start);
        line++;
        if (!handleLine(start, end))
            return;
        // CRLF, LF and a lone CR each end a line, as in CommonMark.
        start = end + (body.charCodeAt(end) === CR && body.charCodeAt(end + 1) === LF ? 2 : 1);
    }
}
/**
 * A search for `needle` at or after a position that only ever moves forward: each answer is reused until
 * the position passes it, so all the searches together read the body once.
 */
function nextOccurrence(body, needle) {
    let found = -1;
    return (from) => {
        if (found >= from)
            return found;
        const index = body.indexOf(needle, from);
        found = index === -1 ? Number.POSITIVE_INFINITY : index;
        return found;
    };
}
function lineEnd(body, start) {
    let end = start;
    while (end < body.length) {
        const char = body.charCodeAt(end);
        if (char === LF || char === CR)
            break;
        end++;
    }
    return end;
}
/** Where the line's text starts; undefined for a blank line or indented code (4 columns or more, a tab advancing to the next multiple of 4). */
function firstNonBlank(body, start, end) {
    let column = 0;
    for (let position = start; position < end; position++) {
        const char = body.charCodeAt(position);
        if (char === SPACE)
            column++;
        else if (char === TAB)
            column += 4 - (column % 4);
        else
            return column < 4 ? position : undefined;
        if (column >= 4)
            return undefined;
    }
    return undefined;
}
function runLength(body, start, end, char) {
    let position = start;
    while (position < end && body.charCodeAt(position) === char)
        position++;
    return position - start;
}
function opensFence(body, first, end) {
    const marker = body.charCodeAt(first);
    const length = runLength(body, first, end, marker);
    if (length < 3)
        return undefined;
    // A backtick in the info string makes the line an inline code span (```` ```x``` ````), not a fence.
    if (marker === BACKTICK && includesChar(body, first + length, end, BACKTICK))
        return undefined;
    return { marker, length };
}
function closesFence(body, start, end, fence) {
    const first = firstNonBlank(body, start, end);
    if (first === undefined)
        return false;
    const length = runLength(body, first, end, fence.marker);
    if (length < fence.length)
        return false;
    for (let position = first + length; position < end; position++) {
        const char = body.charCodeAt(position);
        if (char !== SPACE && char !== TAB)
            return false;
    }
    return true;
}
function includesChar(body, start, end, char) {
    for (let position = start; position < end; position++)
        if (body.charCodeAt(position) === char)
            return true;
    return false;
}
