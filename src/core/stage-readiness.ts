import { sectionOf, withoutComments, writtenText } from "./markdown/sections.js";
import { approverFor } from "./prr-state.js";
import { field, lineOf, prrPathOf, stageMilestone, unansweredPrrFields, type PrrField } from "./repo/kep-fields.js";
import type { Kep, RepoModel } from "./repo/model.js";
import { missingSections } from "./rules/readme-prr-questionnaire.js";

/** What a KEP must satisfy to enter a release at a stage (the enhancements-freeze criteria, PRODUCT.md §4 and §6). */
export type ReadinessId = "status" | "latest-milestone" | "stage-milestone" | "prr-approver" | "prr-questionnaire" | "prr-fields" | "test-plan" | "graduation-criteria";

/** One criterion, met or not, with the file and line that decide it. */
export interface Criterion {
  readonly id: string;
  readonly met: boolean;
  readonly message: string;
  readonly path: string;
  readonly line: number;
  readonly suggestion?: string;
}

/** Who asks for the KEP to be ready, for the messages: a receipt, or an enhancement issue. */
export interface ReadinessAsk {
  readonly release: string;
  readonly stage: string;
  /** `for v1.37 (releases/v1.37/proposed/42.yaml)` */
  readonly where: string;
  /** `a KEP with a receipt`, `a KEP tracked` */
  readonly holder: string;
  /** `the receipt`, `issue #42` */
  readonly asker: string;
}

const requiredField = { "feature-gates": "at alpha", "disable-supported": "from alpha", metrics: "from beta" } as const;

/** The message for a kep.yaml question the PRR template asks at this stage and the KEP leaves unanswered. */
export function unansweredFieldMessage(missing: PrrField, where: string): string {
  return `${missing} is required ${requiredField[missing]} ${where}`;
}

/** Statuses a KEP may have to be tracked at a stage: implementable, or implemented for stable. */
export function readyStatuses(stage: string): readonly string[] {
  return stage === "stable" ? ["implementable", "implemented"] : ["implementable"];
}

/** The words a graduation-criteria section uses for a stage. */
const stageWords: Readonly<Record<string, RegExp>> = { alpha: /\balpha\b/i, beta: /\bbeta\b/i, stable: /\b(GA|stable|general availability)\b/i };

/**
 * Every readiness criterion for the KEP at `ask.stage` in `ask.release`, in a fixed order. The receipt
 * rule reports the unmet ones of the first six; release tracking shows them all.
 */
export function stageReadiness(kep: Kep, ask: ReadinessAsk, repo: Pick<RepoModel, "prrFile">): readonly Criterion[] {
  const { release, stage, where, holder, asker } = ask;
  const criteria: Criterion[] = [];
  const latest = field(kep, "latest-milestone");
  criteria.push(
    latest === release
      ? { id: "latest-milestone", met: true, message: `latest-milestone is ${release}`, path: kep.path, line: lineOf(kep, "latest-milestone") }
      : { id: "latest-milestone", met: false, message: `latest-milestone is ${latest || "missing"}; ${holder} ${where} has latest-milestone ${release}`, path: kep.path, line: lineOf(kep, "latest-milestone"), suggestion: `latest-milestone: "${release}"` },
  );
  const planned = stageMilestone(kep, stage);
  criteria.push({
    id: "stage-milestone",
    met: planned.value === release,
    message: planned.value === release ? `milestone.${stage} is ${release}` : `milestone.${stage} is ${planned.value || "missing"}; ${asker} targets ${stage} in ${release}`,
    path: kep.path,
    line: planned.line,
  });
  const status = field(kep, "status");
  const ready = readyStatuses(stage);
  criteria.push({
    id: "status",
    met: ready.includes(status),
    message: ready.includes(status) ? `status is ${status}` : `status is ${status || "missing"}; a KEP tracked ${where} is ${ready.join(" or ")}`,
    path: kep.path,
    line: lineOf(kep, "status"),
  });
  const prrPath = prrPathOf(kep);
  const prr = prrPath ? repo.prrFile(prrPath) : undefined;
  const approver = approverFor(prr, stage);
  criteria.push(
    approver && prr
      ? { id: "prr-approver", met: true, message: `PRR approver for ${stage}: @${approver.handle}`, path: prr.path, line: approver.line }
      : prr
        ? { id: "prr-approver", met: false, message: `no PRR approver for ${stage}: a KEP tracked ${where} needs a "${stage}:" block with an approver`, path: prr.path, line: 1 }
        : { id: "prr-approver", met: false, message: `${prrPath ?? "the PRR file"} is missing: a KEP tracked ${where} needs a PRR approver for ${stage}`, path: kep.path, line: lineOf(kep, "kep-number") },
  );
  const readmePath = kep.readme?.path ?? `${kep.dir}/README.md`;
  const text = kep.readme?.text;
  if (text === undefined) {
    const message = `${readmePath} is missing or unreadable${kep.readme?.problem ? ` (${kep.readme.problem})` : ""}`;
    for (const id of ["prr-questionnaire", "test-plan", "graduation-criteria"]) criteria.push({ id, met: false, message, path: readmePath, line: 1 });
  } else {
    const missing = missingSections(text, stage);
    criteria.push({
      id: "prr-questionnaire",
      met: missing.length === 0,
      message: missing.length === 0 ? `the README has the PRR questionnaire sections ${stage} requires` : `the PRR questionnaire lacks ${missing.map((s) => `"${s}"`).join(", ")}, required at ${stage} ${where}`,
      path: readmePath,
      line: sectionOf(text, "Production Readiness Review Questionnaire")?.line ?? 1,
    });
  }
  const unanswered = unansweredPrrFields(kep, stage);
  criteria.push({
    id: "prr-fields",
    met: unanswered.length === 0,
    message: unanswered.length === 0 ? `kep.yaml answers the PRR template's questions for ${stage}` : unanswered.map((missing) => unansweredFieldMessage(missing, where)).join("; "),
    path: kep.path,
    line: lineOf(kep, "stage"),
  });
  if (text !== undefined) criteria.push(testPlan(text, readmePath, where), graduationCriteria(text, readmePath, stage, where));
  return criteria;
}

/** The template's boilerplate lines that are not a test plan: the acknowledgement checkbox and the coverage placeholder. */
const testPlanBoilerplate = /^\s*(\[[ xX]?\] I\/we understand|existing tests to make this code solid|to implement this enhancement\.$|- `<package>`: `<date>` - `<test coverage>`)/;

function testPlan(text: string, path: string, where: string): Criterion {
  const section = sectionOf(text, "Test Plan");
  if (!section) return { id: "test-plan", met: false, message: `the README has no "Test Plan" section; a KEP tracked ${where} has one`, path, line: 1 };
  const written = writtenText(section.body)
    .split("\n")
    .filter((line) => !testPlanBoilerplate.test(line));
  return written.length > 0
    ? { id: "test-plan", met: true, message: "the README has a test plan", path, line: section.line }
    : { id: "test-plan", met: false, message: `the README's "Test Plan" section is the template's text only; a KEP tracked ${where} fills it in`, path, line: section.line };
}

function graduationCriteria(text: string, path: string, stage: string, where: string): Criterion {
  const section = sectionOf(text, "Graduation Criteria");
  if (!section) return { id: "graduation-criteria", met: false, message: `the README has no "Graduation Criteria" section; a KEP tracked ${where} has one`, path, line: 1 };
  const words = stageWords[stage];
  const written = writtenText(section.body);
  if (written.trim() === "") return { id: "graduation-criteria", met: false, message: `the README's "Graduation Criteria" section is empty; a KEP tracked ${where} fills it in`, path, line: section.line };
  // Stages are usually sub-headings (#### Beta), which count here.
  if (words && !words.test(withoutComments(section.body))) return { id: "graduation-criteria", met: false, message: `the README's "Graduation Criteria" do not mention ${stage}; a KEP tracked ${where} says what ${stage} requires`, path, line: section.line };
  return { id: "graduation-criteria", met: true, message: words ? `the README's graduation criteria cover ${stage}` : "the README has graduation criteria", path, line: section.line };
}
