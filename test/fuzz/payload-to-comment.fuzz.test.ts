import { beforeAll, describe, expect, test } from "@jest/globals";
import fc from "fast-check";
import { defaultConfig } from "../../src/core/config.js";
import { checkRepository } from "../../src/core/evaluate.js";
import type { Report } from "../../src/core/report.js";
import { InMemorySnapshot } from "../../src/core/snapshot.js";
import { checkLimits, checkRunOutputs } from "../../src/render/check-run.js";
import { suggestionComment, summaryComment } from "../../src/render/pull-request-comments.js";
import { goodRepo, kepDir, kepYaml, prrPath, readme } from "../helpers/repo.js";
import { engineBudgetMs, params, timedAsync } from "./fuzz-support.js";
import { expectInert, expectSummaryShape } from "./markdown-shape.js";

/**
 * From a pull request's files to the markdown kepbot posts: kep.yaml values, README titles and PRR
 * approvers are arbitrary text, the engine judges them (default profile, as the app runs), and what
 * the summary comment, suggestions and check run would say must keep its shape.
 */

const kepPath = `${kepDir}/kep.yaml`;

const fragments = ["<script>x</script>", "<img src=x onerror=y>", "](javascript:z)", "@alice", "@kubernetes/sig-node-leads", "|", "`", "```", "*", "#", "&lt;", "\\", "v1.33", "1.30", "implementable", "beta", "sig-node", "😀", " ", "x"];
/** One line of user text: fragments or any characters, no line endings. */
const value = fc
  .oneof(fc.string({ maxLength: 40, unit: "grapheme" }), fc.array(fc.constantFrom(...fragments), { maxLength: 8 }).map((parts) => parts.join("")))
  .map((text) => text.replace(/[\r\n]/g, ""));
const field = fc.constantFrom("title", "status", "stage", "latest-milestone", "owning-sig", "creation-date", "kep-number", "disable-supported");

async function judge(files: Record<string, string>): Promise<Report> {
  const head = new InMemorySnapshot(files, "head");
  return timedAsync(engineBudgetMs, () => checkRepository({ head, config: { ...defaultConfig, profile: "default" } }));
}

function expectPostable(report: Report): void {
  const body = summaryComment({ report, pendingApprovals: [] });
  if (body !== undefined) {
    expectSummaryShape(body, report, []);
    expect(body.length).toBeLessThanOrEqual(65_536);
  }
  for (const finding of report.findings) {
    if (finding.suggestion === undefined) continue;
    const comment = suggestionComment(finding).split("\n");
    expectInert(/^\*\*[a-z]+\/[a-z0-9-]+\*\*: ([^]*)$/.exec(comment[1] ?? "")?.[1] ?? "<missing>");
  }
  for (const output of checkRunOutputs(report)) {
    expect(output.summary.length).toBeLessThanOrEqual(checkLimits.summary);
    expect((output.annotations ?? []).length).toBeLessThanOrEqual(checkLimits.annotationsPerRequest);
  }
}

describe("from pull-request files to kepbot's comments", () => {
  beforeAll(async () => {
    await judge(goodRepo());
  });

  test("kep.yaml values, README titles and PRR approvers of one line come out inert in every comment", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(field, value), { maxLength: 4 }),
        fc.option(value, { nil: undefined }),
        fc.option(value, { nil: undefined }),
        async (fields, title, approver) => {
          const files: Record<string, string> = { ...goodRepo(), [kepPath]: kepYaml(Object.fromEntries(fields.map(([key, text]) => [key, JSON.stringify(text)]))) };
          if (title !== undefined) files[`${kepDir}/README.md`] = readme(4242).replace(/^# .*$/m, () => `# KEP-17: ${title}`);
          if (approver !== undefined) files[prrPath] = `kep-number: 4242\nalpha:\n  approver: ${JSON.stringify(approver)}\nbeta:\n  approver: ${JSON.stringify(approver)}\n`;
          expectPostable(await judge(files));
        },
      ),
      params(150),
    );
  });

  /**
   * BUG, end to end (see render.fuzz.test.ts): a kep.yaml status of 70,000 characters gives a
   * kep/status-valid error quoting it in full, and a summary comment of 70,401 characters, which
   * GitHub refuses (its limit is 65,536).
   */
  test("a very long kep.yaml value still gives a summary comment GitHub accepts", async () => {
    const report = await judge({ ...goodRepo(), [kepPath]: kepYaml({ status: "x".repeat(70_000) }) });
    expect(summaryComment({ report, pendingApprovals: [] })?.length ?? 0).toBeLessThanOrEqual(65_536);
  });

  /**
   * BUG, end to end: a double-quoted kep.yaml title may hold `\n`; readme/title suggests
   * `# KEP-4242: <title>`, and the summary comment shows that suggestion in a code span that the blank
   * line ends, so `@kubernetes/sig-node-leads` is a live team mention and the `<img>` loads.
   */
  test("a kep.yaml title with line breaks stays inside the summary comment's code span", async () => {
    const report = await judge({
      ...goodRepo(),
      [kepPath]: kepYaml({ title: JSON.stringify("Sidecar\n\n@kubernetes/sig-node-leads <img src=https://t.example/p>") }),
      [`${kepDir}/README.md`]: readme(4242).replace(/^# .*$/m, "# KEP-17:"),
    });
    expectPostable(report);
  });

  /**
   * BUG, end to end: a double-quoted kep.yaml status `"bogus\r===\r    code"` gives a kep/status-valid
   * message with lone CRs, which escapeMarkdown keeps; in the summary comment they end the list item
   * (`===` then makes a setext heading, the indented text a code block).
   */
  test("a kep.yaml value with a lone CR stays on its line of the summary comment", async () => {
    const report = await judge({ ...goodRepo(), [kepPath]: kepYaml({ status: JSON.stringify("bogus\r===\r    code") }) });
    expectPostable(report);
  });
});
