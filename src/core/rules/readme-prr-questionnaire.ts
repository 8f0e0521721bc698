import { atxHeading } from "../markdown/atx-heading.js";
import { field } from "../repo/kep-fields.js";
import { processKeps, requiresPrr } from "./helpers.js";
import type { Rule } from "./rule.js";

const alphaSections = ["Feature Enablement and Rollback"];
const betaSections = [
  ...alphaSections,
  "Rollout, Upgrade and Rollback Planning",
  "Monitoring Requirements",
  "Dependencies",
  "Scalability",
  "Troubleshooting",
];

/** The PRR questionnaire sections the KEP template requires for a stage. */
export function requiredSections(stage: string): readonly string[] {
  if (stage === "alpha") return alphaSections;
  if (stage === "beta" || stage === "stable") return betaSections;
  return [];
}

/** Heading text → line, for every ATX heading outside fenced code. */
function headings(markdown: string): Map<string, number> {
  const found = new Map<string, number>();
  let fence: string | undefined;
  let lineNumber = 0;
  for (let start = 0; start <= markdown.length; ) {
    const newline = markdown.indexOf("\n", start);
    const end = newline === -1 ? markdown.length : newline;
    lineNumber++;
    // Only a line whose first character after up to three spaces is `, ~ or # can be a fence or a
    // heading: the others (nearly all) are passed over without slicing them out.
    let first = start;
    while (first < start + 3 && markdown.charCodeAt(first) === 0x20) first++;
    const code = first < end ? markdown.charCodeAt(first) : -1;
    if (code === 0x60 || code === 0x7e || code === 0x23) {
      const line = markdown.slice(start, end);
      const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
      if (marker) {
        if (fence === undefined) fence = marker[0];
        else if (marker[0] === fence) fence = undefined;
      } else if (fence === undefined) {
        const heading = atxHeading(line.replace(/\r$/, ""));
        const key = heading?.text ? normalize(heading.text) : undefined;
        if (key !== undefined && !found.has(key)) found.set(key, lineNumber);
      }
    }
    if (newline === -1) break;
    start = newline + 1;
  }
  return found;
}

/** The sections `stage` requires that the README lacks. */
export function missingSections(markdown: string, stage: string): readonly string[] {
  const present = headings(markdown);
  return requiredSections(stage).filter((section) => !present.has(normalize(section)));
}

function normalize(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, " ").trim();
}

export const readmePrrQuestionnaire: Rule = {
  id: "readme/prr-questionnaire",
  summary: "The README of an implementable KEP has the PRR questionnaire sections its stage requires.",
  upstream: false,
  severity: "error",
  *check(repo) {
    for (const kep of processKeps(repo)) {
      const text = kep.readme?.text;
      if (text === undefined || field(kep, "status") !== "implementable" || !requiresPrr(kep, repo)) continue;
      const stage = field(kep, "stage");
      const missing = missingSections(text, stage);
      if (missing.length > 0) {
        yield {
          path: kep.readme?.path ?? `${kep.dir}/README.md`,
          line: 1,
          message: `the Production Readiness Review Questionnaire is missing ${missing.map((s) => `"${s}"`).join(", ")}, required at ${stage}`,
        };
      }
    }
  },
};
