import { describe, expect, test } from "@jest/globals";
import { parseIssueExport } from "../../../src/core/tracking/issue-export.js";

describe("parseIssueExport reads `gh issue list --json number,title,labels,milestone,state`", () => {
  test("gh's shape, REST's lower-case state and plain-string labels", () => {
    const text = JSON.stringify([
      { number: 4242, title: "Sidecars", labels: [{ id: "x", name: "lead-opted-in", color: "fff" }], milestone: { number: 3, title: "v1.37", dueOn: null }, state: "OPEN" },
      { number: 7, title: "Other", labels: ["sig/node"], milestone: null, state: "closed", url: "ignored" },
    ]);
    expect(parseIssueExport(text)).toEqual({
      ok: true,
      issues: [
        { number: 4242, title: "Sidecars", labels: ["lead-opted-in"], milestone: "v1.37", state: "open" },
        { number: 7, title: "Other", labels: ["sig/node"], state: "closed" },
      ],
    });
  });

  test.each([
    { name: "not JSON", text: "number,title\n1,x", message: /^not JSON \(.*\); expected a JSON array like `gh issue list/ },
    { name: "an object, not an array", text: '{"issues": []}', message: /^the top level is object; expected a JSON array/ },
    { name: "a number that is not whole", text: '[{"number": 1.5}]', message: /^\[0\]\.number must be a positive whole number, not 1\.5/ },
    { name: "labels not exported", text: '[{"number": 1, "title": "t", "state": "OPEN", "milestone": null}]', message: /^\[0\]\.labels \(issue #1\) must be an array .*add labels to --json/ },
    { name: "a label without a name", text: '[{"number": 1, "title": "t", "labels": [{"id": 3}], "milestone": null, "state": "OPEN"}]', message: /^\[0\]\.labels\[0\] \(issue #1\) must have a string "name"/ },
    { name: "milestone not exported", text: '[{"number": 1, "title": "t", "labels": [], "state": "OPEN"}]', message: /^\[0\]\.milestone \(issue #1\) is missing; add milestone to --json/ },
    { name: "a milestone without a title", text: '[{"number": 1, "title": "t", "labels": [], "milestone": {"number": 2}, "state": "OPEN"}]', message: /milestone \(issue #1\) must be null or have a string "title"/ },
    { name: "an unknown state", text: '[{"number": 1, "title": "t", "labels": [], "milestone": null, "state": "MERGED"}]', message: /state \(issue #1\) must be OPEN or CLOSED, not "MERGED"/ },
    { name: "the same issue twice", text: '[{"number": 1, "title": "t", "labels": [], "milestone": null, "state": "OPEN"}, {"number": 1, "title": "t", "labels": [], "milestone": null, "state": "OPEN"}]', message: /^\[1\]: issue #1 appears twice/ },
  ])("rejects $name", ({ text, message }) => {
    const result = parseIssueExport(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(message);
  });
});
