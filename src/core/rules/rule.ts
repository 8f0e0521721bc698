import type { Draft, Severity } from "../finding.js";
import type { RepoModel } from "../repo/model.js";

/** A finding as a rule reports it, before the profile decides its severity. */
export interface RuleDraft extends Draft {
  /**
   * Other files whose change makes this finding the change's own doing (for a PRR block missing
   * for the KEP's stage: the kep.yaml that set the stage). Decides "touched" in the default profile.
   */
  readonly related?: readonly string[];
}

/** One check, with one id. Rules are pure: they read the model and return drafts. */
export interface Rule {
  /** `kep/…`, `prr/…`, `readme/…`, `receipt/…` or `repo/…` */
  readonly id: string;
  /** One line saying what the rule asks for. */
  readonly summary: string;
  /** Enforced by kubernetes/enhancements CI today (RULES.md §3.1–3.4): the `upstream` profile runs only these. */
  readonly upstream: boolean;
  /** The severity of a finding on touched content in the `default` profile. */
  readonly severity: Severity;
  check(repo: RepoModel): Iterable<RuleDraft>;
}
