import { describe, expect, test } from "@jest/globals";
import { defaultBoardSource } from "../../src/core/tracking/track-release.js";
import { renderTrackingComment, trackingMarker } from "../../src/render/tracking-comment.js";
import { kepDir, kepYaml } from "../helpers/repo.js";
import { issue4242, readyRepo, track } from "../helpers/tracking.js";

async function comment(files: Record<string, string>, labels?: string[], now?: string): Promise<string> {
  const board = await track({ ...readyRepo(), ...files }, [issue4242(labels ? { labels } : {})], now);
  const [entry] = board.entries;
  if (!entry) throw new Error("not tracked");
  return renderTrackingComment(entry, defaultBoardSource);
}

const behind = { [`${kepDir}/kep.yaml`]: kepYaml({ "latest-milestone": '"v1.36"', milestone: '\n  alpha: "v1.36"\n  beta: "v1.37"' }) };

describe("the tracking comment on an enhancement issue", () => {
  test.each([
    { name: "ready", files: {}, heading: "### ✅ Enhancements tracking for v1.37: ready", has: ["#### Done (11)"], lacks: ["#### Missing"] },
    { name: "at risk", files: behind, heading: "### ⚠️ Enhancements tracking for v1.37: at risk", has: ["#### Missing (1)", "- [ ] latest-milestone is v1.36; a KEP tracked for v1.37 has latest-milestone v1.37 ([kep.yaml line 15](https://github.com/kubernetes/enhancements/blob/master/keps/sig-node/4242-sidecar-restarts/kep.yaml#L15)) — suggested: `latest-milestone: \"v1.37\"`", "the enhancements freeze is in 11 days"], lacks: [] },
    { name: "missed", files: behind, now: "2026-06-13T00:00:00Z", heading: "### ⛔ Enhancements tracking for v1.37: missed the enhancements freeze", has: ["To stay in v1.37, a SIG lead must file an exception request"], lacks: [] },
    { name: "stage from kep.yaml", files: {}, labels: ["lead-opted-in", "sig/node"], heading: "### ⚠️ Enhancements tracking for v1.37: at risk", has: ["**Stage:** beta (from kep.yaml; the issue has no stage label)", "> The issue has no stage/\\* label: judged at kep.yaml's stage, beta."], lacks: [] },
  ])("$name", async ({ files, labels, now, heading, has, lacks }) => {
    const text = await comment(files, labels, now);
    const lines = text.split("\n");
    expect(lines[0]).toBe(trackingMarker);
    expect(lines[1]).toBe(heading);
    for (const part of has) expect(text).toContain(part);
    for (const part of lacks) expect(text).not.toContain(part);
  });

  test("is byte-identical for the same inputs, and independent of the revision", async () => {
    const first = await comment(behind);
    const again = await comment(behind);
    expect(again).toBe(first);
    const board = await track({ ...readyRepo(), ...behind }, [issue4242()]);
    const other = { ...board.entries[0]!, criteria: [...board.entries[0]!.criteria] };
    expect(renderTrackingComment(other, defaultBoardSource)).toBe(first);
  });

  test("kep.yaml values cannot inject markup, links or mentions", async () => {
    const text = await comment({ [`${kepDir}/kep.yaml`]: kepYaml({ "latest-milestone": '"<img src=x onerror=alert(1)> [x](javascript:alert(1)) @kubernetes/owners"', milestone: '\n  beta: "v1.37"' }) });
    expect(text).not.toContain("<img");
    expect(text).not.toContain("](javascript:");
    expect(text).not.toMatch(/@kubernetes/);
    expect(text).toContain("&lt;img src=x onerror=alert\\(1\\)&gt;");
  });
});
