import { countVerdicts } from "../core/tracking/board-filters.js";
import type { TrackingBoard } from "../core/tracking/track-release.js";
import { formatTime } from "../core/tracking/verdict.js";

const oneLine = (text: string): string => text.replace(/[\r\n\u2028\u2029]+/g, " ");

/** The board for a terminal: counts, then one block per KEP with what is missing. */
export function renderBoardText(board: TrackingBoard): string {
  const counts = countVerdicts(board.entries);
  const freeze = board.calendar["enhancements-freeze"];
  const lines = [
    `${board.release}: ${board.entries.length} tracked — ${counts.ready} ready, ${counts["at-risk"]} at risk, ${counts.missed} missed${freeze ? ` (enhancements freeze ${formatTime(new Date(freeze))})` : ""}`,
    "",
  ];
  for (const entry of board.entries) {
    const approver = entry.prr.approver ? `@${entry.prr.approver}` : `PRR: ${entry.prr.state}`;
    lines.push(`#${entry.issue.number}  ${entry.verdict.kind.padEnd(7)}  ${(entry.sig || "?").padEnd(22)} ${(entry.stage ?? "?").padEnd(10)} ${approver.padEnd(18)} ${oneLine(entry.issue.title)}`);
    for (const criterion of entry.criteria.filter((item) => !item.met)) lines.push(`    ✗ ${oneLine(criterion.message)} (${criterion.path}${criterion.line > 1 ? `:${criterion.line}` : ""})`);
    for (const note of entry.notes) lines.push(`    note: ${oneLine(note)}`);
  }
  return `${lines.join("\n")}\n`;
}
