import type { EnhancementIssue } from "./enhancement-issue.js";

/**
 * Reads an export of enhancement issues: the output of
 * `gh issue list --json number,title,labels,milestone,state` (or the REST API's issue objects), a JSON
 * array of `{ number, title, labels: [{ name }], milestone: { title } | null, state: "OPEN" | "CLOSED" }`.
 * Labels may also be plain strings and the milestone its title; other fields are ignored.
 */
export type IssueExportResult = { readonly ok: true; readonly issues: readonly EnhancementIssue[] } | { readonly ok: false; readonly message: string };

const expectedShape = "expected a JSON array like `gh issue list --json number,title,labels,milestone,state` prints";

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function labelName(label: unknown): string | undefined {
  if (typeof label === "string") return label;
  return isRecord(label) && typeof label.name === "string" ? label.name : undefined;
}

function milestoneTitle(milestone: unknown): string | undefined | false {
  if (milestone === null || milestone === undefined) return undefined;
  if (typeof milestone === "string") return milestone;
  return isRecord(milestone) && typeof milestone.title === "string" ? milestone.title : false;
}

function issueAt(value: unknown, at: string): EnhancementIssue | string {
  if (!isRecord(value)) return `${at} is not an object`;
  const { number, title, labels, state } = value;
  if (typeof number !== "number" || !Number.isSafeInteger(number) || number < 1) return `${at}.number must be a positive whole number, not ${JSON.stringify(number) ?? "missing"}`;
  if (typeof title !== "string") return `${at}.title (issue #${number}) must be a string`;
  if (!Array.isArray(labels)) return `${at}.labels (issue #${number}) must be an array of { "name": … } objects; add labels to --json`;
  const names: string[] = [];
  for (const [index, label] of labels.entries()) {
    const name = labelName(label);
    if (name === undefined) return `${at}.labels[${index}] (issue #${number}) must have a string "name"`;
    names.push(name);
  }
  if (!("milestone" in value)) return `${at}.milestone (issue #${number}) is missing; add milestone to --json (null is fine for none)`;
  const milestone = milestoneTitle(value.milestone);
  if (milestone === false) return `${at}.milestone (issue #${number}) must be null or have a string "title"`;
  const normalState = typeof state === "string" ? state.toLowerCase() : undefined;
  if (normalState !== "open" && normalState !== "closed") return `${at}.state (issue #${number}) must be OPEN or CLOSED, not ${JSON.stringify(state) ?? "missing"}`;
  return { number, title, labels: names, ...(milestone !== undefined ? { milestone } : {}), state: normalState };
}

/** Parses and validates an issue export; the message names the first problem and where it is. */
export function parseIssueExport(text: string): IssueExportResult {
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (error) {
    return { ok: false, message: `not JSON (${(error instanceof Error ? error.message : String(error)).replace(/\s+/g, " ")}); ${expectedShape}` };
  }
  if (!Array.isArray(value)) return { ok: false, message: `the top level is ${value === null ? "null" : typeof value}; ${expectedShape}` };
  const issues: EnhancementIssue[] = [];
  const seen = new Set<number>();
  for (const [index, item] of value.entries()) {
    const issue = issueAt(item, `[${index}]`);
    if (typeof issue === "string") return { ok: false, message: issue };
    if (seen.has(issue.number)) return { ok: false, message: `[${index}]: issue #${issue.number} appears twice` };
    seen.add(issue.number);
    issues.push(issue);
  }
  return { ok: true, issues };
}
