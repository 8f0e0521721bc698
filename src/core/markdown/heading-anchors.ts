/**
 * Heading anchors as mdtoc v1.4.0 makes them (its anchorGen): the `#...` part of each TOC line.
 * Pure.
 */

import { DASH, min, SP, UNDERSCORE } from "./gomarkdown/characters.js";

const NOT_ANCHOR_CHARS = /[^\w\- ]/g;
const NOT_ANCHOR_CHAR = /[^\w\- ]/; // not global: test() keeps no state

/** strings.ToLower, then drop `[^\w\- ]` (ASCII \w, as in Go's regexp), then spaces to dashes. */
function anchorId(text: string): string {
  const lower = text.toLowerCase();
  const n = lower.length;
  if (n <= 4096) return (NOT_ANCHOR_CHAR.test(lower) ? lower.replace(NOT_ANCHOR_CHARS, "") : lower).replaceAll(" ", "-");
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
export function mkAnchor(anchors: Map<string, number>, text: string): string {
  const id = anchorId(text);
  const seen = anchors.get(id) ?? 0;
  anchors.set(id, seen + 1);
  return seen > 0 ? `${id}-${seen}` : id;
}
