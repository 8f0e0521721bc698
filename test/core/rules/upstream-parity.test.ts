import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "@jest/globals";
import type { Finding } from "../../../src/core/finding.js";
import { findMisspellings } from "../../../src/core/spelling/misspell.js";
import { missingTemplateHeadings } from "../../../src/core/rules/readme-toc-vs-template.js";
import { corpusDir } from "../../helpers/corpus.js";
import { findingsFor, type RunOptions } from "../../helpers/repo.js";

/**
 * Upstream parity for hack/verify-node-approvers.sh, hack/verify-spelling.sh and
 * hack/verify-toc-vs-template.sh: real files of the kubernetes/enhancements snapshot, with violations
 * planted in them, must give upstream's own messages.
 */

const read = (file: string): string => readFileSync(path.join(corpusDir, file), "utf8");

/** A real KEP's directory (kep.yaml, README.md, OWNERS when it has one), its PRR file, and the lists, from the corpus. */
function realKep(dir: string, number: string): Record<string, string> {
  const files: Record<string, string> = {
    OWNERS_ALIASES: read("OWNERS_ALIASES"),
    "sigs.yaml": read("sigs.yaml"),
    "hack/.notableofcontents": read("hack/.notableofcontents"),
    "keps/NNNN-kep-template/README.md": read("keps/NNNN-kep-template/README.md"),
    "keps/NNNN-kep-template/kep.yaml": read("keps/NNNN-kep-template/kep.yaml"),
    [`${dir}/kep.yaml`]: read(`${dir}/kep.yaml`),
    [`${dir}/README.md`]: read(`${dir}/README.md`),
    [`keps/prod-readiness/sig-node/${number}.yaml`]: read(`keps/prod-readiness/sig-node/${number}.yaml`),
  };
  try {
    files[`${dir}/OWNERS`] = read(`${dir}/OWNERS`);
  } catch {
    // no OWNERS file in this KEP's directory
  }
  return files;
}

/** Replaces exactly one occurrence of `from`, so that a planted violation cannot silently miss. */
function replaceOnce(text: string, from: string, to: string): string {
  const at = text.indexOf(from);
  if (at < 0 || text.indexOf(from, at + 1) >= 0) throw new Error(`expected exactly one ${JSON.stringify(from)}`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

/** Findings of one rule as upstream prints them: `<path>: <message>`. */
function printed(findings: readonly Finding[], rule: string): string[] {
  return findings.filter((finding) => finding.rule === rule).map((finding) => `${finding.path}: ${finding.message}`);
}

const stopSignals = "keps/sig-node/4960-container-stop-signals";
const stopSignalsYaml = `${stopSignals}/kep.yaml`;
const pagination = "keps/sig-node/5825-cri-pagination";
const paginationYaml = `${pagination}/kep.yaml`;

interface NodeCase {
  readonly name: string;
  readonly dir: string;
  readonly number: string;
  readonly plant: (files: Record<string, string>) => void;
  readonly options?: RunOptions;
  /** Upstream's `Violation.String()` lines (its path is the kep.yaml). */
  readonly expected: readonly string[];
}

const nodeCases: readonly NodeCase[] = [
  { name: "the real 4960 (beta, v1.37, markers matching its OWNERS) passes", dir: stopSignals, number: "4960", plant: () => {}, expected: [] },
  {
    name: "a marker without an OWNERS entry",
    dir: stopSignals,
    number: "4960",
    plant: (files) => void (files[stopSignalsYaml] = replaceOnce(files[stopSignalsYaml] ?? "", "  - '@thockin'\n", "  - '@thockin' # sig-node-assigned-reviewer\n")),
    expected: [`${stopSignalsYaml}: assigned reviewer "thockin" not listed under reviewers in OWNERS`],
  },
  {
    name: "an approver marker without an OWNERS entry (case and @ do not matter)",
    dir: stopSignals,
    number: "4960",
    plant: (files) => void (files[`${stopSignals}/OWNERS`] = replaceOnce(files[`${stopSignals}/OWNERS`] ?? "", "  - SergeyKanzhelev # sig-node-assigned-approver\n", "  - someone-else\n")),
    expected: [
      `${stopSignalsYaml}: assigned approver "sergeykanzhelev" not listed under approvers in OWNERS`,
      `${stopSignalsYaml}: assigned approver "someone-else" listed in OWNERS but not annotated as sig-node-assigned-approver in kep.yaml`,
    ],
  },
  {
    name: "an OWNERS entry without a marker",
    dir: stopSignals,
    number: "4960",
    plant: (files) => void (files[stopSignalsYaml] = replaceOnce(files[stopSignalsYaml] ?? "", "  - '@mikebrow' # sig-node-assigned-reviewer\n", "  - '@mikebrow'\n")),
    expected: [`${stopSignalsYaml}: assigned reviewer "mikebrow" listed in OWNERS but not annotated as sig-node-assigned-reviewer in kep.yaml`],
  },
  {
    name: "markers with no OWNERS file",
    dir: stopSignals,
    number: "4960",
    plant: (files) => void delete files[`${stopSignals}/OWNERS`],
    expected: [`${stopSignalsYaml}: assigned reviewer "mikebrow" OWNERS file not found`, `${stopSignalsYaml}: assigned approver "sergeykanzhelev" OWNERS file not found`],
  },
  {
    name: "a non-alpha KEP from v1.36 on with neither a tech lead nor a marked approver",
    dir: stopSignals,
    number: "4960",
    plant: (files) => {
      files[stopSignalsYaml] = replaceOnce(files[stopSignalsYaml] ?? "", "  - '@sergeykanzhelev' # sig-node-assigned-approver\n  - '@mrunalp'\n", "  - '@sergeykanzhelev'\n");
      files[`${stopSignals}/OWNERS`] = replaceOnce(files[`${stopSignals}/OWNERS`] ?? "", "approvers:\n  - SergeyKanzhelev # sig-node-assigned-approver\n", "");
    },
    expected: [`${stopSignalsYaml}: approver non-alpha KEP must list a sig-node-tech-leads member or an approver marked # sig-node-assigned-approver`],
  },
  {
    name: "a tech lead alone is enough for a non-alpha KEP",
    dir: stopSignals,
    number: "4960",
    plant: (files) => {
      files[stopSignalsYaml] = replaceOnce(files[stopSignalsYaml] ?? "", "  - '@sergeykanzhelev' # sig-node-assigned-approver\n", "");
      files[`${stopSignals}/OWNERS`] = replaceOnce(files[`${stopSignals}/OWNERS`] ?? "", "approvers:\n  - SergeyKanzhelev # sig-node-assigned-approver\n", "");
    },
    expected: [],
  },
  {
    name: "KEPs before v1.36 are grandfathered",
    dir: stopSignals,
    number: "4960",
    plant: (files) => {
      files[stopSignalsYaml] = replaceOnce(
        replaceOnce(files[stopSignalsYaml] ?? "", "  - '@sergeykanzhelev' # sig-node-assigned-approver\n  - '@mrunalp'\n", "  - '@sergeykanzhelev'\n"),
        'latest-milestone: "v1.37"',
        'latest-milestone: "v1.35"',
      );
      files[`${stopSignals}/OWNERS`] = replaceOnce(files[`${stopSignals}/OWNERS`] ?? "", "approvers:\n  - SergeyKanzhelev # sig-node-assigned-approver\n", "");
    },
    expected: [],
  },
  {
    name: "the real 5825 (alpha, v1.36) passes while v1.37 is the upcoming release",
    dir: pagination,
    number: "5825",
    plant: () => {},
    options: { config: { currentRelease: "v1.37" } },
    expected: [],
  },
  {
    name: "an actively alpha KEP must not use the approver marker",
    dir: pagination,
    number: "5825",
    plant: () => {},
    options: { config: { currentRelease: "v1.36" } },
    expected: [`${paginationYaml}: assigned approver "sergeykanzhelev" alpha-stage KEP must not use # sig-node-assigned-approver marker`],
  },
  {
    name: "an actively alpha KEP without a sig-node-tech-leads approver",
    dir: pagination,
    number: "5825",
    plant: (files) => void (files[paginationYaml] = replaceOnce(files[paginationYaml] ?? "", '  - "@dchen1107"\n', "")),
    options: { config: { currentRelease: "v1.36" } },
    expected: [
      `${paginationYaml}: approver alpha-stage KEP must list at least one sig-node-tech-leads member as approver`,
      `${paginationYaml}: assigned approver "sergeykanzhelev" alpha-stage KEP must not use # sig-node-assigned-approver marker`,
    ],
  },
  {
    name: "without a current release no KEP is actively alpha (upstream's fallback of 999)",
    dir: pagination,
    number: "5825",
    plant: (files) => void (files[paginationYaml] = replaceOnce(files[paginationYaml] ?? "", '  - "@dchen1107"\n', "")),
    expected: [],
  },
  {
    name: "no approvers at all",
    dir: pagination,
    number: "5825",
    plant: (files) => {
      // `approvers: []` passes upstream's metadata check (a nil list would not) and lists no one.
      files[paginationYaml] = replaceOnce(files[paginationYaml] ?? "", 'approvers:\n  - "@dchen1107"\n  - "@SergeyKanzhelev" # sig-node-assigned-approver\n', "approvers: []\n");
      files[`${pagination}/OWNERS`] = replaceOnce(files[`${pagination}/OWNERS`] ?? "", "approvers:\n  - SergeyKanzhelev # sig-node-assigned-approver\n", "");
    },
    expected: [`${paginationYaml}: approver no approvers listed`],
  },
  {
    name: "a missing sig-node-tech-leads alias stops upstream's check",
    dir: stopSignals,
    number: "4960",
    plant: (files) => void (files.OWNERS_ALIASES = replaceOnce(files.OWNERS_ALIASES ?? "", "  sig-node-tech-leads:", "  sig-node-tech-leads-renamed:")),
    expected: ['OWNERS_ALIASES: OWNERS_ALIASES: alias "sig-node-tech-leads" not found'],
  },
];

describe("kep/node-approvers (hack/verify-node-approvers.sh) on real sig-node KEPs", () => {
  test.each(nodeCases)("$name", async ({ dir, number, plant, options, expected }) => {
    const files = realKep(dir, number);
    plant(files);
    const findings = await findingsFor(files, { profile: "upstream", ...options });
    // kepbot sorts findings by line; upstream prints them in the order it checks. The set is the same.
    expect(printed(findings, "kep/node-approvers").sort()).toEqual([...expected].sort());
    // Nothing else upstream enforces fires on these real files.
    expect(findings.filter((finding) => finding.rule !== "kep/node-approvers")).toEqual([]);
  });

  test("a change elsewhere does not judge the KEP's OWNERS, and OWNERS outside KEP directories are never judged", async () => {
    const files: Record<string, string> = { ...realKep(stopSignals, "4960"), "keps/sig-apps/OWNERS": "approvers:\n  - someone # sig-node-assigned-approver\n" };
    files[`${stopSignals}/OWNERS`] = "reviewers:\n  - stranger\n";
    // The change touches a file outside the KEP, so neither the KEP nor its broken OWNERS is judged.
    const findings = await findingsFor(files, { profile: "upstream", change: { files: [{ path: "keps/sig-apps/README.md", status: "modified" }] } });
    expect(printed(findings, "kep/node-approvers")).toEqual([]);
  });
});

interface SpellingCase {
  readonly name: string;
  readonly plant: (readme: string) => string;
  readonly expected: readonly string[];
}

const readmePath = `${stopSignals}/README.md`;
const realReadme = read(readmePath);
const summaryLine = realReadme.split("\n").findIndex((line) => line === "## Summary") + 1;

const spellingCases: readonly SpellingCase[] = [
  { name: "the real README passes", plant: (text) => text, expected: [] },
  {
    name: "a common misspelling in a README, with misspell's message",
    plant: (text) => replaceOnce(text, "## Summary\n", "## Summary\n\nThe restart occured twice.\n"),
    expected: [`${readmePath}:${summaryLine + 2}:13: "occured" is a misspelling of "occurred"`],
  },
  {
    name: "Title and UPPER case forms are misspellings too, with corrections in the same case",
    plant: (text) => replaceOnce(text, "## Summary\n", "## Summary\n\nOccured. RECIEVE.\n"),
    expected: [`${readmePath}:${summaryLine + 2}:1: "Occured" is a misspelling of "Occurred"`, `${readmePath}:${summaryLine + 2}:10: "RECIEVE" is a misspelling of "RECEIVE"`],
  },
  {
    name: "URLs, paths, hosts, e-mail addresses and parts of words are not words",
    plant: (text) =>
      replaceOnce(text, "## Summary\n", "## Summary\n\nSee https://example.com/occured, /var/occured, occured.example.com, dev@occured.io and reoccured.\n"),
    expected: [],
  },
  {
    name: "a backslash escape is blanked with its letter, as misspell does",
    plant: (text) => replaceOnce(text, "## Summary\n", "## Summary\n\nprintf(\"\\noccured\")\n"),
    expected: [`${readmePath}:${summaryLine + 2}:11: "occured" is a misspelling of "occurred"`],
  },
];

describe("repo/spelling (hack/verify-spelling.sh) on a real README", () => {
  test.each(spellingCases)("$name", async ({ plant, expected }) => {
    const files = realKep(stopSignals, "4960");
    files[readmePath] = plant(realReadme);
    const findings = await findingsFor(files, { profile: "upstream" });
    expect(findings.filter((finding) => finding.rule === "repo/spelling").map((finding) => `${finding.path}:${finding.line}:${finding.column}: ${finding.message}`)).toEqual(expected);
  });

  test("*.yaml is not checked (upstream's ':!*.yaml'); OWNERS and other text files are", async () => {
    const files = realKep(stopSignals, "4960");
    files[stopSignalsYaml] = replaceOnce(files[stopSignalsYaml] ?? "", "title: Container Stop Signals", "title: Container Stop Signals occured");
    files[`${stopSignals}/OWNERS`] = `# teh owners\n${files[`${stopSignals}/OWNERS`] ?? ""}`;
    files[`${stopSignals}/diagram.png`] = "occured";
    const findings = await findingsFor(files, { profile: "upstream" });
    expect(printed(findings, "repo/spelling")).toEqual([`${stopSignals}/OWNERS: "teh" is a misspelling of "the"`]);
  });

  test("a line many megabytes long is scanned in linear time", () => {
    const text = `${"a".repeat(2_000_000)} teh ${"x.".repeat(500_000)}occured`;
    const started = performance.now();
    expect(findMisspellings(text).map((hit) => hit.word)).toEqual(["teh"]);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe("readme/toc-vs-template (hack/verify-toc-vs-template.sh) on a real README", () => {
  const template = read("keps/NNNN-kep-template/README.md");
  const change = { files: [{ path: readmePath, status: "modified" as const }] };

  test.each([
    { name: "the real README lacks no heading the template has, (Optional) ones aside", plant: (text: string) => text, expected: [] as string[] },
    {
      name: "a README missing the template's Graduation Criteria heading",
      plant: (text: string) => replaceOnce(text, "### Graduation Criteria\n", "### Graduation\n"),
      expected: ['lacks a heading of the KEP template (keps/NNNN-kep-template/README.md): "  - [Graduation Criteria](#graduation-criteria)"'],
    },
    {
      name: "a missing (Optional) heading is not reported",
      plant: (text: string) => replaceOnce(text, "## Infrastructure Needed (Optional)\n", ""),
      expected: [],
    },
  ])("$name", async ({ plant, expected }) => {
    // The real README may have drifted from today's template; only what the plant changes counts here.
    const before = missingTemplateHeadings(template, realReadme);
    const files = realKep(stopSignals, "4960");
    files[readmePath] = plant(realReadme);
    const findings = await findingsFor(files, { profile: "default", change });
    const messages = findings.filter((finding) => finding.rule === "readme/toc-vs-template");
    expect(messages.every((finding) => finding.severity === "warning" && finding.path === readmePath)).toBe(true);
    expect(messages.map((finding) => finding.message).filter((message) => !before.some((line) => message.endsWith(JSON.stringify(line))))).toEqual(expected);
  });

  test("upstream never fails on it: the upstream profile does not run it, and a whole tree has no changed README", async () => {
    const files = realKep(stopSignals, "4960");
    files[readmePath] = replaceOnce(realReadme, "### Graduation Criteria\n", "### Graduation\n");
    expect(printed(await findingsFor(files, { profile: "upstream", change }), "readme/toc-vs-template")).toEqual([]);
    expect(printed(await findingsFor(files, { profile: "strict" }), "readme/toc-vs-template")).toEqual([]);
  });

  test("only removed template lines count; headings the KEP adds do not", () => {
    const kep = "<!-- toc -->\n<!-- /toc -->\n# Title\n## Summary\n## Extra\n## Motivation\n";
    const tmpl = "<!-- toc -->\n<!-- /toc -->\n# Title\n## Summary\n## Motivation\n## Proposal\n## Story (Optional)\n";
    expect(missingTemplateHeadings(tmpl, kep)).toEqual(["  - [Proposal](#proposal)"]);
  });
});
