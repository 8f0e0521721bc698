import { entryOf, textAt } from "../parse/yaml-tree.js";
import { field, lineOf, unansweredPrrFields } from "../repo/kep-fields.js";
import type { Kep, ReceiptFile, RepoModel } from "../repo/model.js";
import { stageReadiness, unansweredFieldMessage } from "../stage-readiness.js";
import { releaseVersion } from "../receipts/paths.js";
import type { Rule, RuleDraft } from "./rule.js";

/**
 * A receipt of a release the KEP has moved past (its latest-milestone is later): a record of history,
 * which the KEP's current stage and milestones no longer describe.
 */
function historical(receipt: ReceiptFile, kep: Kep): boolean {
  const latest = releaseVersion(field(kep, "latest-milestone"));
  const release = releaseVersion(receipt.release);
  return latest !== undefined && release !== undefined && (latest[0] > release[0] || (latest[0] === release[0] && latest[1] > release[1]));
}

/** The KEP a receipt tracks, among the KEPs read (a rule concluding "none" checks allKepsLoaded first). */
function kepOf(receipt: ReceiptFile, repo: RepoModel): Kep | undefined {
  return repo.kepsNumbered(receipt.number)[0];
}

function receiptLine(receipt: ReceiptFile, key: string): number {
  return entryOf(receipt.tree, key)?.keyPos.line ?? 1;
}

export const receiptKepMissing: Rule = {
  id: "receipt/kep-missing",
  summary: "A receipt's kep-number belongs to a KEP in this repository.",
  upstream: false,
  severity: "error",
  *check(repo) {
    for (const receipt of repo.receipts) {
      if (kepOf(receipt, repo) || !repo.allKepsLoaded) continue;
      yield { path: receipt.path, line: receiptLine(receipt, "kep-number"), message: `no KEP has kep-number ${receipt.number}` };
    }
  },
};

export const receiptKepMismatch: Rule = {
  id: "receipt/kep-mismatch",
  summary: "A receipt's owning-sig, stage and path agree with its KEP.",
  upstream: false,
  severity: "error",
  *check(repo) {
    for (const receipt of repo.receipts) {
      const kep = kepOf(receipt, repo);
      if (!kep || !receipt.tree) continue;
      const expected: [string, string][] = [["owning-sig", field(kep, "owning-sig")], ...(historical(receipt, kep) ? [] : [["stage", field(kep, "stage")] as [string, string]])];
      if (entryOf(receipt.tree, "path")) expected.push(["path", kep.dir.replace(/^keps\//, "")]);
      for (const [key, value] of expected) {
        const actual = textAt(receipt.tree, key);
        if (actual && actual !== value) {
          yield { path: receipt.path, line: receiptLine(receipt, key), message: `${key} is ${actual}, but ${kep.path} says ${value || "nothing"}`, suggestion: `${key}: ${value}` };
        }
      }
    }
  },
};

export const receiptTitle: Rule = {
  id: "receipt/title",
  summary: "A receipt's title matches its KEP's title.",
  upstream: false,
  severity: "warning",
  *check(repo) {
    for (const receipt of repo.receipts) {
      const kep = kepOf(receipt, repo);
      const title = textAt(receipt.tree, "title");
      if (!kep || !title || title === field(kep, "title")) continue;
      yield { path: receipt.path, line: receiptLine(receipt, "title"), message: `title differs from ${kep.path}: "${field(kep, "title")}"` };
    }
  },
};

/**
 * For a receipt that is not `removed`, the KEP must be ready for the stage it targets in this release
 * (PRODUCT.md §4): milestones, status, PRR approver, README questionnaire and the stage's kep.yaml fields.
 */
export const receiptKepReady: Rule = {
  id: "receipt/kep-ready",
  summary: "A receipt's KEP is ready for the receipt's stage in that release (milestones, status, PRR approver, README, feature gates, metrics).",
  upstream: false,
  severity: "error",
  *check(repo) {
    for (const receipt of repo.receipts) {
      const kep = kepOf(receipt, repo);
      const stage = textAt(receipt.tree, "stage");
      if (!kep?.tree || receipt.state === "removed" || !stage || historical(receipt, kep)) continue;
      yield* readiness(kep, stage, receipt, repo);
    }
  },
};

/** The criteria a receipt holds its KEP to (PRODUCT.md §4); release tracking adds the README's test plan and graduation criteria. */
const receiptCriteria: ReadonlySet<string> = new Set(["latest-milestone", "stage-milestone", "status", "prr-approver", "prr-questionnaire"]);

function* readiness(kep: Kep, stage: string, receipt: ReceiptFile, repo: RepoModel): Iterable<RuleDraft> {
  const where = `for ${receipt.release} (${receipt.path})`;
  const ask = { release: receipt.release, stage, where, holder: "a KEP with a receipt", asker: "the receipt" };
  for (const criterion of stageReadiness(kep, ask, repo)) {
    // An unreadable or absent README is other rules' finding.
    if (criterion.met || !receiptCriteria.has(criterion.id) || (criterion.id === "prr-questionnaire" && kep.readme?.text === undefined)) continue;
    yield { path: criterion.path, line: criterion.id === "prr-questionnaire" ? 1 : criterion.line, message: criterion.message, ...(criterion.suggestion ? { suggestion: criterion.suggestion } : {}) };
  }
  for (const missing of unansweredPrrFields(kep, stage)) {
    yield { path: kep.path, line: lineOf(kep, "stage"), message: unansweredFieldMessage(missing, where) };
  }
}
