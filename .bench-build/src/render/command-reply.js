import { escapeMarkdown, truncate } from "./markdown-escape.js";
export const replyMarker = "<!-- kepbot:reply -->";
const icons = { done: "✅", unchanged: "➖", refused: "❌" };
/** Quotes a command line for a reply: shortened, and inert (no mentions, no markdown). */
export function quoteCommand(raw) {
    return `> ${escapeMarkdown(truncate(raw, 200, "…"))}`;
}
/** One reply per comment: each command quoted, then what was done or refused and why. */
export function commandReply(author, results, notes = []) {
    const lines = [replyMarker, `@${author.replace(/[^A-Za-z0-9-[\]]/g, "")}:`, ""];
    for (const result of results)
        lines.push(quoteCommand(result.raw), "", `${icons[result.outcome]} ${result.text}`, "");
    for (const note of notes)
        lines.push(note, "");
    return lines.join("\n").trimEnd();
}
