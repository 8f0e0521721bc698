import { isMap, isScalar, parseDocument, type Pair, type Scalar, type YAMLMap } from "yaml";

/** The YAML cannot be edited safely (unreadable, or the key holds something other than a value). */
export class YamlEditError extends Error {}

/** `double-quoted` for milestones ("v1.37", as the KEP template writes them); `keep` writes a changed value the way the old one was quoted (plain when new). */
export type ValueStyle = "double-quoted" | "keep";

export interface YamlEdit {
  /** A key of the top-level mapping, or a key of a mapping under one (`["milestone", "beta"]`). */
  readonly path: readonly [string] | readonly [string, string];
  readonly value: string;
  readonly style: ValueStyle;
  /** Where a missing key goes: after the first of these siblings that exists, else before the first of `before`, else at the end. */
  readonly after?: readonly string[];
  readonly before?: readonly string[];
  /** For a two-key path whose mapping is missing: where the new mapping goes among the top-level keys. */
  readonly parentAfter?: readonly string[];
}

type Range = readonly [number, number, number];
type ParsedPair = Pair<unknown, unknown>;

/**
 * Sets values in YAML text by splicing the source: only the changed values and inserted lines differ,
 * so comments, blank lines, key order, indentation and quoting elsewhere stay byte for byte (re-printing
 * the whole document would re-indent lists and drop trailing spaces in files that are not ours).
 */
export function editYaml(text: string, edits: readonly YamlEdit[]): string {
  const edited = edits.reduce(applyEdit, text);
  for (const edit of edits) {
    const actual = valueAt(rootMap(edited), edit.path);
    if (actual !== edit.value) throw new Error(`kepbot's YAML edit of ${edit.path.join(".")} produced ${String(actual)} instead of ${edit.value}`);
  }
  return edited;
}

function rootMap(text: string): YAMLMap {
  // failsafe: every scalar is text, as the core reads kep.yaml; duplicate keys are errors.
  const doc = parseDocument(text, { schema: "failsafe", uniqueKeys: true });
  const problem = doc.errors[0];
  if (problem) throw new YamlEditError(problem.message.split("\n")[0] ?? "unreadable YAML");
  if (!isMap(doc.contents) || doc.contents.flow) throw new YamlEditError("the document is not a block mapping");
  return doc.contents;
}

function pairOf(map: YAMLMap, key: string): ParsedPair | undefined {
  return map.items.find((pair) => isScalar(pair.key) && pair.key.value === key) as ParsedPair | undefined;
}

function valueAt(map: YAMLMap, path: YamlEdit["path"]): unknown {
  let node: unknown = map;
  for (const key of path) node = isMap(node) ? pairOf(node, key)?.value : undefined;
  return isScalar(node) ? node.value : undefined;
}

function applyEdit(text: string, edit: YamlEdit): string {
  const root = rootMap(text);
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  const [key, childKey] = edit.path;
  if (childKey === undefined) return setInMap(text, root, key, edit, eol);
  const parent = pairOf(root, key);
  if (!parent) {
    const indent = " ".repeat(columnOf(text, firstKeyStart(root)));
    return insertEntry(text, root, [`${key}:`, `${indent}  ${childKey}: ${render(edit)}`], { after: edit.parentAfter ?? [] }, eol);
  }
  if (isMap(parent.value)) return setInMap(text, parent.value, childKey, edit, eol);
  if (isScalar(parent.value) && isEmpty(parent.value.source)) {
    // `milestone:` with nothing (or ~) after it becomes a block mapping under the key.
    const range = parent.value.range as Range;
    let start = range[0];
    while (text[start - 1] === " ") start--;
    const indent = " ".repeat(columnOf(text, rangeOf(parent.key)[0]) + 2);
    return splice(text, start, range[1], `${eol}${indent}${childKey}: ${render(edit)}`);
  }
  throw new YamlEditError(`${key} is not a mapping`);
}

function setInMap(text: string, map: YAMLMap, key: string, edit: YamlEdit, eol: string): string {
  const pair = pairOf(map, key);
  if (!pair) {
    if (map.flow) {
      const close = (map.range as Range)[1] - 1;
      if (text[close] !== "}") throw new YamlEditError(`cannot add ${key} to a flow mapping`);
      return splice(text, close, close, `${map.items.length > 0 ? ", " : ""}${key}: ${render(edit)}`);
    }
    const indent = " ".repeat(columnOf(text, firstKeyStart(map)));
    return insertEntry(text, map, [`${indent}${key}: ${render(edit)}`], edit, eol);
  }
  const node = pair.value;
  if (!isScalar(node) || node.type === "BLOCK_LITERAL" || node.type === "BLOCK_FOLDED") throw new YamlEditError(`${key} does not hold a single-line value`);
  const [start, end] = node.range as Range;
  const rendered = render(edit, node.type);
  if (start === end) return splice(text, start, end, text[start - 1] === " " ? rendered : ` ${rendered}`);
  return splice(text, start, end, rendered);
}

/** Inserts a new entry (its lines, the first without indentation when the map is the root) as its own lines. */
function insertEntry(text: string, map: YAMLMap, lines: readonly string[], edit: Pick<YamlEdit, "after" | "before">, eol: string): string {
  const pairs = map.items as ParsedPair[];
  const after = edit.after?.map((key) => pairOf(map, key)).find(Boolean) ?? (edit.before?.some((key) => pairOf(map, key)) ? undefined : pairs[pairs.length - 1]);
  const before = after ? undefined : edit.before?.map((key) => pairOf(map, key)).find(Boolean);
  const entry = lines.join(eol);
  if (before) {
    const position = lineStart(text, rangeOf(before.key)[0]);
    return splice(text, position, position, `${entry}${eol}`);
  }
  const end = after ? rangeOf(after.value ?? after.key)[2] : text.length;
  const position = nextLineStart(text, end);
  if (position === text.length && text.length > 0 && !text.endsWith("\n")) return `${text}${eol}${entry}${eol}`;
  return splice(text, position, position, `${entry}${eol}`);
}

function render(edit: YamlEdit, existingType?: Scalar["type"]): string {
  const doubleQuoted = JSON.stringify(edit.value);
  if (edit.style === "double-quoted" || existingType === "QUOTE_DOUBLE") return doubleQuoted;
  if (existingType === "QUOTE_SINGLE") return `'${edit.value.replace(/'/g, "''")}'`;
  // Plain only for values no YAML reader could take for anything but this text.
  return /^[A-Za-z0-9][A-Za-z0-9._/-]*$/.test(edit.value) ? edit.value : doubleQuoted;
}

function isEmpty(source: unknown): boolean {
  return source === "" || source === "~" || source === "null" || source === "Null" || source === "NULL";
}

function rangeOf(node: unknown): Range {
  const range = (node as { range?: Range | null } | null)?.range;
  if (!range) throw new YamlEditError("the YAML node has no source position");
  return range;
}

function firstKeyStart(map: YAMLMap): number {
  const first = map.items[0];
  return first ? rangeOf(first.key)[0] : 0;
}

function columnOf(text: string, position: number): number {
  return position - lineStart(text, position);
}

function lineStart(text: string, position: number): number {
  return text.lastIndexOf("\n", position - 1) + 1;
}

function nextLineStart(text: string, position: number): number {
  if (position === 0 || text[position - 1] === "\n") return position;
  const newline = text.indexOf("\n", position);
  return newline < 0 ? text.length : newline + 1;
}

function splice(text: string, start: number, end: number, insert: string): string {
  return `${text.slice(0, start)}${insert}${text.slice(end)}`;
}
