import type { Finding } from "../core/finding.js";
import type { Report } from "../core/report.js";

/**
 * The version of the `--format json` document. It changes only when a field is removed or changes its
 * meaning; new fields may appear in the same version.
 */
export const jsonFormatVersion = 1;

/**
 * The `--format json` document: `{ formatVersion, findings, summary }`, indented, plus a newline. A finding
 * with a line always has a column too: 1 where the rule points at the whole line (editors open `path:line:column`).
 */
export function renderJson(report: Report): string {
  return `${JSON.stringify({ formatVersion: jsonFormatVersion, findings: report.findings.map(withColumn), summary: report.summary }, null, 2)}\n`;
}

function withColumn(finding: Finding): Finding {
  return finding.line !== undefined && finding.column === undefined ? { ...finding, column: 1 } : finding;
}
