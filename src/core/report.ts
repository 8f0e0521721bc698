import type { Finding } from "./finding.js";

export interface Summary {
  readonly errors: number;
  readonly warnings: number;
  readonly notices: number;
  /** Files read for the judgement. */
  readonly files: number;
}

export interface Report {
  readonly findings: readonly Finding[];
  readonly summary: Summary;
}

export function summarize(findings: readonly Finding[], files: number): Summary {
  const count = (severity: Finding["severity"]): number => findings.filter((finding) => finding.severity === severity).length;
  return { errors: count("error"), warnings: count("warning"), notices: count("notice"), files };
}

/** The check's verdict: failing when any finding is an error. */
export function hasErrors(report: Report): boolean {
  return report.summary.errors > 0;
}

/** Adds findings made outside the rules (an invalid config) to a report, keeping the summary right. */
export function withFindings(report: Report, extra: readonly Finding[]): Report {
  if (extra.length === 0) return report;
  const findings = [...extra, ...report.findings];
  return { findings, summary: summarize(findings, report.summary.files) };
}
