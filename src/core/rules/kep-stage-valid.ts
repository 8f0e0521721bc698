import { didYouMean } from "../did-you-mean.js";
import { field, lineOf } from "../repo/kep-fields.js";
import { stages } from "../schemas/kep.schema.js";
import { processKeps, quoteList } from "./helpers.js";
import type { Rule } from "./rule.js";

const valid: ReadonlySet<string> = new Set(stages);

export const kepStageValid: Rule = {
  id: "kep/stage-valid",
  summary: "stage, when set, is one of alpha, beta, stable, deprecated, disabled, removed.",
  upstream: false,
  severity: "error",
  *check(repo) {
    for (const kep of processKeps(repo)) {
      const stage = field(kep, "stage");
      if (stage && !valid.has(stage)) {
        yield { path: kep.path, line: lineOf(kep, "stage"), message: `invalid stage: ${stage}, should be one of ${quoteList(stages)}${didYouMean(stage, stages)}` };
      }
    }
  },
};
