import type { Finding } from "./finding.js";

export interface Summary {
  readonly errors: number;
  readonly warnings: number;
  readonly notices: number;
  /** Files read for the judgement. */
  readonly files: number;
  /** When a change was judged against its base: findings the change introduced ... */
  readonly new?: number;
  /** ... and findings that were already there before it (see Finding.preexisting). */
  readonly preexisting?: number;
}

export interface Report {
  readonly findings: readonly Finding[];
  readonly summary: Summary;
}

/** Counts per severity; with `compared` (a change judged against its base) also new versus already-present findings. */
export function summarize(findings: readonly Finding[], files: number, compared = false): Summary {
  const count = (severity: Finding["severity"]): number => findings.filter((finding) => finding.severity === severity).length;
  const counts = { errors: count("error"), warnings: count("warning"), notices: count("notice"), files };
  if (!compared) return counts;
  const old = findings.filter((finding) => finding.preexisting).length;
  return { ...counts, new: findings.length - old, preexisting: old };
}

/** The check's verdict: failing when any finding is an error. */
export function hasErrors(report: Report): boolean {
  return report.summary.errors > 0;
}

/** Adds findings made outside the rules (an invalid config) to a report, keeping the summary right. */
export function withFindings(report: Report, extra: readonly Finding[]): Report {
  if (extra.length === 0) return report;
  const findings = [...extra, ...report.findings];
  return { findings, summary: summarize(findings, report.summary.files, report.summary.preexisting !== undefined) };
}

/** The part of a report about some files (one KEP's): the findings on them, counted again, with `files` files read. */
export function narrowReport(report: Report, keep: (path: string) => boolean, files: number): Report {
  const findings = report.findings.filter((finding) => keep(finding.path));
  return { findings, summary: summarize(findings, files, report.summary.preexisting !== undefined) };
}
