import { isAlias, isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Node as YamlLibNode } from "yaml";
import type { Document as YamlDocument } from "yaml";

/** A 1-based position in the source file. */
export interface Position {
  readonly line: number;
  readonly column: number;
}

/**
 * A YAML value that remembers where it came from. Scalars keep their source text, the way upstream's
 * yaml.v3 fills Go string fields: `1.30` stays "1.30" and `0752` stays "0752".
 */
export type YamlTree = YamlScalar | YamlNull | YamlSeq | YamlMap;

export interface YamlScalar {
  readonly kind: "scalar";
  readonly text: string;
  /** False for quoted and block scalars, whose text is never a number or a boolean. */
  readonly plain: boolean;
  readonly pos: Position;
  /**
   * The comment on the scalar's own line, after it (`- "@jane" # sig-node-assigned-reviewer`), without
   * its `#`: what yaml.v3 calls the node's LineComment. Absent when there is none.
   */
  readonly comment?: string;
}
/** An empty value, `~` or `null` written plainly. */
export interface YamlNull {
  readonly kind: "null";
  readonly pos: Position;
}
export interface YamlSeq {
  readonly kind: "seq";
  readonly items: readonly YamlTree[];
  readonly pos: Position;
}
export interface YamlMapEntry {
  readonly key: string;
  readonly keyPos: Position;
  readonly value: YamlTree;
}
export interface YamlMap {
  readonly kind: "map";
  readonly entries: readonly YamlMapEntry[];
  readonly pos: Position;
}

/** A reason a file could not be read as YAML, with the line it concerns. */
export interface YamlProblem {
  readonly message: string;
  readonly line: number;
  readonly column?: number;
}

export type YamlReadResult =
  | { readonly ok: true; readonly tree: YamlTree | undefined }
  | { readonly ok: false; readonly problems: readonly YamlProblem[] };

/** Bounds that keep a hostile file from making the reader allocate or recurse without limit. */
export interface YamlLimits {
  /** Largest file read, in bytes. KEP metadata is a few KiB; 1 MiB leaves generous room. */
  readonly maxBytes: number;
  /** Most nodes visited, counting every expansion of an alias (alias bombs stop here). */
  readonly maxNodes: number;
  /** Deepest nesting of collections. */
  readonly maxDepth: number;
}

export const defaultYamlLimits: YamlLimits = { maxBytes: 1 << 20, maxNodes: 50_000, maxDepth: 64 };

const nullWords = new Set(["", "~", "null", "Null", "NULL"]);

class LimitExceeded extends Error {}

/**
 * Parses the first YAML document of `source` into a YamlTree. Duplicate keys, non-scalar keys,
 * syntax errors and exceeded limits come back as problems with line numbers; this never throws.
 * `lineOffsets` maps a line of `source` to the line of the original file (used when lines were cut
 * out before parsing, as with kep.yaml's `---` quirk).
 */
export function readYaml(
  source: string,
  limits: YamlLimits = defaultYamlLimits,
  lineOf: (line: number) => number = (line) => line,
): YamlReadResult {
  if (source.length > limits.maxBytes) return failure(`document is larger than ${limits.maxBytes} bytes`, 1);
  const depth = flowDepth(source);
  if (depth > limits.maxDepth) return failure(`document is nested more than ${limits.maxDepth} levels deep`, 1);
  const counter = new LineCounter();
  let documents: YamlDocument.Parsed[];
  try {
    const parsed = parseAllDocuments(source, {
      schema: "failsafe",
      uniqueKeys: false,
      lineCounter: counter,
      prettyErrors: false,
      strict: true,
    });
    documents = Array.isArray(parsed) ? parsed : [];
  } catch (error) {
    // The parser recurses on nesting; a stack overflow means the input is too deeply nested.
    return failure(isStackOverflow(error) ? "document is nested too deeply to read" : String(error), 1);
  }
  const first = documents[0];
  if (!first) return { ok: true, tree: undefined };

  // An error at the very end (an unterminated quote) sits after the final line break: blame the last line.
  let lastLine = 1;
  for (let index = source.indexOf("\n"); index >= 0 && index < source.length - 1; index = source.indexOf("\n", index + 1)) lastLine++;
  const position = (offset: number | undefined): Position => {
    const { line, col } = counter.linePos(offset ?? 0);
    return line > lastLine ? { line: lineOf(lastLine), column: 1 } : { line: lineOf(line), column: col };
  };
  if (first.errors.length > 0) {
    return {
      ok: false,
      problems: first.errors.map((error) => ({
        message: firstLine(error.message),
        ...position(error.pos[0]),
      })),
    };
  }
  if (first.contents === null) return { ok: true, tree: undefined };

  const problems: YamlProblem[] = [];
  let visited = 0;
  const convert = (node: YamlLibNode | null, depth: number, at: number | undefined): YamlTree => {
    if (++visited > limits.maxNodes) throw new LimitExceeded(`document expands to more than ${limits.maxNodes} nodes (alias expansion?)`);
    if (depth > limits.maxDepth) throw new LimitExceeded(`document is nested more than ${limits.maxDepth} levels deep`);
    if (node === null) return { kind: "null", pos: position(at) };
    if (isAlias(node)) {
      const target = node.resolve(first);
      if (!target) {
        problems.push({ message: `unknown anchor "${node.source}"`, ...position(node.range?.[0]) });
        return { kind: "null", pos: position(node.range?.[0]) };
      }
      return convert(target, depth + 1, node.range?.[0]);
    }
    const pos = position(node.range?.[0] ?? at);
    if (isScalar(node)) {
      const text = String(node.source ?? node.value ?? "");
      const plain = node.type === "PLAIN" && !node.tag;
      if (plain && nullWords.has(text)) return { kind: "null", pos };
      return typeof node.comment === "string" ? { kind: "scalar", text, plain, pos, comment: node.comment } : { kind: "scalar", text, plain, pos };
    }
    if (isSeq(node)) {
      return { kind: "seq", pos, items: node.items.map((item) => convert(item as YamlLibNode | null, depth + 1, node.range?.[0])) };
    }
    if (isMap(node)) {
      const entries: YamlMapEntry[] = [];
      const seen = new Map<string, Position>();
      for (const pair of node.items) {
        const keyNode = pair.key as YamlLibNode | null;
        const keyPos = position(keyNode?.range?.[0] ?? node.range?.[0]);
        if (!isScalar(keyNode)) {
          problems.push({ message: "mapping keys must be plain strings", ...keyPos });
          continue;
        }
        const key = String(keyNode.source ?? keyNode.value ?? "");
        const earlier = seen.get(key);
        if (earlier) {
          problems.push({ message: `mapping key "${key}" already defined at line ${earlier.line}`, ...keyPos });
          continue;
        }
        seen.set(key, keyPos);
        const valueNode = pair.value as YamlLibNode | null;
        entries.push({ key, keyPos, value: convert(valueNode, depth + 1, keyNode.range?.[2]) });
      }
      return { kind: "map", entries, pos };
    }
    return { kind: "null", pos };
  };

  try {
    const tree = convert(first.contents as YamlLibNode, 0, 0);
    return problems.length > 0 ? { ok: false, problems } : { ok: true, tree };
  } catch (error) {
    if (error instanceof LimitExceeded) return failure(error.message, 1);
    if (isStackOverflow(error)) return failure("document is nested too deeply to read", 1);
    throw error;
  }
}

/** Checked by name: a RangeError from another realm (a test sandbox) fails `instanceof`. */
function isStackOverflow(error: unknown): boolean {
  return error instanceof Error && error.name === "RangeError";
}

/** The deepest nesting of flow brackets, found before parsing so that the parser never recurses that far. */
function flowDepth(source: string): number {
  let depth = 0;
  let deepest = 0;
  for (let index = 0; index < source.length; index++) {
    const code = source.charCodeAt(index);
    if (code === 0x5b || code === 0x7b) deepest = Math.max(deepest, ++depth);
    else if ((code === 0x5d || code === 0x7d) && depth > 0) depth--;
  }
  return deepest;
}

function failure(message: string, line: number): YamlReadResult {
  return { ok: false, problems: [{ message, line }] };
}

function firstLine(text: string): string {
  return text.split("\n", 1)[0] ?? text;
}

/** The entry of `key` in a map, if the tree is a map that has it. */
export function entryOf(tree: YamlTree | undefined, key: string): YamlMapEntry | undefined {
  return tree?.kind === "map" ? tree.entries.find((entry) => entry.key === key) : undefined;
}

/** The source text of a scalar at `key`; "" for a missing, null or non-scalar value (as yaml.v3 leaves a Go string). */
export function textAt(tree: YamlTree | undefined, key: string): string {
  const value = entryOf(tree, key)?.value;
  return value?.kind === "scalar" ? value.text : "";
}

/** The texts of a list of scalars at `key`; `undefined` when the key is absent or null (Go's nil slice). */
export function listAt(tree: YamlTree | undefined, key: string): readonly string[] | undefined {
  const value = entryOf(tree, key)?.value;
  if (value?.kind !== "seq") return undefined;
  return value.items.flatMap((item) => (item.kind === "scalar" ? [item.text] : []));
}

/**
 * Converts a tree to plain JSON data, for schema validation. Scalars stay text (upstream's reading of
 * KEP files) unless `typed`, where plain integers and booleans resolve as YAML 1.2 does (config files).
 */
export function toPlain(tree: YamlTree | undefined, typed = false): unknown {
  if (tree === undefined) return undefined;
  switch (tree.kind) {
    case "scalar":
      return typed && tree.plain ? resolveCoreScalar(tree.text) : tree.text;
    case "null":
      return null;
    case "seq":
      return tree.items.map((item) => toPlain(item, typed));
    case "map":
      return Object.fromEntries(tree.entries.map((entry) => [entry.key, toPlain(entry.value, typed)]));
  }
}

function resolveCoreScalar(text: string): string | number | boolean {
  if (/^[-+]?[0-9]{1,15}$/.test(text)) return Number(text);
  if (/^(true|True|TRUE)$/.test(text)) return true;
  if (/^(false|False|FALSE)$/.test(text)) return false;
  return text;
}

/**
 * The line to blame for a JSON-pointer-like path into the tree (`/milestone/beta`, `/authors/0`):
 * the key's line for map entries, the item's line for list items, the deepest existing node otherwise.
 */
export function lineAt(tree: YamlTree | undefined, path: readonly (string | number)[]): number {
  let node = tree;
  let line = tree?.pos.line ?? 1;
  for (const step of path) {
    if (node?.kind === "map") {
      const entry = node.entries.find((candidate) => candidate.key === String(step));
      if (!entry) break;
      line = entry.keyPos.line;
      node = entry.value;
    } else if (node?.kind === "seq") {
      const item = node.items[Number(step)];
      if (!item) break;
      line = item.pos.line;
      node = item;
    } else break;
  }
  return line;
}
