import { field, isPresent, lineOf } from "../repo/kep-fields.js";
import type { Kep, RepoModel } from "../repo/model.js";
import { processKeps, requiresPrr } from "./helpers.js";
import type { Rule } from "./rule.js";

/** Active KEPs under PRR: the PRR answers in kep.yaml are due for the stage they target now. */
function activeKeps(repo: RepoModel): readonly Kep[] {
  return processKeps(repo).filter((kep) => field(kep, "status") === "implementable" && requiresPrr(kep, repo));
}

const graduating: ReadonlySet<string> = new Set(["alpha", "beta", "stable"]);

export const kepAlphaPrrFields: Rule = {
  id: "kep/alpha-prr-fields",
  summary: "An implementable KEP at alpha or later lists feature-gates (or says disable-supported) as the PRR template requires at alpha.",
  upstream: false,
  severity: "error",
  *check(repo) {
    for (const kep of activeKeps(repo)) {
      if (!graduating.has(field(kep, "stage"))) continue;
      if (!isPresent(kep, "disable-supported")) {
        yield { path: kep.path, line: lineOf(kep, "stage"), message: "disable-supported is required from alpha: say whether the feature can be disabled once enabled (disable-supported: true|false)" };
      }
      if (field(kep, "stage") === "alpha" && !isPresent(kep, "feature-gates") && field(kep, "disable-supported") !== "false") {
        yield { path: kep.path, line: lineOf(kep, "stage"), message: "feature-gates is required at alpha: list each feature gate with the components that read it" };
      }
    }
  },
};

export const kepBetaMetrics: Rule = {
  id: "kep/beta-metrics",
  summary: "An implementable KEP at beta or stable lists the metrics operators use to judge its health.",
  upstream: false,
  severity: "error",
  *check(repo) {
    for (const kep of activeKeps(repo)) {
      const stage = field(kep, "stage");
      if ((stage === "beta" || stage === "stable") && !isPresent(kep, "metrics")) {
        yield { path: kep.path, line: lineOf(kep, "stage"), message: `metrics is required from beta: list the metrics that show the feature's health (stage is ${stage})` };
      }
    }
  },
};
