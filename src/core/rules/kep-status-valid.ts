import { didYouMean } from "../did-you-mean.js";
import { field, lineOf } from "../repo/kep-fields.js";
import { statuses } from "../schemas/kep.schema.js";
import { processKeps, quoteList } from "./helpers.js";
import type { Rule } from "./rule.js";

const valid: ReadonlySet<string> = new Set(statuses);

export const kepStatusValid: Rule = {
  id: "kep/status-valid",
  summary: "status is one of provisional, implementable, implemented, deferred, rejected, withdrawn, replaced.",
  upstream: false,
  severity: "error",
  *check(repo) {
    for (const kep of processKeps(repo)) {
      const status = field(kep, "status");
      if (status && !valid.has(status)) {
        yield { path: kep.path, line: lineOf(kep, "status"), message: `invalid status: ${status}, should be one of ${quoteList(statuses)}${didYouMean(status, statuses)}` };
      }
    }
  },
};
