import { describe, expect, test } from "@jest/globals";
import { checkRepository } from "../src/core/evaluate.js";
import { defaultConfig } from "../src/core/config.js";
import type { Report } from "../src/core/report.js";
import type { Profile } from "../src/core/schemas/config.schema.js";
import { DiskSnapshot } from "../src/io/disk-snapshot.js";
import { corpusDir } from "./helpers/corpus.js";

const reports = new Map<Profile, Promise<Report>>();
function reportFor(profile: Profile): Promise<Report> {
  let report = reports.get(profile);
  if (!report) {
    report = checkRepository({ head: new DiskSnapshot(corpusDir), config: { ...defaultConfig, profile } });
    reports.set(profile, report);
  }
  return report;
}

function countByRule(report: Report): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const finding of report.findings) counts[finding.rule] = (counts[finding.rule] ?? 0) + 1;
  return counts;
}

describe("the real kubernetes/enhancements snapshot", () => {
  test("--profile upstream reports zero errors, as upstream CI does on that commit", async () => {
    const report = await reportFor("upstream");
    expect(report.findings.filter((finding) => finding.severity === "error")).toEqual([]);
    expect(report.summary.files).toBeGreaterThan(1700);
  });

  test("--profile strict finds the real defects RULES.md §8 counts", async () => {
    expect(countByRule(await reportFor("strict"))).toEqual({
      // RULES.md §8: 5 invalid statuses in real KEPs (the template is skipped)
      "kep/status-valid": 5,
      // KEP 5000's `alpha|beta|stable` and `alpha (deprecated)`
      "kep/stage-valid": 2,
      // 5 alpha/beta sig-cli and kubeadm KEPs, and sig-network/4004 implemented+disabled
      "kep/implemented-stable": 6,
      // 17 non-template invalid participating-sigs
      "kep/participating-sigs-known": 17,
      // 2 impossible months, 5 non-dates, 4 last-updated set to a milestone
      "kep/dates": 11,
      // sig-api-machinery/4192→3299, sig-network/752→0752, sig-node/688→277, sig-security/2763→2730
      "prr/number-mismatch": 4,
      // sig-node/2273.yaml
      "prr/orphan": 1,
      // 2232→2322, 5325→5625, 5679→5053, 2053→1967
      "readme/title": 4,
      // 0752-endpointslices, and 2043-… holding kep-number 1884
      "kep/directory-number": 2,
      // sig-cloud-provider/2133-out-of-tree-credential-provider and sig-node/2133-kubelet-credential-providers, each naming the other
      "kep/number-unique": 2,
      // 6 provider-aws, 2392, 986, 995
      "kep/directory-sig": 9,
      // 29 `1.N` + 1 `TBD` latest-milestones, 65 milestone.* values
      "kep/milestone-format": 95,
      // the 10 KEPs whose latest-milestone is behind milestone[stage]
      "kep/latest-milestone-stage": 10,
      // kepbot's own process checks of implementable KEPs under PRR; an explicit empty answer
      // (`metrics: []`, `feature-gates: []`, a null with a comment) answers (33 KEPs write one).
      "kep/alpha-prr-fields": 26,
      "kep/beta-metrics": 31,
      "readme/prr-questionnaire": 8,
    });
  });

  test("--profile default: every process finding is a defect of the tree, reported on its line", async () => {
    const report = await reportFor("default");
    expect(report.findings.every((finding) => finding.line !== undefined && finding.line >= 1)).toBe(true);
    expect(report.findings.filter((finding) => finding.severity === "warning").map((finding) => finding.rule).sort()).toEqual(
      expect.arrayContaining(["kep/directory-sig", "kep/latest-milestone-stage", "kep/milestone-format"]),
    );
  });

  test("the ports of verify-node-approvers.sh and verify-spelling.sh find nothing, as upstream CI did", async () => {
    const counts = countByRule(await reportFor("strict"));
    // Upstream asks kubernetes/sig-release for the upcoming release; without it (kepbot's default) no KEP is actively alpha.
    expect(counts["kep/node-approvers"]).toBeUndefined();
    // misspell's list over all 721 files below keps/ that are not *.yaml (20.7 MB)
    expect(counts["repo/spelling"]).toBeUndefined();
    // upstream judges only the READMEs a pull request changes; a whole tree changes none
    expect(counts["readme/toc-vs-template"]).toBeUndefined();
  });

  test("kep/node-approvers depends on the upcoming release: with v1.37 nothing (upstream CI was green at the snapshot), with v1.36 two alpha KEPs misuse the marker", async () => {
    const nodeFindings = async (currentRelease: string): Promise<string[]> =>
      (await checkRepository({ head: new DiskSnapshot(corpusDir), config: { ...defaultConfig, profile: "upstream", currentRelease } })).findings.map(
        (finding) => `${finding.rule} ${finding.path}: ${finding.message}`,
      );
    expect(await nodeFindings("v1.37")).toEqual([]);
    expect(await nodeFindings("v1.36")).toEqual([
      'kep/node-approvers keps/sig-node/5607-hostnetwork-userns/kep.yaml: assigned approver "haircommander" alpha-stage KEP must not use # sig-node-assigned-approver marker',
      'kep/node-approvers keps/sig-node/5825-cri-pagination/kep.yaml: assigned approver "sergeykanzhelev" alpha-stage KEP must not use # sig-node-assigned-approver marker',
    ]);
  });

  test("readme/toc-vs-template on a change touching every README: 480 KEP READMEs lack template headings", async () => {
    const readmes = (await new DiskSnapshot(corpusDir).listFiles("keps")).filter((file) => file.endsWith("/README.md"));
    const report = await checkRepository({
      head: new DiskSnapshot(corpusDir),
      change: { files: readmes.map((file) => ({ path: file, status: "modified" as const })) },
      config: { ...defaultConfig, profile: "default" },
    });
    const findings = report.findings.filter((finding) => finding.rule === "readme/toc-vs-template");
    expect(findings.every((finding) => finding.severity === "warning")).toBe(true);
    // Mostly KEPs older than parts of today's template (the test plan subsections, newer PRR questions).
    expect({ findings: findings.length, readmes: new Set(findings.map((finding) => finding.path)).size }).toEqual({ findings: 12646, readmes: 480 });
  });

  test("the invalid calendar dates js-yaml would roll over are reported as written", async () => {
    const dates = (await reportFor("strict")).findings.filter((finding) => finding.rule === "kep/dates").map((finding) => finding.message);
    expect(dates).toEqual(expect.arrayContaining(['creation-date "2025-30-01" is not a date in the form yyyy-mm-dd', 'creation-date "2023-14-05" is not a date in the form yyyy-mm-dd']));
  });
});
