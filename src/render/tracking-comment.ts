import type { Criterion } from "../core/stage-readiness.js";
import type { BoardSource } from "../core/tracking/track-release.js";
import type { TrackedEnhancement } from "../core/tracking/tracked-enhancement.js";
import { escapeMarkdown, inlineCode } from "./markdown-escape.js";
import { fileUrl, treeUrl } from "./source-links.js";

/** The hidden first line that marks kepbot's tracking comment on an issue, so the app finds and edits it. */
export const trackingMarker = "<!-- kepbot:tracking -->";

const verdictTitle = { ready: "ready", "at-risk": "at risk", missed: "missed the enhancements freeze" } as const;
const verdictIcon = { ready: "✅", "at-risk": "⚠️", missed: "⛔" } as const;
const prrStateText = { approved: "approved", "needs-approver": "no approver for the stage yet", "no-file": "no PRR file" } as const;

function criterionLine(criterion: Criterion, source: BoardSource): string {
  const where = criterion.path && criterion.path !== "keps" ? ` ([${escapeMarkdown(criterion.path.split("/").pop() ?? criterion.path)}${criterion.line > 1 ? ` line ${criterion.line}` : ""}](${fileUrl(source, criterion.path, criterion.line)}))` : "";
  const fix = criterion.suggestion ? ` — suggested: ${inlineCode(criterion.suggestion)}` : "";
  return `- [${criterion.met ? "x" : " "}] ${escapeMarkdown(criterion.message)}${where}${fix}`;
}

/**
 * The status comment on a tracked enhancement issue, in the shape the Enhancements team posts by hand:
 * what is done, what is missing (with links to the file and line on the default branch), and the
 * verdict with its dates. The same entry gives the same text byte for byte (no clock, no revision in
 * it), so the app edits the comment only when something changed.
 */
export function renderTrackingComment(entry: TrackedEnhancement, source: BoardSource): string {
  const { verdict } = entry;
  const missing = entry.criteria.filter((criterion) => !criterion.met);
  const done = entry.criteria.filter((criterion) => criterion.met);
  const facts = [
    `**Stage:** ${entry.stage ? escapeMarkdown(entry.stage) : "unknown"}${entry.stageSource === "kep" ? " (from kep.yaml; the issue has no stage label)" : ""}`,
    `**SIG:** ${escapeMarkdown(entry.sig || "unknown")}`,
    `**PRR:** ${entry.prr.approver ? `${escapeMarkdown(`@${entry.prr.approver}`)}, ${prrStateText[entry.prr.state]}` : prrStateText[entry.prr.state]}`,
    ...(entry.kep ? [`**KEP:** [${escapeMarkdown(entry.kep.dir.replace(/^keps\//, ""))}](${treeUrl(source, entry.kep.dir)})`] : []),
    ...(entry.receipt ? [`**Receipt:** [${escapeMarkdown(entry.receipt.state)}](${fileUrl(source, entry.receipt.path)})`] : []),
    ...(entry.tracked ? [`**Tracked:** ${escapeMarkdown(entry.tracked)}`] : []),
  ];
  const lines = [
    trackingMarker,
    `### ${verdictIcon[verdict.kind]} Enhancements tracking for ${escapeMarkdown(entry.release)}: ${verdictTitle[verdict.kind]}`,
    "",
    facts.join(" · "),
    "",
    escapeMarkdown(verdict.message),
  ];
  if (verdict.exception) lines.push("", escapeMarkdown(verdict.exception));
  for (const note of entry.notes) lines.push("", `> ${escapeMarkdown(note)}`);
  if (missing.length > 0) lines.push("", `#### Missing (${missing.length})`, "", ...missing.map((criterion) => criterionLine(criterion, source)));
  if (done.length > 0) lines.push("", `#### Done (${done.length})`, "", ...done.map((criterion) => criterionLine(criterion, source)));
  lines.push(
    "",
    `<sub>kepbot judges the KEP on the default branch against the ${escapeMarkdown(entry.release)} enhancements-freeze criteria and edits this comment when the issue's labels or milestone, the KEP or the calendar change.</sub>`,
    "",
  );
  return lines.join("\n");
}
