import type { Rule } from "../core/rules/rule.js";

const defaultNote = (rule: Rule, severity: string): string =>
  rule.judges === "change"
    ? `${severity} in \`default\` (it judges the change itself, so its findings are always new)`
    : `${severity} in \`default\` when the change introduces it${severity === "error" ? " (a warning when already present before the change, or in content the change does not touch)" : ""}`;

const profileNote = (rule: Rule): string =>
  rule.upstream
    ? `error in \`upstream\` (upstream CI enforces it); ${defaultNote(rule, "error")}; error in \`strict\``
    : `off in \`upstream\`; ${defaultNote(rule, rule.severity)}; error in \`strict\``;

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
