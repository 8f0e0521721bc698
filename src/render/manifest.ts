import type { Manifest } from "../core/receipts/manifest.js";
import { receiptStates } from "../core/schemas/receipt.schema.js";
import { escapeMarkdown, inlineCode } from "./markdown-escape.js";

/** The manifest as markdown: counts, then a table per state. */
export function renderManifestMarkdown(manifest: Manifest): string {
  const total = receiptStates.reduce((sum, state) => sum + manifest.counts[state], 0);
  const lines = [
    `## Enhancements tracked for ${manifest.release}`,
    "",
    `${total} KEP${total === 1 ? "" : "s"}: ${receiptStates.map((state) => `${manifest.counts[state]} ${state}`).join(", ")}.`,
  ];
  for (const state of receiptStates) {
    const entries = manifest.states[state];
    if (entries.length === 0) continue;
    lines.push("", `### ${state} (${entries.length})`, "", "| KEP | title | SIG | stage | PRR approver |", "| ---: | --- | --- | --- | --- |");
    for (const entry of entries) {
      lines.push(`| ${entry.number} | ${escapeMarkdown(entry.title)} | ${escapeMarkdown(entry.sig)} | ${escapeMarkdown(entry.stage)} | ${entry.prrApprover ? inlineCode(entry.prrApprover.replace(/\|/g, "")) : "—"} |`);
    }
  }
  return `${lines.join("\n")}\n`;
}

export function renderManifestJson(manifest: Manifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}
