/** Which label changes on a pull request kepbot answers: its own labels; Prow's and people's others it leaves alone. */
import { describe, expect, test } from "@jest/globals";
import { defaultLabelNames, keepsLabel } from "../../src/core/labels.js";

describe("keepsLabel", () => {
  test.each([
    ["kind/kep", true],
    ["prr/needs-approver", true],
    ["prr/awaiting-approval", true],
    ["prr/approved", true],
    ["sig/node", true],
    ["wg/batch", true],
    ["committee/steering", true],
    ["ug/big-data", true],
    // Prow's and people's labels: none changes what kepbot judges or keeps.
    ["lgtm", false],
    ["approved", false],
    ["cncf-cla: yes", false],
    ["size/XS", false],
    ["needs-rebase", false],
    ["area/testing", false],
    ["kind/feature", false],
    ["sig-node", false],
    ["prr/something-else", false],
  ])("%s: %s", (label, kept) => {
    expect(keepsLabel(label, defaultLabelNames)).toBe(kept);
  });

  test("a repository's own label names are the ones kept", () => {
    const names = { ...defaultLabelNames, kep: "type/enhancement", prrApproved: "prr-ok" };
    expect([keepsLabel("type/enhancement", names), keepsLabel("prr-ok", names), keepsLabel("kind/kep", names), keepsLabel("prr/approved", names)]).toEqual([true, true, false, false]);
  });
});
