import { escapeMarkdown } from "./markdown-escape.js";
export const summaryMarker = "<!-- kepbot:summary -->";
/** The marker that identifies one suggestion, so that it is posted once and not again on the next push. */
export function suggestionMarker(finding) {
    return `<!-- kepbot:suggestion ${fingerprint(`${finding.rule}\u0000${finding.path}\u0000${finding.suggestion ?? ""}`)} -->`;
}
/** A review comment carrying a GitHub suggested change for the finding's line. */
export function suggestionComment(finding) {
    return [
        suggestionMarker(finding),
        `**${finding.rule}**: ${escapeMarkdown(finding.message)}`,
        "",
        "```suggestion",
        (finding.suggestion ?? "").replace(/```/g, "` ` `"),
        "```",
    ].join("\n");
}
/**
 * The one summary comment: what blocks the pull request and how to fix it, in plain words. Undefined
 * when there is nothing to say (no errors, no pending approval).
 */
export function summaryComment({ report, pendingApprovals }) {
    const errors = report.findings.filter((finding) => finding.severity === "error" && finding.rule !== "prr/approval");
    if (errors.length === 0 && pendingApprovals.length === 0)
        return undefined;
    const lines = [summaryMarker, "### kepbot: what blocks this pull request", ""];
    if (errors.length > 0) {
        lines.push(`${errors.length} problem${errors.length === 1 ? "" : "s"} to fix (details on each line in the **kepbot** check):`, "");
        for (const finding of errors.slice(0, 30)) {
            const fix = finding.suggestion !== undefined ? ` Fix: \`${finding.suggestion.replace(/`/g, "'")}\`` : "";
            lines.push(`- \`${finding.path.replace(/`/g, "")}${finding.line ? `:${finding.line}` : ""}\`: ${escapeMarkdown(finding.message)}.${fix}`);
        }
        if (errors.length > 30)
            lines.push(`- … and ${errors.length - 30} more in the check.`);
        lines.push("");
    }
    for (const pending of pendingApprovals) {
        lines.push(`- PRR: \`${pending.path.replace(/`/g, "")}\` names ${escapeMarkdown(pending.approver)} as approver; kepbot asked for their review, and the PR can merge once they approve it.`);
    }
    lines.push("", "Run `npx kepbot check --base origin/master` in your clone to see the same findings before you push.");
    return lines.join("\n");
}
/** What the summary comment becomes once nothing blocks the pull request any more. */
export const resolvedSummary = `${summaryMarker}\n### kepbot: nothing blocks this pull request\n\nEverything kepbot reported earlier is fixed.`;
/** A short, stable fingerprint (FNV-1a, 32 bits): a marker, not a security measure. */
function fingerprint(text) {
    let hash = 0x811c9dc5;
    for (let index = 0; index < text.length; index++) {
        hash ^= text.charCodeAt(index);
        hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    return hash.toString(16).padStart(8, "0");
}
