import type { Rule } from "../core/rules/rule.js";

const profileNote = (rule: Rule): string =>
  rule.upstream
    ? "error in every profile (upstream CI enforces it)"
    : `off in \`upstream\`; ${rule.severity} in \`default\` on touched content${rule.severity === "error" ? " (warning on untouched content)" : ""}; error in \`strict\``;

/** docs/rules.md, rendered from the rule registry so that the two cannot drift apart. */
export function renderRulesDoc(rules: readonly Rule[]): string {
  const lines = [
    "# kepbot rules",
    "",
    "<!-- Generated from src/core/rules by `npm run docs`; do not edit by hand. -->",
    "",
    "Each finding names its rule. Severities depend on the profile (`upstream`, `default`, `strict`) and on",
    "`rules:` overrides in `.github/kepbot.yml` (`error`, `warning`, `notice` or `off`).",
    "",
    "| rule | upstream CI | what it asks for |",
    "| --- | --- | --- |",
    ...rules.map((rule) => `| [\`${rule.id}\`](#${rule.id.replace(/\//g, "")}) | ${rule.upstream ? "yes" : "no"} | ${rule.summary} |`),
    "",
  ];
  for (const rule of rules) {
    lines.push(`## ${rule.id}`, "", rule.summary, "", `Severity: ${profileNote(rule)}.`, "");
  }
  return lines.join("\n");
}
