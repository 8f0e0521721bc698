import type { Report } from "../core/report.js";

/** The `--format json` document: `{ findings, summary }`, one object on one line plus a newline. */
export function renderJson(report: Report): string {
  return `${JSON.stringify({ findings: report.findings, summary: report.summary }, null, 2)}\n`;
}
