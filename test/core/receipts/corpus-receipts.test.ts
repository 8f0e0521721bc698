import { beforeAll, describe, expect, test } from "@jest/globals";
import semver from "semver";
import { defaultConfig } from "../../../src/core/config.js";
import { checkRepository } from "../../../src/core/evaluate.js";
import type { Finding } from "../../../src/core/finding.js";
import { textAt } from "../../../src/core/parse/yaml-tree.js";
import { loadRepository } from "../../../src/core/repo/load.js";
import { OverlaySnapshot } from "../../../src/core/snapshot.js";
import { DiskSnapshot } from "../../../src/io/disk-snapshot.js";
import { corpusDir } from "../../helpers/corpus.js";

interface Candidate {
  number: string;
  title: string;
  sig: string;
  stage: string;
  dir: string;
  kepPath: string;
}

const corpus = new DiskSnapshot(corpusDir);
let newest = "";
let ready: Candidate[] = [];

/** A receipt for the KEP, as `kepbot promote` writes it. */
function receiptFor(kep: Candidate): string {
  return `title: ${JSON.stringify(kep.title)}\nkep-number: ${kep.number}\nowning-sig: ${kep.sig}\npath: ${kep.dir.replace(/^keps\//, "")}\ntracking-status: proposed\nstage: ${kep.stage}\n`;
}

async function judge(receipts: Record<string, string>): Promise<readonly Finding[]> {
  const files = { [`releases/${newest}/OWNERS`]: "approvers:\n  - enh-lead\n", ...receipts };
  const report = await checkRepository({
    head: new OverlaySnapshot(corpus, files),
    base: corpus,
    change: { files: Object.keys(receipts).map((path) => ({ path, status: "added" as const })) },
    config: { ...defaultConfig, profile: "strict" },
  });
  return report.findings.filter((finding) => finding.rule.startsWith("receipt/"));
}

beforeAll(async () => {
  const model = await loadRepository({ head: corpus, config: defaultConfig });
  const keps = model.keps.filter((kep) => kep.tree && !kep.template);
  // The newest release the snapshot tracks in earnest: the highest latest-milestone that at least 10 KEPs name
  // (the next one has barely begun at the snapshot's date).
  const counts = new Map<string, number>();
  for (const kep of keps) {
    const latest = textAt(kep.tree, "latest-milestone");
    if (/^v[0-9]+\.[0-9]+$/.test(latest)) counts.set(latest, (counts.get(latest) ?? 0) + 1);
  }
  newest = [...counts].filter(([, count]) => count >= 10).map(([release]) => release).sort((a, b) => semver.compare(`${a.slice(1)}.0`, `${b.slice(1)}.0`)).at(-1) ?? "";
  // Ready as PRODUCT.md §4 defines it: implementable, and targeting its current stage in the newest release.
  ready = keps
    .filter((kep) => {
      const stage = textAt(kep.tree, "stage");
      const milestone = kep.tree?.kind === "map" ? kep.tree.entries.find((entry) => entry.key === "milestone")?.value : undefined;
      const status = textAt(kep.tree, "status");
      const tracked = status === "implementable" || (status === "implemented" && stage === "stable");
      return tracked && textAt(kep.tree, "latest-milestone") === newest && textAt(milestone, stage) === newest;
    })
    .map((kep) => ({ number: textAt(kep.tree, "kep-number"), title: textAt(kep.tree, "title"), sig: textAt(kep.tree, "owning-sig"), stage: textAt(kep.tree, "stage"), dir: kep.dir, kepPath: kep.path }));
}, 60_000);

describe("receipts built from real KEPs of the corpus", () => {
  test("the newest release and its ready KEPs are found", () => {
    expect(newest).toMatch(/^v1\.3[0-9]$/);
    expect(ready.length).toBeGreaterThan(20);
  });

  test("receipts for KEPs that target their stage in the newest release pass, except where the KEP itself is incomplete", async () => {
    const receipts = Object.fromEntries(ready.map((kep) => [`releases/${newest}/proposed/${kep.number}.yaml`, receiptFor(kep)]));
    const findings = await judge(receipts);
    // Every finding is a real gap in a KEP (a kep.yaml field or README section its stage requires), on that KEP's line.
    for (const finding of findings) {
      expect(finding.rule).toBe("receipt/kep-ready");
      expect(finding.message).toMatch(/^(metrics is required from beta|disable-supported is required from alpha|feature-gates is required at alpha|the PRR questionnaire lacks)/);
      expect(finding.line).toBeGreaterThanOrEqual(1);
    }
    const incomplete = new Set(findings.map((finding) => /proposed\/([0-9]+)\.yaml/.exec(finding.message)?.[1]));
    // An explicit empty answer (metrics: [], feature-gates: []) answers; 5 of the KEPs once counted here write one.
    expect({ receipts: ready.length, incompleteKeps: incomplete.size, findings: findings.length }).toEqual({ receipts: 68, incompleteKeps: 7, findings: 8 });
  }, 60_000);

  test("a receipt whose KEP lacks the stage's PRR approver fails, on the PRR file's line", async () => {
    const kep = ready.find((candidate) => candidate.stage === "beta");
    if (!kep) throw new Error("no beta KEP in the newest release");
    const alphaOnly = { ...kep, stage: "stable" };
    const findings = await judge({ [`releases/${newest}/proposed/${kep.number}.yaml`]: receiptFor(alphaOnly) });
    expect(findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ rule: "receipt/kep-ready", path: `keps/prod-readiness/${kep.sig}/${kep.number}.yaml`, line: 1, message: expect.stringMatching(/no PRR approver for stable/) }),
        expect.objectContaining({ rule: "receipt/kep-mismatch", message: `stage is stable, but ${kep.kepPath} says beta` }),
      ]),
    );
  }, 60_000);
});
