/** What labelling needs of a judged KEP (evaluate's JudgedKep has it): its owning SIG and its PRR state. */
export interface LabelledKep {
  readonly owningSig: string;
  readonly prr: { readonly state: "not-required" | "needs-approver" | "awaiting-approval" | "approved" };
}

/** The label names kepbot manages (configurable, with upstream's names as defaults). */
export interface LabelNames {
  readonly kep: string;
  readonly prrNeedsApprover: string;
  readonly prrAwaitingApproval: string;
  readonly prrApproved: string;
}

export const defaultLabelNames: LabelNames = {
  kep: "kind/kep",
  prrNeedsApprover: "prr/needs-approver",
  prrAwaitingApproval: "prr/awaiting-approval",
  prrApproved: "prr/approved",
};

/**
 * Whether kepbot keeps this label on pull requests (so a person adding or removing it may need answering):
 * its KEP and PRR labels, and the community-group labels it derives from the KEPs (`sig/*`, `wg/*`, …).
 */
export function keepsLabel(label: string, names: LabelNames): boolean {
  return label === names.kep || label === names.prrNeedsApprover || label === names.prrAwaitingApproval || label === names.prrApproved || /^(sig|wg|committee|ug)\//.test(label);
}

/**
 * The labels a pull request should carry for the KEPs it touches. The PRR label reflects the KEP that
 * is furthest from approval: one KEP without an approver is enough for `prr/needs-approver`.
 */
export function desiredLabels(keps: readonly LabelledKep[], names: LabelNames): ReadonlySet<string> {
  const labels = new Set<string>();
  if (keps.length === 0) return labels;
  labels.add(names.kep);
  for (const kep of keps) if (kep.owningSig) labels.add(groupLabel(kep.owningSig));
  const states = new Set(keps.map((kep) => kep.prr.state));
  if (states.has("needs-approver")) labels.add(names.prrNeedsApprover);
  else if (states.has("awaiting-approval")) labels.add(names.prrAwaitingApproval);
  else if (states.has("approved")) labels.add(names.prrApproved);
  return labels;
}

/** Kubernetes' label for a community group: `sig-node` → `sig/node`, `wg-batch` → `wg/batch`. */
export function groupLabel(group: string): string {
  const match = /^(sig|wg|committee|ug)-(.+)$/.exec(group);
  return match ? `${match[1]}/${match[2]}` : `sig/${group}`;
}

/**
 * What to add and remove to reach the desired labels. Only the PRR labels are ever removed: `kind/kep`
 * and `sig/*` may have been set by people for reasons kepbot cannot see.
 */
export function diffLabels(current: readonly string[], desired: ReadonlySet<string>, names: LabelNames): { readonly add: readonly string[]; readonly remove: readonly string[] } {
  const prrLabels = new Set([names.prrNeedsApprover, names.prrAwaitingApproval, names.prrApproved]);
  const have = new Set(current);
  return {
    add: [...desired].filter((label) => !have.has(label)).sort(),
    remove: current.filter((label) => prrLabels.has(label) && !desired.has(label)).sort(),
  };
}
