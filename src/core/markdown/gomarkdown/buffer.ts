/**
 * Buffers. gomarkdown works on byte slices and re-parses the contents of list items and block
 * quotes from freshly built buffers; a Buf is one such buffer, and a "view" is a [start, end)
 * range of it passed around as two absolute indices. Buf also holds lazily built indexes that
 * answer "where is the next ..." questions without rescanning.
 */

import { BT, isSpace, LBRACE, min, NL, RBRACE, SP, TILDE } from "./characters.js";

export class Buf {
  readonly s: string;
  readonly n: number;
  private closerIdx: Map<number, number[]> | undefined;
  private htmlEnds: Map<string, number[]> | undefined;
  private found: Map<string, { from: number; at: number }> | undefined;
  private runs: RunIndex | undefined;
  // memo of the last run looked up by runEnd, and of the last fenceTail
  private runStart = -1;
  private runStop = -1;
  private runCh = -1;
  private tailPos = -1;
  private tailEnd = -1;
  private tailResult = -1;
  // pipeOrTickBefore's memo: the next `|` and backtick at or after *From (-1: none); -2: not searched yet
  private pipeFrom = 0;
  private pipeAt = -2;
  private tickFrom = 0;
  private tickAt = -2;

  constructor(s: string) {
    this.s = s;
    this.n = s.length;
  }

  /** The char code at i, or -1 outside [0, end) (Go would panic or the caller bounds-checks). */
  at(i: number, end: number): number {
    return i >= 0 && i < end ? this.s.charCodeAt(i) : -1;
  }

  /** indexOf with a memo for monotonic queries (each pattern is then scanned about once). */
  indexOf(pattern: string, from: number): number {
    const found = (this.found ??= new Map());
    const memo = found.get(pattern);
    if (memo && from >= memo.from && (memo.at === -1 || from <= memo.at)) return memo.at;
    const at = this.s.indexOf(pattern, from);
    found.set(pattern, { from, at });
    return at;
  }

  /**
   * Whether the line [from, lineEnd) holds a `|` or a backtick: a table header needs one. Memoized like
   * indexOf, without its map (this runs for every line of prose).
   */
  pipeOrTickBefore(from: number, lineEnd: number): boolean {
    if (from < this.pipeFrom || (this.pipeAt !== -1 && from > this.pipeAt)) {
      this.pipeFrom = from;
      this.pipeAt = this.s.indexOf("|", from);
    }
    if (from < this.tickFrom || (this.tickAt !== -1 && from > this.tickAt)) {
      this.tickFrom = from;
      this.tickAt = this.s.indexOf("`", from);
    }
    return (this.pipeAt !== -1 && this.pipeAt < lineEnd) || (this.tickAt !== -1 && this.tickAt < lineEnd);
  }

  /** End of the maximal run of `ch` that contains i (i must hold `ch`). */
  runEnd(i: number, ch: number): number {
    if (this.runCh === ch && i >= this.runStart && i < this.runStop) return this.runStop;
    let j = i;
    while (j < this.n && this.s.charCodeAt(j) === ch) j++;
    this.runCh = ch;
    this.runStart = i;
    this.runStop = j;
    return j;
  }

  /**
   * Rest of an opening fence line after the marker run ending at `pos` (isFenceLine with
   * oldmarker ""): optional info string (one word or {...}), spaces, then newline or end of view.
   * Returns the position after the line, or -1 if the line is not a fence opener.
   */
  fenceTail(pos: number, end: number): number {
    if (this.tailPos === pos && this.tailEnd === end) return this.tailResult;
    const result = this.computeFenceTail(pos, end);
    this.tailPos = pos;
    this.tailEnd = end;
    this.tailResult = result;
    return result;
  }

  private computeFenceTail(pos: number, end: number): number {
    const s = this.s;
    let i = pos;
    while (i < end && s.charCodeAt(i) === SP) i++;
    if (i >= end) return i === end ? i : -1;
    if (s.charCodeAt(i) === LBRACE) {
      i++;
      while (i < end && s.charCodeAt(i) !== RBRACE && s.charCodeAt(i) !== NL) i++;
      if (i >= end || s.charCodeAt(i) !== RBRACE) return -1;
      i++;
    } else {
      while (i < end && !isSpace(s.charCodeAt(i))) i++;
    }
    while (i < end && s.charCodeAt(i) === SP) i++;
    if (i >= end || s.charCodeAt(i) !== NL) return i === end ? i : -1;
    return i + 1;
  }

  /**
   * Line starts of closing fence lines (up to 3 spaces, a run of ` or ~ of length >= 3, spaces,
   * newline or end of buffer), keyed by the run (gomarkdown requires the exact same marker; see
   * markerKey). A line's classification does not depend on where a view ends, since views end at
   * line boundaries.
   */
  closers(key: number): number[] | undefined {
    if (!this.closerIdx) {
      const idx = new Map<number, number[]>();
      const s = this.s;
      const n = this.n;
      // Found by a native search for ``` and ~~~ (rare) rather than by looking at every line; each
      // marker's list comes out in order, since the two searches fill different lists.
      for (const [c, marker] of [[BT, "```"], [TILDE, "~~~"]] as const) {
        for (let rs = s.indexOf(marker); rs !== -1; ) {
          let i = rs;
          while (i < n && s.charCodeAt(i) === c) i++;
          const size = i - rs;
          // the line start: up to three spaces before the run, then the start of the buffer or a newline
          let ls = rs;
          while (ls > 0 && rs - ls < 3 && s.charCodeAt(ls - 1) === SP) ls--;
          const lineStart = ls === 0 || s.charCodeAt(ls - 1) === NL;
          while (i < n && s.charCodeAt(i) === SP) i++;
          if (lineStart && (i === n || s.charCodeAt(i) === NL)) {
            const k = markerKey(c, size);
            const list = idx.get(k);
            if (list) list.push(ls);
            else idx.set(k, [ls]);
          }
          rs = s.indexOf(marker, i);
        }
      }
      this.closerIdx = idx;
    }
    return this.closerIdx.get(key);
  }

  /** Positions p in [0, end) where `</tag>` closes an HTML block (htmlFindEnd > 0), with the size. */
  htmlEndsFor(tag: string, end: number, isEmpty: (s: number, e: number) => number): number[] {
    const key = `${tag}\u0000${end}`;
    const cache = (this.htmlEnds ??= new Map());
    let list = cache.get(key);
    if (!list) {
      list = [];
      const close = `</${tag}>`;
      for (let p = this.s.indexOf(close); p !== -1 && p + close.length <= end; p = this.s.indexOf(close, p + 1)) {
        let i = p + close.length;
        const skip = isEmpty(i, end);
        if (skip === 0) continue;
        i += skip;
        if (i >= end) {
          list.push(p, i - p);
          continue;
        }
        const skip2 = isEmpty(i, end);
        if (skip2 === 0) continue;
        list.push(p, i + skip2 - p);
      }
      cache.set(key, list);
    }
    return list;
  }

  /** Backtick runs of the buffer, for "first run at or after pos at least this long". */
  backtickRuns(): RunIndex {
    if (!this.runs) this.runs = new RunIndex(this.s);
    return this.runs;
  }
}

class RunIndex {
  private starts: number[] = [];
  private lens: number[] = [];
  private tree: Int32Array;
  private size = 1;

  constructor(s: string) {
    const { starts, lens } = this;
    for (let i = s.indexOf("`"); i !== -1; ) {
      let j = i;
      while (j < s.length && s.charCodeAt(j) === BT) j++;
      starts.push(i);
      lens.push(j - i);
      i = s.indexOf("`", j);
    }
    while (this.size < lens.length) this.size *= 2;
    this.tree = new Int32Array(2 * this.size);
    for (let k = 0; k < lens.length; k++) this.tree[this.size + k] = lens[k] ?? 0;
    for (let k = this.size - 1; k >= 1; k--) {
      const l = this.tree[2 * k] ?? 0;
      const r = this.tree[2 * k + 1] ?? 0;
      this.tree[k] = l > r ? l : r;
    }
  }

  /** Start of the first run beginning at or after pos whose length is >= len, or -1. */
  firstAtLeast(pos: number, len: number): number {
    let lo = 0;
    let hi = this.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.starts[mid] ?? 0) < pos) lo = mid + 1;
      else hi = mid;
    }
    if (lo >= this.starts.length) return -1;
    if ((this.lens[lo] ?? 0) >= len) return this.starts[lo] ?? -1; // the usual case: the next run
    const k = this.descend(1, 0, this.size, lo, len);
    return k === -1 ? -1 : (this.starts[k] ?? -1);
  }

  private descend(node: number, lo: number, hi: number, from: number, len: number): number {
    if (hi <= from || (this.tree[node] ?? 0) < len) return -1;
    if (hi - lo === 1) return lo;
    const mid = (lo + hi) >> 1;
    const left = this.descend(2 * node, lo, mid, from, len);
    return left !== -1 ? left : this.descend(2 * node + 1, mid, hi, from, len);
  }
}

/** A fence marker (a run of ` or ~) as a number. */
export function markerKey(ch: number, size: number): number {
  return size * 2 + (ch === BT ? 0 : 1);
}

export function lowerBound(list: number[], value: number, stride = 1): number {
  let lo = 0;
  let hi = list.length / stride;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((list[mid * stride] ?? 0) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Where the code span opening at `pos` ends (relative to pos), or 0 if it has no closing run
 * inside [pos, end). gomarkdown's codeSpan: the opening run is counted from pos; the span closes
 * at the first later run of at least as many backticks.
 */
export function codeSpanEnd(b: Buf, pos: number, end: number): number {
  if (b.at(pos, end) !== BT) return 0;
  const re = min(b.runEnd(pos, BT), end);
  const nb = re - pos;
  // Code spans usually close nearby: look at the next few hundred characters first, and only
  // build the buffer's run index when the closing run is farther away (or missing).
  const s = b.s;
  const windowEnd = min(re + 512, end);
  for (let i = s.indexOf("`", re); i !== -1 && i < windowEnd; ) {
    let j = i;
    while (j < end && s.charCodeAt(j) === BT) j++;
    if (j - i >= nb) return i + nb - pos;
    i = s.indexOf("`", j);
  }
  const r = b.backtickRuns().firstAtLeast(re, nb);
  if (r === -1 || r + nb > end) return 0;
  return r + nb - pos;
}
