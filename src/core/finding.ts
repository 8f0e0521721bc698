/** How much a finding matters. `error` fails the check; the others inform. */
export type Severity = "error" | "warning" | "notice";

/** One thing kepbot has to say about one file. Findings are plain data: rendering happens at the edges. */
export interface Finding {
  /** The id of the rule that produced it, e.g. `kep/status-valid`. */
  readonly rule: string;
  readonly severity: Severity;
  /** Repository-relative path with `/` separators. */
  readonly path: string;
  /** 1-based line of the offending key or value, when the finding has one. */
  readonly line?: number;
  /** 1-based column. */
  readonly column?: number;
  readonly message: string;
  /** Replacement text for `line`, where a mechanical fix exists. */
  readonly suggestion?: string;
  /**
   * Judged against a base: the same finding (rule, file rename-aware, what is wrong) was already
   * there before the change. In the `default` profile such a finding informs and never blocks.
   */
  readonly preexisting?: boolean;
}

/** A finding before the profile has decided its severity. */
export type Draft = Omit<Finding, "rule" | "severity" | "preexisting">;

export const severityRank: Readonly<Record<Severity, number>> = { error: 0, warning: 1, notice: 2 };

/** Sorts findings by path, then line, then rule, so output is stable across runs. */
export function compareFindings(a: Finding, b: Finding): number {
  if (a.path !== b.path) return a.path < b.path ? -1 : 1;
  const lineDiff = (a.line ?? 0) - (b.line ?? 0);
  if (lineDiff !== 0) return lineDiff;
  if (a.rule !== b.rule) return a.rule < b.rule ? -1 : 1;
  return a.message < b.message ? -1 : a.message > b.message ? 1 : 0;
}
