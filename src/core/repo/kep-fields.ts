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

/**
 * How kep.yaml answers one of its questions: not at all (the key is absent), with an explicit "none"
 * (the key with an empty value, `[]` or `null`, with or without a comment beside it), or with a value.
 * PRR approvers accept an explicit none: a KEP with no feature gate writes `feature-gates: []`.
 */
export function answerTo(kep: Kep, key: string): "absent" | "none" | "given" {
  const value = entryOf(kep.tree, key)?.value;
  if (value === undefined) return "absent";
  return value.kind === "null" || (value.kind === "seq" && value.items.length === 0) || (value.kind === "scalar" && value.text.trim() === "") ? "none" : "given";
}

/** The kep.yaml fields the PRR template asks for. */
export type PrrField = "feature-gates" | "disable-supported" | "metrics";

/**
 * The PRR template's kep.yaml questions a KEP has not answered for `stage`: feature-gates at alpha
 * (unless disable-supported says false), disable-supported from alpha on (unless the KEP says it has
 * no feature gate, which leaves nothing to disable), metrics from beta on.
 */
export function unansweredPrrFields(kep: Kep, stage: string): readonly PrrField[] {
  if (!["alpha", "beta", "stable"].includes(stage)) return [];
  const missing: PrrField[] = [];
  const gates = answerTo(kep, "feature-gates");
  if (stage === "alpha" && gates === "absent" && field(kep, "disable-supported") !== "false") missing.push("feature-gates");
  if (gates !== "none" && answerTo(kep, "disable-supported") === "absent") missing.push("disable-supported");
  if (stage !== "alpha" && answerTo(kep, "metrics") === "absent") missing.push("metrics");
  return missing;
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
