import pc from "picocolors";
import type { Finding, Severity } from "../core/finding.js";
import type { Report } from "../core/report.js";

type Paint = (text: string) => string;
const plain: Paint = (text) => text;

/** A report for people: findings grouped by file, then one summary line. Colour only when asked. */
export function renderText(report: Report, colour: boolean): string {
  const paint = (style: Paint): Paint => (colour ? style : plain);
  const severityStyle: Record<Severity, Paint> = { error: paint(pc.red), warning: paint(pc.yellow), notice: paint(pc.cyan) };
  const lines: string[] = [];
  const byFile = new Map<string, Finding[]>();
  for (const finding of report.findings) byFile.set(finding.path, [...(byFile.get(finding.path) ?? []), finding]);
  for (const [path, findings] of byFile) {
    lines.push(paint(pc.underline)(path));
    for (const finding of findings) {
      const where = finding.line !== undefined ? `${finding.line}` : "-";
      lines.push(`  ${paint(pc.dim)(where.padStart(5))}  ${severityStyle[finding.severity](finding.severity.padEnd(7))}  ${finding.message}  ${paint(pc.dim)(finding.rule)}`);
      if (finding.suggestion !== undefined) lines.push(`  ${" ".repeat(5)}  ${" ".repeat(7)}  ${paint(pc.green)(`suggestion: ${finding.suggestion}`)}`);
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
