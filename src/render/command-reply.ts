import { escapeMarkdown, truncate } from "./markdown-escape.js";

export const replyMarker = "<!-- kepbot:reply -->";

/** What became of one command of a comment. */
export interface CommandResult {
  /** The command line as written. */
  readonly raw: string;
  readonly outcome: "done" | "unchanged" | "refused";
  /** Plain words: what was done, or why not. Already safe markdown. */
  readonly text: string;
}

const icons: Record<CommandResult["outcome"], string> = { done: "✅", unchanged: "➖", refused: "❌" };

/** Quotes a command line for a reply: shortened, and inert (no mentions, no markdown). */
export function quoteCommand(raw: string): string {
  // One line first, then shortened, then escaped: escaping last never leaves a cut escape sequence.
  return `> ${escapeMarkdown(truncate(raw.replace(/\r\n|[\r\n\u2028\u2029]/g, " "), 200, "…"))}`;
}

/** One reply per comment: each command quoted, then what was done or refused and why. */
export function commandReply(author: string, results: readonly CommandResult[], notes: readonly string[] = []): string {
  const lines = [replyMarker, `@${author.replace(/[^A-Za-z0-9-[\]]/g, "")}:`, ""];
  for (const result of results) lines.push(quoteCommand(result.raw), "", `${icons[result.outcome]} ${result.text}`, "");
  for (const note of notes) lines.push(note, "");
  return lines.join("\n").trimEnd();
}
