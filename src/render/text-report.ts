import pc from "picocolors";
import type { Finding, Severity } from "../core/finding.js";
import type { Report } from "../core/report.js";

type Paint = (text: string) => string;
const plain: Paint = (text) => text;

/**
 * A report for people: one line per finding that starts with `path:line:column` (terminals and editors
 * open it; column 1 where the rule points at the whole line), grouped by file, then one summary line.
 * `shownPath` turns a repository path into the one printed (relative to the working directory). Colour
 * only when asked.
 */
export function renderText(report: Report, colour: boolean, shownPath: (path: string) => string = (path) => path): string {
  const paint = (style: Paint): Paint => (colour ? style : plain);
  const severityStyle: Record<Severity, Paint> = { error: paint(pc.red), warning: paint(pc.yellow), notice: paint(pc.cyan) };
  const lines: string[] = [];
  const byFile = new Map<string, Finding[]>();
  for (const finding of report.findings) byFile.set(finding.path, [...(byFile.get(finding.path) ?? []), finding]);
  for (const [path, findings] of byFile) {
    const shown = shownPath(path);
    for (const finding of findings) {
      const where = finding.line !== undefined ? `${shown}:${finding.line}:${finding.column ?? 1}` : shown;
      lines.push(`${paint(pc.underline)(where)}  ${severityStyle[finding.severity](finding.severity)}  ${finding.message}  ${paint(pc.dim)(finding.rule)}`);
      if (finding.suggestion !== undefined) lines.push(`  ${paint(pc.green)(`suggestion: ${finding.suggestion}`)}`);
    }
    lines.push("");
  }
  const { errors, warnings, notices, files } = report.summary;
  const verdict = errors > 0 ? paint(pc.red)("✖") : paint(pc.green)("✔");
  lines.push(`${verdict} ${plural(errors, "error")}, ${plural(warnings, "warning")}, ${plural(notices, "notice")} in ${plural(files, "file")} checked${newVersusOld(report)}`);
  return `${lines.join("\n")}\n`;
}

/** "; 1 new, 2 already present before this change" when the change was judged against its base. */
export function newVersusOld(report: Report): string {
  const { new: introduced, preexisting } = report.summary;
  return preexisting === undefined ? "" : `; ${introduced ?? 0} new, ${preexisting} already present before this change`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
