import { entryOf, textAt, type YamlTree } from "../core/parse/yaml-tree.js";
import { stages, type Stage } from "../core/schemas/kep.schema.js";
import type { YamlEdit } from "./yaml-edit.js";

export interface Promotion {
  readonly edits: readonly YamlEdit[];
  /** `key: old → new` for people, one per changed value. */
  readonly changes: readonly string[];
}

const date = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;

/**
 * What `promote` changes in kep.yaml: stage, latest-milestone and milestone.<stage> (which kepctl
 * forgot), and last-updated when it holds a date (kepctl wrote the release there, a bug we don't copy).
 * Values that already hold the target are left alone, so their quoting does not change either.
 */
export function promotionEdits(tree: YamlTree | undefined, stage: Stage, release: string, now: Date): Promotion {
  const index = stages.indexOf(stage);
  const wanted: { edit: YamlEdit; current: string }[] = [
    { edit: { path: ["stage"], value: stage, style: "keep", after: ["status"] }, current: textAt(tree, "stage") },
    { edit: { path: ["latest-milestone"], value: release, style: "double-quoted", after: ["stage"] }, current: textAt(tree, "latest-milestone") },
    {
      edit: {
        path: ["milestone", stage],
        value: release,
        style: "double-quoted",
        // Keep the milestone map in stage order: after the stages before this one, before those after it.
        after: stages.slice(0, index).reverse(),
        before: stages.slice(index + 1),
        parentAfter: ["latest-milestone", "stage"],
      },
      current: textAt(entryOf(tree, "milestone")?.value, stage),
    },
  ];
  const lastUpdated = textAt(tree, "last-updated");
  if (date.test(lastUpdated)) wanted.push({ edit: { path: ["last-updated"], value: now.toISOString().slice(0, 10), style: "keep" }, current: lastUpdated });
  const changed = wanted.filter(({ edit, current }) => edit.value !== current);
  return {
    edits: changed.map(({ edit }) => edit),
    changes: changed.map(({ edit, current }) => `${edit.path.join(".")}: ${current || "(none)"} → ${edit.value}`),
  };
}
