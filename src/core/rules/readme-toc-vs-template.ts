import { generateToc } from "../markdown/toc.js";
import { templateReadmePath } from "../repo/discover.js";
import type { Rule } from "./rule.js";

/**
 * Port of `hack/verify-toc-vs-template.sh` (RULES.md §3.5), which upstream runs without ever failing
 * (`exit 0`, "TODO(soltysh)"): for each KEP README the pull request changes, the full table of contents
 * (mdtoc `--max-depth 100`) is diffed against the template's (`diff -U0 -I '(Optional)'`), and the
 * template lines the diff removes are printed: the template's headings the KEP lacks, at the level and
 * with the anchor the template gives them.
 *
 * Where kepbot differs: `(Optional)` headings are never reported, as the script means ("we also don't
 * care if (Optional) headings are missing") and RULES.md says; `diff -I` itself drops only change hunks
 * made entirely of such lines, so the script still prints an optional heading that sits in a hunk with
 * other changes (a KEP that renames "Story 1 (Optional)" to "Story 1: …"). Like the script, kepbot judges
 * only a change: on a whole tree there is no changed README and the rule says nothing. It judges the KEP
 * READMEs the change touches, not other `keps/**\/README.md` files the script's glob also takes
 * (`keps/README.md`). The diff is a longest-common-subsequence diff, as GNU diff's; where several are
 * equally long the two may pick different lines.
 */

const optional = /\(Optional\)/;
/** Beyond this many cells the diff falls back to "template lines that appear nowhere in the KEP's TOC". */
const maxDiffCells = 4_000_000;

function tocLines(markdown: string): string[] {
  const toc = generateToc(markdown, 100).replace(/\n+$/, "");
  return toc === "" ? [] : toc.split("\n");
}

type Edit = { readonly kind: "same" } | { readonly kind: "removed"; readonly line: string } | { readonly kind: "added"; readonly line: string };

/** A line diff of `a` (template) into `b` (KEP) by longest common subsequence. */
function diffLines(a: readonly string[], b: readonly string[]): Edit[] {
  const n = a.length;
  const m = b.length;
  if (n * m > maxDiffCells) {
    const present = new Set(b);
    return a.map((line) => (present.has(line) ? { kind: "same" } : { kind: "removed", line }));
  }
  // lcs[i][j]: LCS length of a[i..] and b[j..], in one flat array.
  const width = m + 1;
  const lcs = new Uint32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * width + j] = a[i] === b[j] ? (lcs[(i + 1) * width + j + 1] ?? 0) + 1 : Math.max(lcs[(i + 1) * width + j] ?? 0, lcs[i * width + j + 1] ?? 0);
    }
  }
  const edits: Edit[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      edits.push({ kind: "same" });
      i++;
      j++;
    } else if (j < m && (i === n || (lcs[i * width + j + 1] ?? 0) >= (lcs[(i + 1) * width + j] ?? 0))) {
      edits.push({ kind: "added", line: b[j] ?? "" });
      j++;
    } else {
      edits.push({ kind: "removed", line: a[i] ?? "" });
      i++;
    }
  }
  return edits;
}

/** The template TOC lines missing from the KEP's TOC, as the script prints them (without the leading `-`). */
export function missingTemplateHeadings(template: string, readme: string): string[] {
  const edits = diffLines(tocLines(template), tocLines(readme));
  const missing: string[] = [];
  let hunk: Edit[] = [];
  const flush = (): void => {
    // diff -I: a hunk all of whose removed and added lines match the pattern is no difference.
    const ignored = hunk.every((edit) => edit.kind !== "same" && optional.test(edit.line));
    if (!ignored) for (const edit of hunk) if (edit.kind === "removed" && !optional.test(edit.line)) missing.push(edit.line);
    hunk = [];
  };
  for (const edit of edits) {
    if (edit.kind === "same") flush();
    else hunk.push(edit);
  }
  flush();
  return missing;
}

export const readmeTocVsTemplate: Rule = {
  id: "readme/toc-vs-template",
  summary:
    "A KEP README the change touches has every heading of the KEP template's table of contents, (Optional) ones aside (as hack/verify-toc-vs-template.sh reports, without failing).",
  upstream: false,
  severity: "warning",
  *check(repo) {
    const template = repo.templateReadme?.text;
    // Upstream looks only at the READMEs a pull request changes.
    if (template === undefined || repo.touched === undefined) return;
    for (const kep of repo.keps) {
      const readme = kep.readme;
      if (kep.template || readme?.text === undefined) continue;
      if (!repo.touched.has(readme.path)) continue;
      for (const line of missingTemplateHeadings(template, readme.text)) {
        yield { path: readme.path, line: 1, message: `lacks a heading of the KEP template (${templateReadmePath}): ${JSON.stringify(line)}` };
      }
    }
  },
};
