import { defaultConfig, type Config } from "../../src/core/config.js";
import { InMemorySnapshot } from "../../src/core/snapshot.js";
import type { EnhancementIssue } from "../../src/core/tracking/enhancement-issue.js";
import { trackRelease, type TrackingBoard } from "../../src/core/tracking/track-release.js";
import { goodRepo, kepDir, kepYaml, readme } from "./repo.js";

/** The release calendar the tracking tests use: v1.37's enhancements freeze is 2026-06-12. */
export const trackingConfig: Config = {
  ...defaultConfig,
  currentRelease: "v1.37",
  releases: { "v1.37": { "prr-freeze": "2026-06-04T00:00:00Z", "enhancements-freeze": "2026-06-12T00:00:00Z", "code-freeze": "2026-07-31T00:00:00Z" } },
};

/** KEP 4242 (sig-node, beta) ready for v1.37: milestones, status, PRR approver, README with test plan and graduation criteria. */
export function readyRepo(): Record<string, string> {
  return {
    ...goodRepo(),
    [`${kepDir}/kep.yaml`]: kepYaml({ "latest-milestone": '"v1.37"', milestone: '\n  alpha: "v1.36"\n  beta: "v1.37"' }),
    [`${kepDir}/README.md`]: `${readme(4242)}\n## Design Details\n\n### Test Plan\n\nUnit tests in pkg/kubelet/sidecar.\n\n### Graduation Criteria\n\n#### Beta\n\n- e2e tests pass\n`,
  };
}

/** The enhancement issue of KEP 4242, opted in to v1.37 at beta. */
export function issue4242(overrides: Partial<EnhancementIssue> = {}): EnhancementIssue {
  return { number: 4242, title: "Sidecar restarts", labels: ["lead-opted-in", "sig/node", "stage/beta"], milestone: "v1.37", state: "open", ...overrides };
}

export function track(files: Record<string, string>, issues: readonly EnhancementIssue[], now = "2026-06-01T00:00:00Z", config: Config = trackingConfig): Promise<TrackingBoard> {
  return trackRelease({ issues, snapshot: new InMemorySnapshot(files, "abc123"), config, now: new Date(now), release: "v1.37" });
}
