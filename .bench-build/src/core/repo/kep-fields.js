import { entryOf, listAt, textAt } from "../parse/yaml-tree.js";
/** Reads a top-level text field of kep.yaml the way a Go string field holds it ("" when absent). */
export function field(kep, key) {
    return textAt(kep.tree, key);
}
/** The line of a top-level key, or of the document start when the key is absent. */
export function lineOf(kep, key) {
    return entryOf(kep.tree, key)?.keyPos.line ?? 1;
}
export function list(kep, key) {
    return listAt(kep.tree, key);
}
/** `milestone.<stage>` as text ("" when absent), with the line to blame. */
export function stageMilestone(kep, stage) {
    const milestone = entryOf(kep.tree, "milestone");
    const entry = entryOf(milestone?.value, stage);
    return { value: entry?.value.kind === "scalar" ? entry.value.text : "", line: entry?.keyPos.line ?? milestone?.keyPos.line ?? lineOf(kep, "stage") };
}
/** Where upstream looks for the KEP's PRR file: owning-sig and the raw kep-number text, not the directory. */
export function prrPathOf(kep) {
    const sig = field(kep, "owning-sig");
    const number = field(kep, "kep-number");
    return sig && number ? `keps/prod-readiness/${sig}/${number}.yaml` : undefined;
}
/** A kep-number as a number (`0752` → 752), or undefined when it is not a plain decimal number. */
export function numericKepNumber(text) {
    return /^[0-9]{1,9}$/.test(text) ? Number(text) : undefined;
}
