import type { Draft, Severity } from "../finding.js";
import type { RepoModel } from "../repo/model.js";

/** A finding as a rule reports it, before the profile decides its severity. */
export type RuleDraft = Draft;

/** One check, with one id. Rules are pure: they read the model and return drafts. */
export interface Rule {
  /** `kep/…`, `prr/…`, `readme/…`, `receipt/…` or `repo/…` */
  readonly id: string;
  /** One line saying what the rule asks for. */
  readonly summary: string;
  /** Enforced by kubernetes/enhancements CI today (RULES.md §3.1–3.4, §3.6, §3.7): the `upstream` profile runs only these. */
  readonly upstream: boolean;
  /** The severity of a finding the change introduces, in the `default` profile. */
  readonly severity: Severity;
  /**
   * What the rule judges: the content of the files (the default), or the change itself (who moved a
   * receipt, who must approve a new PRR approver). A change rule's findings are always the change's own,
   * so they are never compared with the base.
   */
  readonly judges?: "content" | "change";
  check(repo: RepoModel): Iterable<RuleDraft>;
}
