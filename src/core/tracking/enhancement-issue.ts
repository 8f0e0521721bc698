/** An enhancement issue as the tracking needs it (what `gh issue list --json number,title,labels,milestone,state` gives). */
export interface EnhancementIssue {
  readonly number: number;
  readonly title: string;
  readonly labels: readonly string[];
  /** The milestone's title (`v1.37`), or undefined when the issue has none. */
  readonly milestone?: string;
  readonly state: "open" | "closed";
}

/** The `tracked/*` label values the Enhancements team sets. */
export type TrackedLabel = "yes" | "no" | "out-of-tree";

/** `stage/*` label values and the kep.yaml stage each means (`stage/deprecation` is stage `deprecated`). */
const stageOfLabel: Readonly<Record<string, string>> = { alpha: "alpha", beta: "beta", stable: "stable", deprecation: "deprecated", deprecated: "deprecated" };

/** The kep.yaml stages the issue's `stage/*` labels name, in label order, without repeats. */
export function stagesOfLabels(labels: readonly string[]): readonly string[] {
  const stages = labels.flatMap((label) => {
    const value = /^stage\/(.+)$/.exec(label)?.[1];
    return value !== undefined && stageOfLabel[value] ? [stageOfLabel[value]] : [];
  });
  return [...new Set(stages)];
}

/** The issue's group labels: `sig/*`, `wg/*`, `committee/*`, `ug/*`. */
export function groupLabels(labels: readonly string[]): readonly string[] {
  return labels.filter((label) => /^(sig|wg|committee|ug)\/./.test(label));
}

/** The label that names a group directory: `sig-node` → `sig/node`, `wg-batch` → `wg/batch`. */
export function groupLabelFor(owningSig: string): string {
  const match = /^(sig|wg|committee|ug)-(.+)$/.exec(owningSig);
  return match ? `${match[1]}/${match[2]}` : `sig/${owningSig}`;
}

export function trackedLabelOf(labels: readonly string[]): TrackedLabel | undefined {
  for (const label of labels) {
    const value = /^tracked\/(yes|no|out-of-tree)$/.exec(label)?.[1];
    if (value) return value as TrackedLabel;
  }
  return undefined;
}
