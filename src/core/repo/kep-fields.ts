import { entryOf, listAt, textAt } from "../parse/yaml-tree.js";
import type { Kep } from "./model.js";

/** Reads a top-level text field of kep.yaml the way a Go string field holds it ("" when absent). */
export function field(kep: Kep, key: string): string {
  return textAt(kep.tree, key);
}

/** The line of a top-level key, or of the document start when the key is absent. */
export function lineOf(kep: Kep, key: string): number {
  return entryOf(kep.tree, key)?.keyPos.line ?? 1;
}

export function list(kep: Kep, key: string): readonly string[] | undefined {
  return listAt(kep.tree, key);
}

/** `milestone.<stage>` as text ("" when absent), with the line to blame. */
export function stageMilestone(kep: Kep, stage: string): { readonly value: string; readonly line: number } {
  const milestone = entryOf(kep.tree, "milestone");
  const entry = entryOf(milestone?.value, stage);
  return { value: entry?.value.kind === "scalar" ? entry.value.text : "", line: entry?.keyPos.line ?? milestone?.keyPos.line ?? lineOf(kep, "stage") };
}

/** Whether kep.yaml gives `key` a value: not absent, not null, not an empty list. */
export function isPresent(kep: Kep, key: string): boolean {
  const value = entryOf(kep.tree, key)?.value;
  return value !== undefined && value.kind !== "null" && !(value.kind === "seq" && value.items.length === 0);
}

/** Where upstream looks for the KEP's PRR file: owning-sig and the raw kep-number text, not the directory. */
export function prrPathOf(kep: Kep): string | undefined {
  const sig = field(kep, "owning-sig");
  const number = field(kep, "kep-number");
  return sig && number ? `keps/prod-readiness/${sig}/${number}.yaml` : undefined;
}

/** A kep-number as a number (`0752` → 752), or undefined when it is not a plain decimal number. */
export function numericKepNumber(text: string): number | undefined {
  return /^[0-9]{1,9}$/.test(text) ? Number(text) : undefined;
}
