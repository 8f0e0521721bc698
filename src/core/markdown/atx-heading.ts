/**
 * An ATX heading line (`## Title ##`): its level and text, or undefined. Parsed by hand rather than
 * with a regex: heading lines come from pull requests, and regexes with several `\\s*` runs around a
 * lazy group take super-linear time on long whitespace.
 */
export function atxHeading(line: string): { readonly level: number; readonly text: string } | undefined {
  let index = 0;
  while (index < 3 && line.charCodeAt(index) === 0x20) index++;
  let level = 0;
  while (line.charCodeAt(index + level) === 0x23 /* # */) level++;
  if (level < 1 || level > 6) return undefined;
  const rest = line.slice(index + level);
  if (rest !== "" && !/^[ \t]/.test(rest)) return undefined;
  let text = rest.trim();
  // A closing run of #s is not part of the text when a space precedes it (or it is all there is).
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 0x23) end--;
  if (end === 0 || end < text.length && /[ \t]/.test(text.charAt(end - 1))) text = text.slice(0, end).trimEnd();
  return { level, text };
}
