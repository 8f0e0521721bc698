import { field, lineOf, unansweredPrrFields } from "../repo/kep-fields.js";
import type { Kep, RepoModel } from "../repo/model.js";
import { processKeps, requiresPrr } from "./helpers.js";
import type { Rule } from "./rule.js";

/** Active KEPs under PRR: the PRR answers in kep.yaml are due for the stage they target now. */
function activeKeps(repo: RepoModel): readonly Kep[] {
  return processKeps(repo).filter((kep) => field(kep, "status") === "implementable" && requiresPrr(kep, repo));
}

const messages = {
  "disable-supported": "disable-supported is required from alpha: say whether the feature can be disabled once enabled (disable-supported: true|false)",
  "feature-gates": "feature-gates is required at alpha: list each feature gate with the components that read it (feature-gates: [] when there is none)",
} as const;

export const kepAlphaPrrFields: Rule = {
  id: "kep/alpha-prr-fields",
  summary: "An implementable KEP at alpha or later answers feature-gates (at alpha) and disable-supported, as the PRR template asks; an explicit empty answer (`feature-gates: []`) is an answer.",
  upstream: false,
  severity: "error",
  *check(repo) {
    for (const kep of activeKeps(repo)) {
      for (const missing of unansweredPrrFields(kep, field(kep, "stage"))) {
        if (missing !== "metrics") yield { path: kep.path, line: lineOf(kep, "stage"), message: messages[missing] };
      }
    }
  },
};

export const kepBetaMetrics: Rule = {
  id: "kep/beta-metrics",
  summary: "An implementable KEP at beta or stable answers metrics (the metrics operators use to judge its health); an explicit empty answer (`metrics: []`) is an answer.",
  upstream: false,
  severity: "error",
  *check(repo) {
    for (const kep of activeKeps(repo)) {
      if (unansweredPrrFields(kep, field(kep, "stage")).includes("metrics")) {
        yield { path: kep.path, line: lineOf(kep, "stage"), message: "metrics is required from beta: list the metrics that show the feature's health, or metrics: [] when there are none" };
      }
    }
  },
};
