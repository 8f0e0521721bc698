import type { Finding } from "../core/finding.js";
import type { Report } from "../core/report.js";
import { escapeMarkdown, inlineCode, truncate } from "./markdown-escape.js";

/** GitHub refuses comments longer than 65,536 characters; a margin keeps the note that says more exists. */
const maxCommentLength = 65_000;

export const summaryMarker = "<!-- kepbot:summary -->";

/** The marker that identifies one suggestion, so that it is posted once and not again on the next push. */
export function suggestionMarker(finding: Finding): string {
  return `<!-- kepbot:suggestion ${fingerprint(`${finding.rule}\u0000${finding.path}\u0000${finding.suggestion ?? ""}`)} -->`;
}

/** A review comment carrying a GitHub suggested change for the finding's line. */
export function suggestionComment(finding: Finding): string {
  return [
    suggestionMarker(finding),
    `**${finding.rule}**: ${escapeMarkdown(finding.message)}`,
    "",
    "```suggestion",
    (finding.suggestion ?? "").replace(/```/g, "` ` `"),
    "```",
  ].join("\n");
}

export interface SummaryInput {
  readonly report: Report;
  /** PRR approvals the pull request still needs: `@handle` for `path`. */
  readonly pendingApprovals: readonly { readonly approver: string; readonly path: string }[];
  readonly checkUrl?: string;
}

/**
 * The one summary comment: what blocks the pull request and how to fix it, in plain words. Undefined
 * when there is nothing to say (no errors, no pending approval).
 */
export function summaryComment({ report, pendingApprovals }: SummaryInput): string | undefined {
  const errors = report.findings.filter((finding) => finding.severity === "error" && finding.rule !== "prr/approval");
  if (errors.length === 0 && pendingApprovals.length === 0) return undefined;
  const lines = [summaryMarker, "### kepbot: what blocks this pull request", ""];
  if (errors.length > 0) {
    lines.push(`${errors.length} problem${errors.length === 1 ? "" : "s"} to fix (details on each line in the **kepbot** check):`, "");
    for (const finding of errors.slice(0, 30)) {
      const fix = finding.suggestion !== undefined ? ` Fix: ${inlineCode(finding.suggestion)}` : "";
      lines.push(`- ${inlineCode(`${finding.path}${finding.line ? `:${finding.line}` : ""}`)}: ${escapeMarkdown(finding.message)}.${fix}`);
    }
    if (errors.length > 30) lines.push(`- … and ${errors.length - 30} more in the check.`);
    lines.push("");
  }
  const old = report.summary.preexisting ?? 0;
  if (old > 0) lines.push(`${old} finding${old === 1 ? " was" : "s were"} already there before this pull request; they do not block it (listed in the check as warnings).`, "");
  for (const pending of pendingApprovals) {
    lines.push(`- PRR: ${inlineCode(pending.path)} names ${escapeMarkdown(pending.approver)} as approver; kepbot asked for their review, and the PR can merge once they approve it.`);
  }
  lines.push("", "Run `npx kepbot check --base origin/master` in your clone to see the same findings before you push.");
  return truncate(lines.join("\n"), maxCommentLength, "\n\n… (more in the kepbot check)");
}

/** What the summary comment becomes once nothing blocks the pull request any more. */
export const resolvedSummary = `${summaryMarker}\n### kepbot: nothing blocks this pull request\n\nEverything kepbot reported earlier is fixed.`;

/** A short, stable fingerprint (FNV-1a, 32 bits): a marker, not a security measure. */
function fingerprint(text: string): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, "0");
}
