import { atxHeading } from "../markdown/atx-heading.js";
import { field } from "../repo/kep-fields.js";
import { processKeps } from "./helpers.js";
import type { Rule } from "./rule.js";

/**
 * `# KEP-1234: Title` → ["…", "1234", "Title"]. The heading text comes from atxHeading (linear); the
 * anchored pattern left on it has no two adjacent unbounded runs, so it stays linear too.
 */
function kepTitle(line: string): [string, string, string] | undefined {
  const text = atxHeading(line.replace(/\r$/, ""))?.text;
  const match = text === undefined ? null : /^KEP[- ]?([0-9]{1,9})([\s\S]*)$/i.exec(text);
  if (!match) return undefined;
  const rest = (match[2] ?? "").replace(/^\s*[:\-—]?/, "");
  return [text ?? "", match[1] ?? "", rest];
}

export const readmeTitle: Rule = {
  id: "readme/title",
  summary: "A README title that names a KEP number (# KEP-<number>: <title>) names this KEP's number.",
  upstream: false,
  severity: "error",
  *check(repo) {
    for (const kep of processKeps(repo)) {
      const text = kep.readme?.text;
      const number = field(kep, "kep-number");
      if (text === undefined || !/^[0-9]+$/.test(number)) continue;
      const lines = text.split("\n", 200);
      const index = lines.findIndex((line) => /^#\s/.test(line));
      const named = index < 0 ? undefined : kepTitle(lines[index] ?? "");
      if (!named) continue;
      if (Number(named[1]) !== Number(number)) {
        const title = named[2].trim() || field(kep, "title");
        yield {
          path: kep.readme?.path ?? `${kep.dir}/README.md`,
          line: index + 1,
          message: `the title names KEP-${named[1]}, but kep.yaml says kep-number ${number}`,
          suggestion: `# KEP-${Number(number)}: ${title}`,
        };
      }
    }
  },
};
