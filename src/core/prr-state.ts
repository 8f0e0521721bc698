import { entryOf } from "./parse/yaml-tree.js";
import { field, prrPathOf } from "./repo/kep-fields.js";
import type { Kep, PrrFile, RepoModel } from "./repo/model.js";
import { requiresPrr } from "./rules/helpers.js";

/** Where a KEP stands with production readiness review, as labels and the approval rule see it. */
export type PrrState =
  | { readonly state: "not-required" }
  | { readonly state: "needs-approver"; readonly prrPath?: string }
  | {
      readonly state: "awaiting-approval" | "approved";
      readonly prrPath: string;
      readonly approver: string;
      readonly line: number;
      /** When the approver approved an earlier commit: the KEP files changed since, which void that approval. */
      readonly staleBecause?: readonly string[];
    };

/** The approver named for `stage` in a PRR file, without its `@`, and the line it is on. */
export function approverFor(prr: Pick<PrrFile, "tree"> | undefined, stage: string): { readonly handle: string; readonly line: number } | undefined {
  const approver = entryOf(entryOf(prr?.tree, stage)?.value, "approver");
  if (approver?.value.kind !== "scalar" || approver.value.text.trim() === "") return undefined;
  return { handle: approver.value.text.replace(/^@/, ""), line: approver.keyPos.line };
}

/**
 * A KEP's PRR state. When the change sets or changes the approver for the KEP's stage, that approver
 * must approve the pull request; an approver already on the base was approved in an earlier PR.
 */
export function prrStateOf(kep: Kep, repo: RepoModel): PrrState {
  if (!requiresPrr(kep, repo)) return { state: "not-required" };
  const prrPath = prrPathOf(kep);
  const prr = prrPath ? repo.prrFile(prrPath) : undefined;
  const stage = field(kep, "stage");
  const approver = approverFor(prr, stage);
  if (!prrPath || !prr || !approver) return { state: "needs-approver", ...(prrPath ? { prrPath } : {}) };
  const before = approverFor(repo.basePrrFile(prrPath), stage);
  const changedHere = repo.touched?.has(prrPath) === true && before?.handle !== approver.handle;
  if (!changedHere) return { state: "approved", prrPath, approver: approver.handle, line: approver.line };
  const approval = repo.pullRequest?.approvals.find((candidate) => candidate.login.toLowerCase() === approver.handle.toLowerCase());
  const staleBecause = approval?.changedSince.filter((path) => path === prrPath || path.startsWith(`${kep.dir}/`)) ?? [];
  const state = approval && staleBecause.length === 0 ? "approved" : "awaiting-approval";
  return { state, prrPath, approver: approver.handle, line: approver.line, ...(staleBecause.length > 0 ? { staleBecause } : {}) };
}
