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
      // 6 provider-aws, 2392, 986, 995
      "kep/directory-sig": 9,
      // 29 `1.N` + 1 `TBD` latest-milestones, 65 milestone.* values
      "kep/milestone-format": 95,
      // sig-node/2133-kubelet-credential-providers and sig-cloud-provider/2133-out-of-tree-credential-provider
      "kep/number-unique": 2,
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

  test("the invalid calendar dates js-yaml would roll over are reported as written", async () => {
    const dates = (await reportFor("strict")).findings.filter((finding) => finding.rule === "kep/dates").map((finding) => finding.message);
    expect(dates).toEqual(expect.arrayContaining(['creation-date "2025-30-01" is not a date in the form yyyy-mm-dd', 'creation-date "2023-14-05" is not a date in the form yyyy-mm-dd']));
  });
});
