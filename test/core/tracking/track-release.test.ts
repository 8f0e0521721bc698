import { describe, expect, test } from "@jest/globals";
import { defaultConfig } from "../../../src/core/config.js";
import type { EnhancementIssue } from "../../../src/core/tracking/enhancement-issue.js";
import type { TrackedEnhancement } from "../../../src/core/tracking/tracked-enhancement.js";
import { trackableReleases, trackedReleaseOf } from "../../../src/core/tracking/tracked-issues.js";
import { kepDir, kepYaml, prrPath } from "../../helpers/repo.js";
import { issue4242, readyRepo, track, trackingConfig } from "../../helpers/tracking.js";

const missingIds = (entry: TrackedEnhancement | undefined) => entry?.criteria.filter((criterion) => !criterion.met).map((criterion) => criterion.id);

interface Case {
  name: string;
  files?: Record<string, string>;
  issue?: Partial<EnhancementIssue>;
  now?: string;
  expected: {
    verdict: "ready" | "at-risk" | "missed";
    missing: string[];
    daysLeft?: number;
    message?: RegExp;
    exception?: RegExp;
    stage?: string;
    stageSource?: "label" | "kep" | "none";
    notes?: RegExp;
    receipt?: { state: string; path: string };
    prr?: { state: string; approver?: string };
  };
}

const cases: Case[] = [
  {
    name: "ready: every criterion met before the freeze",
    expected: { verdict: "ready", missing: [], message: /^Ready for v1\.37 \(enhancements freeze 2026-06-12 00:00 UTC\)/, stage: "beta", stageSource: "label", prr: { state: "approved", approver: "wojtek-t" } },
  },
  {
    name: "at risk with the days left: latest-milestone names the previous release",
    files: { [`${kepDir}/kep.yaml`]: kepYaml({ "latest-milestone": '"v1.36"', milestone: '\n  alpha: "v1.36"\n  beta: "v1.37"' }) },
    expected: { verdict: "at-risk", missing: ["latest-milestone"], daysLeft: 11, message: /1 criterion missing; the enhancements freeze is in 11 days \(2026-06-12 00:00 UTC\)/ },
  },
  {
    name: "at risk in hours on the freeze's last day",
    files: { [`${kepDir}/kep.yaml`]: kepYaml({ "latest-milestone": '"v1.36"', milestone: '\n  alpha: "v1.36"\n  beta: "v1.37"' }) },
    now: "2026-06-11T18:30:00Z",
    expected: { verdict: "at-risk", missing: ["latest-milestone"], daysLeft: 0, message: /in 6 hours/ },
  },
  {
    name: "missed after the freeze, with how to file an exception",
    files: { [`${kepDir}/kep.yaml`]: kepYaml({ "latest-milestone": '"v1.36"', milestone: '\n  alpha: "v1.36"\n  beta: "v1.37"' }) },
    now: "2026-06-13T00:00:00Z",
    expected: { verdict: "missed", missing: ["latest-milestone"], message: /^Missed the enhancements freeze for v1\.37 \(2026-06-12 00:00 UTC\)/, exception: /file an exception request with the release team .*release-1\.37\/exceptions\.yaml.*Reason this enhancement is critical/ },
  },
  {
    name: "ready stays ready after the freeze",
    now: "2026-07-01T00:00:00Z",
    expected: { verdict: "ready", missing: [] },
  },
  {
    name: "stage label missing: judged at kep.yaml's stage, and said",
    issue: { labels: ["lead-opted-in", "sig/node"] },
    expected: { verdict: "at-risk", missing: ["stage-label"], stage: "beta", stageSource: "kep", notes: /no stage\/\* label: judged at kep\.yaml's stage, beta/ },
  },
  {
    name: "stage label disagrees with kep.yaml",
    issue: { labels: ["lead-opted-in", "sig/node", "stage/stable"] },
    expected: { verdict: "at-risk", missing: ["stage-label", "stage-milestone", "prr-approver", "graduation-criteria"], stage: "stable", stageSource: "label" },
  },
  {
    name: "SIG label does not match owning-sig",
    issue: { labels: ["lead-opted-in", "sig/apps", "stage/beta"] },
    expected: { verdict: "at-risk", missing: ["sig-label"], message: /1 criterion missing/ },
  },
  {
    name: "milestone mismatch: milestone.beta is not the issue's milestone",
    files: { [`${kepDir}/kep.yaml`]: kepYaml({ "latest-milestone": '"v1.37"', milestone: '\n  alpha: "v1.35"\n  beta: "v1.36"' }) },
    expected: { verdict: "at-risk", missing: ["stage-milestone"] },
  },
  {
    name: "PRR approver missing for the stage",
    files: { [prrPath]: 'kep-number: 4242\nalpha:\n  approver: "@johnbelamaric"\n' },
    expected: { verdict: "at-risk", missing: ["prr-approver"], prr: { state: "needs-approver" } },
  },
  {
    name: "no KEP merged for the issue",
    issue: { number: 7001, title: "Not merged yet" },
    expected: { verdict: "at-risk", missing: ["kep-merged"], prr: { state: "no-file" } },
  },
  {
    name: "receipt state shown beside the verdict",
    files: { "releases/v1.37/OWNERS": "approvers:\n  - enh-lead\n", "releases/v1.37/accepted/4242.yaml": "title: Sidecar restarts\n" },
    expected: { verdict: "ready", missing: [], receipt: { state: "accepted", path: "releases/v1.37/accepted/4242.yaml" } },
  },
  {
    name: "missed with receipts: the exception is a receipt move",
    files: {
      "releases/v1.37/OWNERS": "approvers:\n  - enh-lead\n",
      "releases/v1.37/at-risk/4242.yaml": "title: Sidecar restarts\n",
      [`${kepDir}/kep.yaml`]: kepYaml({ "latest-milestone": '"v1.37"', milestone: '\n  alpha: "v1.36"\n  beta: "v1.37"', status: "provisional" }),
    },
    now: "2026-06-20T00:00:00Z",
    expected: { verdict: "missed", missing: ["status"], receipt: { state: "at-risk", path: "releases/v1.37/at-risk/4242.yaml" }, exception: /`kepbot exception request 4242 --release v1\.37`/ },
  },
  {
    name: "test plan left as the template's comment",
    files: { [`${kepDir}/README.md`]: `# KEP-4242: Sidecar restarts\n\n### Feature Enablement and Rollback\n\n### Rollout, Upgrade and Rollback Planning\n\n### Monitoring Requirements\n\n### Dependencies\n\n### Scalability\n\n### Troubleshooting\n\n### Test Plan\n\n<!--\nDescribe the tests.\n-->\n\n[ ] I/we understand the owners of the involved components may require updates to\n\n### Graduation Criteria\n\n#### Alpha\n\n- done\n` },
    expected: { verdict: "at-risk", missing: ["test-plan", "graduation-criteria"] },
  },
];

describe("trackRelease judges each issue tracked for the release", () => {
  test.each(cases)("$name", async ({ files, issue, now, expected }) => {
    const board = await track({ ...readyRepo(), ...files }, [issue4242(issue)], now);
    expect(board.entries).toHaveLength(1);
    const [entry] = board.entries;
    expect(entry?.verdict.kind).toBe(expected.verdict);
    expect(missingIds(entry)).toEqual(expected.missing);
    if (expected.daysLeft !== undefined) expect(entry?.verdict.daysLeft).toBe(expected.daysLeft);
    if (expected.message) expect(entry?.verdict.message).toMatch(expected.message);
    if (expected.exception) expect(entry?.verdict.exception).toMatch(expected.exception);
    else expect(entry?.verdict.exception).toBeUndefined();
    if (expected.stage) expect(entry?.stage).toBe(expected.stage);
    if (expected.stageSource) expect(entry?.stageSource).toBe(expected.stageSource);
    if (expected.notes) expect(entry?.notes.join("\n")).toMatch(expected.notes);
    expect(entry?.receipt).toEqual(expected.receipt);
    if (expected.prr) expect(entry?.prr).toMatchObject(expected.prr);
  });

  test("every unmet criterion names a file and a line to link to", async () => {
    const board = await track({ ...readyRepo(), [prrPath]: "kep-number: 4242\n" }, [issue4242({ labels: ["lead-opted-in", "sig/apps", "stage/beta"] })]);
    for (const criterion of board.entries[0]?.criteria ?? []) {
      expect(criterion.path).toMatch(/^keps\//);
      expect(criterion.line).toBeGreaterThanOrEqual(1);
    }
    expect(board.entries[0]?.criteria.find((criterion) => criterion.id === "sig-label")).toMatchObject({ met: false, path: `${kepDir}/kep.yaml`, line: 5, message: "the issue is labelled sig/apps, but kep.yaml's owning-sig is sig-node: label it sig/node" });
  });

  test.each([
    { name: "no lead-opted-in label", issue: { labels: ["sig/node", "stage/beta"] } },
    { name: "another milestone", issue: { milestone: "v1.36" } },
    { name: "no milestone", issue: { milestone: undefined } },
  ])("an issue with $name is not tracked", async ({ issue }) => {
    const { milestone: _milestone, ...rest } = issue4242();
    const board = await track(readyRepo(), [{ ...rest, ...issue } as EnhancementIssue]);
    expect(board.entries).toEqual([]);
  });

  test("the KEP is found by kep-number when its directory has another number", async () => {
    const files = { ...readyRepo() };
    for (const name of ["kep.yaml", "README.md"]) {
      files[`keps/sig-node/9-renamed/${name}`] = files[`${kepDir}/${name}`] ?? "";
      delete files[`${kepDir}/${name}`];
    }
    const board = await track(files, [issue4242()]);
    expect(board.entries[0]?.kep?.dir).toBe("keps/sig-node/9-renamed");
    expect(board.entries[0]?.verdict.kind).toBe("ready");
  });

  test("stage/deprecation means kep.yaml's stage deprecated", async () => {
    const files = { ...readyRepo(), [`${kepDir}/kep.yaml`]: kepYaml({ stage: "deprecated", "latest-milestone": '"v1.37"', milestone: '\n  deprecated: "v1.37"' }), [prrPath]: 'kep-number: 4242\ndeprecated:\n  approver: "@wojtek-t"\n' };
    const board = await track(files, [issue4242({ labels: ["lead-opted-in", "sig/node", "stage/deprecation"] })]);
    expect(board.entries[0]).toMatchObject({ stage: "deprecated", verdict: { kind: "ready" } });
  });

  test("without a calendar the verdict says so", async () => {
    const board = await track(readyRepo(), [issue4242({ labels: ["lead-opted-in", "sig/apps", "stage/beta"] })], undefined, { ...trackingConfig, releases: {} });
    expect(board.entries[0]?.verdict.message).toMatch(/has no enhancements freeze for v1\.37/);
  });

  test("the releases kepbot tracks: current-release and every release with a calendar", () => {
    const config = { ...defaultConfig, currentRelease: "v1.38", releases: { "v1.37": {}, "v1.9": {} } };
    expect(trackableReleases(config)).toEqual(["v1.9", "v1.37", "v1.38"]);
    expect(trackedReleaseOf(issue4242(), config)).toBe("v1.37");
    expect(trackedReleaseOf(issue4242({ milestone: "v1.40" }), config)).toBeUndefined();
  });
});
