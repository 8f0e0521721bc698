import type { Finding } from "../core/finding.js";
import type { Move } from "../core/receipts/moves.js";
import { escapeMarkdown } from "./markdown-escape.js";

/** The check summary's account of a receipts PR: each move with its verdict. */
export function renderMoves(moves: readonly Move[], findings: readonly Finding[]): string {
  const lines = ["### Receipt moves", "", "| release | KEP | move | verdict |", "| --- | ---: | --- | --- |"];
  for (const move of moves) {
    const problem = findings.find((finding) => finding.path === move.path && /^receipt\/(move|enhancements-freeze)$/.test(finding.rule));
    const verdict = problem ? `❌ ${escapeMarkdown(problem.message)}` : "✅ allowed";
    lines.push(`| ${move.release} | ${move.number} | ${move.from ?? "(new)"} → ${move.to ?? "(deleted)"} | ${verdict} |`);
  }
  return lines.join("\n");
}
