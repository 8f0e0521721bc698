import { changeOnBase, markPreexisting, pathMapping } from "./baseline.js";
import { BudgetExceeded, unlimitedBudget, type WorkBudget } from "./budget.js";
import type { Config } from "./config.js";
import { compareFindings, type Finding, type Severity } from "./finding.js";
import { loadRepository, type LoadInput } from "./repo/load.js";
import { field } from "./repo/kep-fields.js";
import type { RepoModel } from "./repo/model.js";
import { prrStateOf, type PrrState } from "./prr-state.js";
import { summarize, type Report } from "./report.js";
import { allRules } from "./rules/index.js";
import type { Rule } from "./rules/rule.js";
import type { Profile } from "./schemas/config.schema.js";

/** The severity a rule's finding gets under a profile and the config's overrides, or undefined when the rule is off. */
export function severityOf(rule: Rule, config: Config): Severity | undefined {
  const override = config.rules[rule.id];
  const chosen = override !== undefined ? override : profileSeverity(rule, config.profile);
  return chosen === "off" ? undefined : chosen;
}

function profileSeverity(rule: Rule, profile: Profile): Severity | undefined {
  switch (profile) {
    case "upstream":
      return rule.upstream ? "error" : undefined;
    case "strict":
      return "error";
    case "default":
      return rule.upstream ? "error" : rule.severity;
  }
}

/**
 * Runs rules over a loaded model, each charged to the budget. A rule that throws becomes one error
 * finding and the others still run; a spent budget stops them all (BudgetExceeded).
 */
export function runRules(model: RepoModel, rules: readonly Rule[] = allRules, budget: WorkBudget = unlimitedBudget): Finding[] {
  const findings: Finding[] = [];
  for (const rule of rules) {
    const severity = severityOf(rule, model.config);
    if (severity === undefined) continue;
    try {
      budget.spend(() => {
        for (const draft of rule.check(model)) findings.push({ rule: rule.id, severity, ...draft });
      });
    } catch (error) {
      if (error instanceof BudgetExceeded) throw error;
      findings.push({ rule: rule.id, severity: "error", path: "keps", message: `kepbot's rule ${rule.id} failed: ${error instanceof Error ? error.message : String(error)}` });
    }
  }
  return findings;
}

export const preexistingNote = "(already present before this pull request)";

/**
 * What an old finding becomes: it says so, and in the `default` profile it informs instead of
 * blocking (a pull request is blocked only by what it introduces). `strict` and `upstream` keep it.
 */
function asPreexisting(finding: Finding, profile: Profile): Finding {
  const severity = profile === "default" && finding.severity === "error" ? "warning" : finding.severity;
  return { ...finding, severity, message: `${finding.message} ${preexistingNote}` };
}

/** Runs the rules and sorts the findings into a report; on a whole tree there is no base to compare with. */
export function evaluate(model: RepoModel, rules: readonly Rule[] = allRules, budget: WorkBudget = unlimitedBudget): Report {
  const findings = runRules(model, rules, budget).sort(compareFindings);
  return { findings, summary: summarize(findings, filesRead(model)) };
}

/**
 * Judges a change: the rules run on the head and, for the content the change touches, on the base
 * too; a finding the base already had is marked old. Lists and config come from the base either way.
 */
async function judge(input: LoadInput, model: RepoModel, rules: readonly Rule[]): Promise<Report> {
  if (!input.change || !input.base) return evaluate(model, rules, input.budget);
  const findings = runRules(model, rules, input.budget);
  const { pullRequest: _pullRequest, ...rest } = input;
  const before = await loadRepository({ ...rest, head: input.base, change: changeOnBase(input.change) });
  const contentRules = rules.filter((rule) => rule.judges !== "change");
  const marked = markPreexisting(findings, runRules(before, contentRules, input.budget), pathMapping(input.change, before, model))
    .map((finding) => (finding.preexisting ? asPreexisting(finding, model.config.profile) : finding))
    .sort(compareFindings);
  return { findings: marked, summary: summarize(marked, filesRead(model), true) };
}

function filesRead(model: RepoModel): number {
  const paths = new Set<string>();
  for (const kep of model.keps) {
    paths.add(kep.path);
    if (kep.readme) paths.add(kep.readme.path);
    if (kep.owners) paths.add(kep.owners.path);
  }
  for (const file of model.spellingFiles) paths.add(file.path);
  for (const prr of model.prrFiles) paths.add(prr.path);
  for (const file of model.markdown) paths.add(file.path);
  return paths.size;
}

/** Loads what the rules need from the snapshots and judges it: the core's one entry point. */
export async function checkRepository(input: LoadInput, rules: readonly Rule[] = allRules): Promise<Report> {
  return (await analyzeRepository(input, rules)).report;
}

/** A KEP under judgement, as the pull-request side of kepbot (labels, review requests) needs it. */
export interface JudgedKep {
  readonly dir: string;
  readonly owningSig: string;
  readonly title: string;
  readonly prr: PrrState;
}

export interface Analysis {
  readonly report: Report;
  readonly keps: readonly JudgedKep[];
}

/** The report plus what the app needs to keep labels and review requests in line with the change. */
export async function analyzeRepository(input: LoadInput, rules: readonly Rule[] = allRules): Promise<Analysis> {
  const model = await loadRepository(input);
  const keps = model.keps
    .filter((kep) => kep.tree !== undefined && !kep.template)
    .map((kep) => ({ dir: kep.dir, owningSig: field(kep, "owning-sig"), title: field(kep, "title"), prr: prrStateOf(kep, model) }));
  return { report: await judge(input, model, rules), keps };
}
