import type { Severity } from "../core/finding.js";
import type { Report } from "../core/report.js";
import type { Rule } from "../core/rules/rule.js";

const levels: Record<Severity, "error" | "warning" | "note"> = { error: "error", warning: "warning", notice: "note" };

export const rulesDocUrl = "https://github.com/kepbot/kepbot/blob/main/docs/rules.md";

/** Anchor of a rule in docs/rules.md (`kep/status-valid` → `kepstatus-valid`, GitHub's slug of the heading). */
export function ruleAnchor(id: string): string {
  return id.replace(/\//g, "");
}

/**
 * A finding's suggestion in SARIF's own terms (§3.55 fix, §3.57 replacement): the suggestion replaces the
 * whole text of its line. A region of a text artifact that gives only `startLine` is that line's text
 * without its line break (§3.30.5: `startColumn` defaults to 1, `endColumn` to the column past the last
 * character), so the line break stays and the replacement carries none.
 */
function lineFix(uri: string, line: number, suggestion: string) {
  return {
    description: { text: `Replace line ${line} with: ${suggestion}` },
    artifactChanges: [
      {
        artifactLocation: { uri, uriBaseId: "%SRCROOT%" },
        replacements: [{ deletedRegion: { startLine: line }, insertedContent: { text: suggestion } }],
      },
    ],
  };
}

/** SARIF 2.1.0 for GitHub code scanning (`github/codeql-action/upload-sarif`). */
export function renderSarif(report: Report, rules: readonly Rule[], version: string): string {
  const used = rules.filter((rule) => report.findings.some((finding) => finding.rule === rule.id));
  const index = new Map(used.map((rule, position) => [rule.id, position]));
  const sarif = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "kepbot",
            version,
            informationUri: "https://github.com/kepbot/kepbot",
            rules: used.map((rule) => ({
              id: rule.id,
              shortDescription: { text: rule.summary },
              helpUri: `${rulesDocUrl}#${ruleAnchor(rule.id)}`,
              properties: { upstream: rule.upstream },
            })),
          },
        },
        results: report.findings.map((finding) => ({
          ruleId: finding.rule,
          ...(index.has(finding.rule) ? { ruleIndex: index.get(finding.rule) } : {}),
          level: levels[finding.severity],
          message: { text: finding.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: finding.path, uriBaseId: "%SRCROOT%" },
                ...(finding.line !== undefined ? { region: { startLine: finding.line, ...(finding.column ? { startColumn: finding.column } : {}) } } : {}),
              },
            },
          ],
          // SARIF's own comparison with a baseline: the base of the change.
          ...(report.summary.preexisting !== undefined ? { baselineState: finding.preexisting ? "unchanged" : "new" } : {}),
          ...(finding.suggestion !== undefined && finding.line !== undefined ? { fixes: [lineFix(finding.path, finding.line, finding.suggestion)] } : {}),
          ...(finding.suggestion !== undefined ? { properties: { suggestion: finding.suggestion } } : {}),
        })),
        properties: { summary: report.summary },
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
