import type { Finding, Severity } from "../core/finding.js";
import type { Report } from "../core/report.js";
import type { Annotation, CheckConclusion, CheckRunOutput } from "../github/port.js";
import { escapeMarkdown, inlineCode, truncate } from "./markdown-escape.js";

/** Checks API limits (GitHub's OpenAPI description). */
export const checkLimits = { summary: 65_535, annotationsPerRequest: 50, annotationMessage: 64_000, annotationTitle: 255 } as const;

const levels: Record<Severity, Annotation["annotation_level"]> = { error: "failure", warning: "warning", notice: "notice" };
const icons: Record<Severity, string> = { error: "❌", warning: "⚠️", notice: "ℹ️" };

export function conclusionOf(report: Report): CheckConclusion {
  return report.summary.errors > 0 ? "failure" : "success";
}

export function titleOf(report: Report): string {
  const { errors, warnings, notices, preexisting } = report.summary;
  if (errors + warnings + notices === 0) return "KEP checks passed";
  const parts = [[errors, "error"], [warnings, "warning"], [notices, "notice"]] as const;
  const counts = parts.filter(([count]) => count > 0).map(([count, noun]) => `${count} ${noun}${count === 1 ? "" : "s"}`).join(", ");
  return preexisting ? `${counts} (${preexisting} already present before this pull request)` : counts;
}

/** One sentence on what the pull request introduced and what it found already there; empty without a base. */
export function provenanceOf(report: Report): string {
  const { new: introduced, preexisting } = report.summary;
  if (preexisting === undefined) return "";
  const were = (count: number) => `${count} finding${count === 1 ? " was" : "s were"}`;
  return `This pull request introduces ${introduced ?? 0} of these findings; ${were(preexisting)} already present before it${preexisting > 0 ? " and never block it" : ""}.`;
}

/** The check run's summary: a table of findings per file, then each finding; within 65,535 characters. */
export function summaryOf(report: Report, extra: readonly string[] = []): string {
  if (report.findings.length === 0) return [`kepbot checked ${report.summary.files} file(s) and found nothing to report.`, ...extra].join("\n\n");
  const byFile = new Map<string, Finding[]>();
  for (const finding of report.findings) byFile.set(finding.path, [...(byFile.get(finding.path) ?? []), finding]);
  const count = (findings: readonly Finding[], severity: Severity): number => findings.filter((finding) => finding.severity === severity).length;
  const provenance = provenanceOf(report);
  const lines = [
    ...(provenance ? [provenance, ""] : []),
    "| file | errors | warnings | notices |",
    "| --- | ---: | ---: | ---: |",
    ...[...byFile].map(([path, findings]) => `| ${inlineCode(path.replace(/\|/g, ""))} | ${count(findings, "error")} | ${count(findings, "warning")} | ${count(findings, "notice")} |`),
    "",
    ...report.findings.map((finding) => `- ${icons[finding.severity]} ${inlineCode(`${finding.path}${finding.line ? `:${finding.line}` : ""}`)} ${escapeMarkdown(finding.message)} (\`${finding.rule}\`)`),
    ...(extra.length > 0 ? ["", ...extra] : []),
  ];
  return truncate(lines.join("\n"), checkLimits.summary, "\n\n… (more findings in the annotations)");
}

export function annotationOf(finding: Finding): Annotation {
  const line = finding.line ?? 1;
  const suggestion = finding.suggestion !== undefined ? `\n\nSuggested: ${finding.suggestion}` : "";
  return {
    path: finding.path,
    start_line: line,
    end_line: line,
    annotation_level: levels[finding.severity],
    title: truncate(finding.rule, checkLimits.annotationTitle, "…"),
    message: truncate(`${finding.message}${suggestion}`, checkLimits.annotationMessage, "…"),
  };
}

/**
 * The outputs to send, in order: the first completes the run, each later one appends its 50
 * annotations (the Checks API appends annotations across updates).
 */
export function checkRunOutputs(report: Report, extra: readonly string[] = []): readonly CheckRunOutput[] {
  const title = titleOf(report);
  const summary = summaryOf(report, extra);
  const annotations = report.findings.map(annotationOf);
  const batches: CheckRunOutput[] = [];
  for (let start = 0; start < annotations.length || start === 0; start += checkLimits.annotationsPerRequest) {
    batches.push({ title, summary, annotations: annotations.slice(start, start + checkLimits.annotationsPerRequest) });
    if (annotations.length === 0) break;
  }
  return batches;
}
