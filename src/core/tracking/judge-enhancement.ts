import { field, lineOf, prrPathOf } from "../repo/kep-fields.js";
import type { Kep, RepoModel } from "../repo/model.js";
import { approverFor } from "../prr-state.js";
import { stageReadiness, type Criterion } from "../stage-readiness.js";
import { groupLabelFor, groupLabels, stagesOfLabels, type EnhancementIssue } from "./enhancement-issue.js";
import type { TrackedPrr } from "./tracked-enhancement.js";

/** The label that names a stage on an issue (`deprecated` → `stage/deprecation`). */
export function stageLabelFor(stage: string): string {
  return stage === "deprecated" ? "stage/deprecation" : `stage/${stage}`;
}

export interface IssueJudgement {
  readonly stage?: string;
  readonly stageSource: "label" | "kep" | "none";
  readonly criteria: readonly Criterion[];
  readonly notes: readonly string[];
  readonly prr: TrackedPrr;
}

/** The stage to judge at: the issue's `stage/*` label, else kep.yaml's stage (said in a note and a criterion). */
function stageOf(issue: EnhancementIssue, kep: Kep | undefined): { stage?: string; source: "label" | "kep" | "none"; criterion: Criterion; note?: string } {
  const labelled = stagesOfLabels(issue.labels);
  const kepStage = kep ? field(kep, "stage") : "";
  const path = kep?.path ?? "";
  const line = kep ? lineOf(kep, "stage") : 1;
  const [only] = labelled;
  if (labelled.length === 1 && only !== undefined) {
    const agrees = !kep || kepStage === only;
    return {
      stage: only,
      source: "label",
      criterion: agrees
        ? { id: "stage-label", met: true, message: `the issue's ${stageLabelFor(only)} matches kep.yaml's stage`, path, line }
        : { id: "stage-label", met: false, message: `the issue is labelled ${stageLabelFor(only)}, but kep.yaml says stage: ${kepStage || "(none)"}`, path, line, suggestion: `stage: ${only}` },
    };
  }
  if (labelled.length > 1) {
    const stage = labelled.includes(kepStage) ? kepStage : labelled[0];
    return {
      ...(stage ? { stage } : {}),
      source: "label",
      criterion: { id: "stage-label", met: false, message: `the issue has several stage labels (${labelled.map(stageLabelFor).join(", ")}); keep the one for this release`, path, line },
      note: `Judged at ${stage ?? "no stage"}, one of the issue's several stage labels.`,
    };
  }
  if (kepStage) {
    return {
      stage: kepStage,
      source: "kep",
      criterion: { id: "stage-label", met: false, message: `the issue has no stage/* label; label it ${stageLabelFor(kepStage)} if ${kepStage} is the stage for this release`, path, line },
      note: `The issue has no stage/* label: judged at kep.yaml's stage, ${kepStage}.`,
    };
  }
  return { source: "none", criterion: { id: "stage-label", met: false, message: "neither a stage/* label on the issue nor kep.yaml's stage says which stage to judge", path, line } };
}

function sigCriterion(issue: EnhancementIssue, kep: Kep): Criterion {
  const owningSig = field(kep, "owning-sig");
  const expected = groupLabelFor(owningSig);
  const labels = groupLabels(issue.labels);
  const line = lineOf(kep, "owning-sig");
  return labels.includes(expected)
    ? { id: "sig-label", met: true, message: `the issue's ${expected} matches kep.yaml's owning-sig`, path: kep.path, line }
    : { id: "sig-label", met: false, message: `the issue is labelled ${labels.length > 0 ? labels.join(", ") : "with no sig/* label"}, but kep.yaml's owning-sig is ${owningSig || "(none)"}: label it ${expected}`, path: kep.path, line };
}

function prrOf(kep: Kep | undefined, stage: string | undefined, model: RepoModel): TrackedPrr {
  const path = kep ? prrPathOf(kep) : undefined;
  const prr = path ? model.prrFile(path) : undefined;
  if (!path || !prr) return { state: "no-file", ...(path ? { path } : {}) };
  const approver = stage ? approverFor(prr, stage) : undefined;
  return approver ? { state: "approved", approver: approver.handle, path, line: approver.line } : { state: "needs-approver", path };
}

/**
 * Judges an issue's KEP for `release`: the KEP is merged on the default branch, the issue's labels agree
 * with kep.yaml (stage, owning SIG), and the KEP meets the stage's readiness criteria for the release
 * (milestones, status, PRR approver, README). The issue's milestone is the release, so the milestone
 * checks are the milestone consistency checks.
 */
export function judgeIssue(issue: EnhancementIssue, kep: Kep | undefined, release: string, model: RepoModel, revision: string): IssueJudgement {
  const { stage, source, criterion, note } = stageOf(issue, kep);
  const notes = note ? [note] : [];
  if (!kep) {
    return {
      ...(stage ? { stage } : {}),
      stageSource: source,
      criteria: [{ id: "kep-merged", met: false, message: `no KEP with kep-number ${issue.number} is merged (default branch at ${revision}); merge the KEP with status: implementable`, path: "keps", line: 1 }],
      notes,
      prr: { state: "no-file" },
    };
  }
  const criteria: Criterion[] = [{ id: "kep-merged", met: true, message: `KEP-${issue.number} is merged: ${kep.dir}`, path: kep.path, line: lineOf(kep, "kep-number") }, criterion, sigCriterion(issue, kep)];
  if (stage) criteria.push(...stageReadiness(kep, { release, stage, where: `for ${release}`, holder: "a KEP tracked", asker: `issue #${issue.number}` }, model));
  return { ...(stage ? { stage } : {}), stageSource: source, criteria, notes, prr: prrOf(kep, stage, model) };
}
