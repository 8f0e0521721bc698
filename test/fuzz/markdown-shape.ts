import { expect } from "@jest/globals";
import type { Report } from "../../src/core/report.js";
import { summaryMarker } from "../../src/render/pull-request-comments.js";

/** Checks shared by the fuzz properties over kepbot's markdown output. */

const markdownSpecials = /[\\`*_{}[\]()#+!|~]/;
export const login = /@[A-Za-z0-9-]/;

/** What escapeMarkdown promises for its output. */
export function expectInert(escaped: string): void {
  expect(escaped).not.toMatch(/[<>\n\r]/);
  expect(escaped).not.toMatch(login);
  // Every `&` starts one of the entities the escaper writes, so no entity of the input survives.
  expect(escaped.replace(/&(amp|lt|gt);/g, "")).not.toContain("&");
  // Every markdown special is backslash-escaped (and every backslash is itself escaped).
  expect(escaped.replace(/\\[\\`*_{}[\]()#+!|~]/g, "")).not.toMatch(markdownSpecials);
}

/**
 * The summary comment's lines are all of kepbot's making: user text never starts a line. Outside the
 * code spans kepbot opens (paths, fixes), user text is inert.
 */
export function expectSummaryShape(body: string, report: Report, pending: readonly { approver: string; path: string }[]): void {
  const lines = body.split(/\r\n|\r|\n/);
  const errors = report.findings.filter((item) => item.severity === "error" && item.rule !== "prr/approval");
  expect(lines[0]).toBe(summaryMarker);
  let items = 0;
  for (const line of lines.slice(1)) {
    if (line === "" || line === "### kepbot: what blocks this pull request" || /^Run `npx kepbot check/.test(line) || /^\d+ problems? to fix \(details/.test(line)) continue;
    if (/^- … and \d+ more in the check\.$/.test(line)) continue;
    // `[^]` rather than `.`: user text may hold U+2028, which `.` does not match.
    const item = /^- `([^`]*)`: ([^]*)\.(?: Fix: `([^`]*)`)?$/.exec(line);
    const prr = /^- PRR: `([^`]*)` names ([^]*) as approver; kepbot asked for their review, and the PR can merge once they approve it\.$/.exec(line);
    const text = item?.[2] ?? prr?.[2];
    if (text === undefined) throw new Error(`a line kepbot did not write: ${JSON.stringify(line)}`);
    expectInert(text);
    items++;
  }
  expect(items).toBe(Math.min(errors.length, 30) + pending.length);
}
