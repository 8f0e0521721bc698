import { approverFor } from "../core/prr-state.js";
import { entryOf } from "../core/parse/yaml-tree.js";
import { field, numericKepNumber, prrPathOf } from "../core/repo/kep-fields.js";
import type { Kep, RepoModel } from "../core/repo/model.js";

/** One KEP as `kepbot query` lists it (the JSON shape of `--format json`). */
export interface KepListing {
  readonly number: number | null;
  readonly title: string;
  readonly owningSig: string;
  readonly status: string;
  readonly stage: string;
  readonly latestMilestone: string;
  /** The PRR approver for the KEP's current stage, from its PRR file, without `@`. */
  readonly prrApprover: string | null;
  /** The KEP's directory below keps/. */
  readonly path: string;
  /** kep.yaml's `authors` and `approvers`, as written (`@` and all). */
  readonly authors: readonly string[];
  readonly approvers: readonly string[];
}

export function kepListing(kep: Kep, model: RepoModel): KepListing {
  const prrPath = prrPathOf(kep);
  const approver = approverFor(prrPath ? model.prrFile(prrPath) : undefined, field(kep, "stage"));
  return {
    number: numericKepNumber(field(kep, "kep-number")) ?? null,
    title: field(kep, "title"),
    owningSig: field(kep, "owning-sig"),
    status: field(kep, "status"),
    stage: field(kep, "stage"),
    latestMilestone: field(kep, "latest-milestone"),
    prrApprover: approver?.handle ?? null,
    path: kep.dir.replace(/^keps\//, ""),
    authors: scalars(kep, "authors"),
    approvers: scalars(kep, "approvers"),
  };
}

/** The scalar items of a kep.yaml list (anything else in it is ignored). */
function scalars(kep: Kep, key: string): string[] {
  const list = entryOf(kep.tree, key)?.value;
  return list?.kind === "seq" ? list.items.flatMap((item) => (item.kind === "scalar" ? [item.text] : [])) : [];
}
